package shopify

import (
	"testing"

	"github.com/fnshub/fnshub/internal/channel"
)

// The §10 golden vector of the platform notes: the recipe as documented.
func TestSign_goldenVector(t *testing.T) {
	body := []byte(`{"id":820982911946154508,"email":"jon@example.com"}`)
	if got, want := Sign([]byte("hush"), body), "D0UMXmhjwBRi4y66TmhJrDlhQABD7zI2fm3p6/QLMo8="; got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
}

func TestVerifyWebhook(t *testing.T) {
	c := testConnector(t)
	body := readTestdata(t, "rest_order.json")
	good := Sign([]byte(testSecret), body)
	tampered := append([]byte(nil), body...)
	tampered[len(tampered)-3] = ' '
	cases := []struct {
		name   string
		topic  string
		domain string
		sig    string
		body   []byte
		want   channel.Kind
	}{
		{"a signed order is taken", "orders/updated", "lumen-co.myshopify.com", good, body, 0},
		{"the shop domain is compared without case", "orders/paid", "Lumen-Co.myshopify.com", good, body, 0},
		{"a tampered body fails", "orders/updated", "lumen-co.myshopify.com", good, tampered, channel.BadSignature},
		{"another secret's signature fails", "orders/updated", "lumen-co.myshopify.com", Sign([]byte("other"), body), body, channel.BadSignature},
		{"a missing signature fails", "orders/updated", "lumen-co.myshopify.com", "", body, channel.BadSignature},
		{"a signature that is not base64 fails", "orders/updated", "lumen-co.myshopify.com", "%%%", body, channel.BadSignature},
		{"another shop's message is refused", "orders/updated", "other.myshopify.com", good, body, channel.Rejected},
		{"an unknown topic is refused", "products/update", "lumen-co.myshopify.com", good, body, channel.Rejected},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := c.VerifyWebhook(webhookHeader(tc.topic, tc.domain, tc.sig), tc.body)
			if got := channel.KindOf(err); got != tc.want {
				t.Fatalf("kind %v, want %v (%v)", got, tc.want, err)
			}
			if tc.want == 0 && (m.ExternalID != "5678901234567890123" || m.Fetch || m.ID == "" || m.SentAt.IsZero()) {
				t.Errorf("envelope %+v", m)
			}
		})
	}
}

func TestVerifyWebhook_missingWebhookID(t *testing.T) {
	c := testConnector(t)
	body := readTestdata(t, "rest_order.json")
	h := webhookHeader("orders/create", "lumen-co.myshopify.com", Sign([]byte(testSecret), body))
	h.Del("X-Shopify-Webhook-Id")
	if _, err := c.VerifyWebhook(h, body); channel.KindOf(err) != channel.Rejected {
		t.Fatalf("want Rejected without a dedupe key, got %v", err)
	}
}

func TestReadWebhook_refusesWhatItCannotMap(t *testing.T) {
	c := testConnector(t)
	for name, body := range map[string]string{
		"no id":             `{"currency":"USD","financial_status":"paid","updated_at":"2026-12-01T00:00:00Z","created_at":"2026-12-01T00:00:00Z"}`,
		"a float price":     `{"id":1,"currency":"USD","financial_status":"paid","updated_at":"2026-12-01T00:00:00Z","created_at":"2026-12-01T00:00:00Z","line_items":[{"price":"1.005","quantity":1}]}`,
		"a time sans zone":  `{"id":1,"currency":"USD","financial_status":"paid","updated_at":"2026-12-01 00:00:00","created_at":"2026-12-01T00:00:00Z"}`,
		"an unknown status": `{"id":1,"currency":"USD","financial_status":"lost","updated_at":"2026-12-01T00:00:00Z","created_at":"2026-12-01T00:00:00Z"}`,
		"not an object":     `[1,2]`,
	} {
		if _, err := c.ReadWebhook(channel.Message{Topic: "orders/updated"}, []byte(body)); channel.KindOf(err) != channel.Rejected {
			t.Errorf("%s: want Rejected, got %v", name, err)
		}
	}
}

func TestReadWebhook_hugeRateExponent(t *testing.T) {
	c := testConnector(t)
	body := `{"id":1,"currency":"USD","financial_status":"paid","updated_at":"2026-12-01T00:00:00Z","created_at":"2026-12-01T00:00:00Z","line_items":[{"price":"1.00","quantity":1,"tax_lines":[{"rate":1e999999999,"price":"0.01"}]}]}`
	if _, err := c.ReadWebhook(channel.Message{Topic: "orders/updated"}, []byte(body)); channel.KindOf(err) != channel.Rejected {
		t.Fatalf("want Rejected, got %v", err)
	}
}
