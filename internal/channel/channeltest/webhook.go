package channeltest

import (
	"net/http"
	"slices"
	"testing"

	"github.com/fnshub/fnshub/internal/channel"
)

func (s *suite) webhook(t *testing.T) {
	if !s.caps.Webhooks {
		t.Skip("the harness says the platform pushes no signed HTTP messages (Capabilities.Webhooks)")
	}
	id := s.h.PutOrder(t, OrderSpec{Modified: s.hour(8), Lines: []LineSpec{s.line(0, 1)}})
	h, body := s.h.Webhook(t, id)
	conn, _ := s.connector(t, nil)

	forged := append(slices.Clone(body), ' ') // the same JSON, not the signed bytes
	if _, err := conn.VerifyWebhook(h, forged); channel.KindOf(err) != channel.BadSignature {
		t.Errorf("a body changed after signing: %v, want BadSignature", err)
	}
	if _, err := conn.VerifyWebhook(http.Header{}, body); channel.KindOf(err) != channel.BadSignature {
		t.Errorf("a message with no headers: %v, want BadSignature", err)
	}

	m, err := conn.VerifyWebhook(h, body)
	if err != nil {
		t.Fatalf("a message signed as the platform signs: %v", err)
	}
	if m.ID == "" || m.Topic == "" {
		t.Errorf("message %+v, want its delivery id and topic", m)
	}
	orders, err := conn.ReadWebhook(m, body)
	if err != nil {
		t.Fatalf("ReadWebhook: %v", err)
	}
	if m.Fetch {
		if m.ExternalID != id || len(orders) != 0 {
			t.Errorf("a message that only names its order: names %q with %d orders, want %s and none", m.ExternalID, len(orders), id)
		}
		return
	}
	if len(orders) != 1 || orders[0].Order.ExternalID != id {
		t.Fatalf("ReadWebhook gave %d orders, want order %s", len(orders), id)
	}
	s.checkPulled(t, s.h.Config(t), orders[0])
}
