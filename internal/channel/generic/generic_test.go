package generic_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/channel/generic"
	"github.com/fnshub/fnshub/internal/order"
)

func decode(b []byte) (channel.Order, error) {
	var o order.Order
	err := json.Unmarshal(b, &o)
	return channel.Order{Order: o, Raw: b}, err
}

func connector(t testing.TB) channel.Connector {
	c, err := generic.New(channel.Config{Shop: "web-1", Secrets: map[string]string{"webhook_secret": "s3cret"}, Decode: decode})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestVerifyWebhook(t *testing.T) {
	c := connector(t)
	body := []byte(`{"external_id":"A-1","shop":"web-1"}`)
	h := http.Header{}
	h.Set(generic.SignatureHeader, generic.Sign([]byte("s3cret"), body))
	m, err := c.VerifyWebhook(h, body)
	if err != nil || m.ExternalID != "A-1" || !strings.HasPrefix(m.ID, "sha256:") || m.Topic != generic.Topic {
		t.Fatalf("a signed body without a delivery id: %+v, %v", m, err)
	}
	h.Set(generic.DeliveryHeader, "d-7")
	if m, err := c.VerifyWebhook(h, body); err != nil || m.ID != "d-7" {
		t.Fatalf("with a delivery id: %+v, %v", m, err)
	}
	h.Set(generic.DeliveryHeader, strings.Repeat("x", generic.MaxDeliveryID+1))
	if _, err := c.VerifyWebhook(h, body); channel.KindOf(err) != channel.Rejected {
		t.Fatalf("a delivery id past the bound: %v", err)
	}
	for name, sig := range map[string]string{"none": "", "not base64": "%%%", "another body's": generic.Sign([]byte("s3cret"), body[1:]),
		"another secret's": generic.Sign([]byte("other"), body)} {
		h := http.Header{}
		h.Set(generic.SignatureHeader, sig)
		if _, err := c.VerifyWebhook(h, body); channel.KindOf(err) != channel.BadSignature {
			t.Errorf("%s signature: %v, want BadSignature", name, err)
		}
	}
	if _, err := generic.New(channel.Config{Shop: "web-2", Decode: decode}); channel.KindOf(err) != channel.Unauthorized {
		t.Fatalf("a shop without a webhook secret: %v", err)
	}
}

// FuzzVerifyWebhook: whatever the headers and body, verification neither
// panics nor passes a body the shop's secret did not sign.
func FuzzVerifyWebhook(f *testing.F) {
	f.Add([]byte(`{"external_id":"A-1"}`), generic.Sign([]byte("s3cret"), []byte(`{"external_id":"A-1"}`)), "d-1")
	f.Add([]byte(`{}`), "", "")
	f.Add([]byte("\x00"), "AAAA", strings.Repeat("é", 100))
	c := connector(f)
	f.Fuzz(func(t *testing.T, body []byte, sig, delivery string) {
		h := http.Header{}
		h.Set(generic.SignatureHeader, sig)
		h.Set(generic.DeliveryHeader, delivery)
		m, err := c.VerifyWebhook(h, body)
		want, _ := base64.StdEncoding.DecodeString(generic.Sign([]byte("s3cret"), body))
		got, _ := base64.StdEncoding.DecodeString(sig)
		if err == nil && !bytes.Equal(got, want) {
			t.Fatalf("verified a body under signature %q", sig)
		}
		if err == nil && m.ID == "" {
			t.Fatal("a verified message without a delivery id")
		}
	})
}
