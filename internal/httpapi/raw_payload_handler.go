package httpapi

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/fnshub/fnshub/internal/fault"
)

// rawPayloadJSON is one kept payload with its body opened: JSON bodies as
// JSON, anything else as a string.
type rawPayloadJSON struct {
	rawEventJSON
	Body any `json:"body"`
}

// getRawEvent shows one kept payload as it arrived, for the console's
// order trail (admins: the body holds the buyer's contact). A payload of a
// shop outside the caller's scope is not found.
func (s *Server) getRawEvent(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ev, body, err := s.Orders.RawPayload(r.Context(), id)
	if err != nil {
		return err
	}
	scope, err := s.shopScope(r, nil)
	if err != nil {
		return err
	}
	if scope != nil && !slices.Contains(scope, orderKeyShop(ev.OrderKey)) {
		return fault.New(fault.NotFound, "raw_event_not_found", "no kept payload %d; list them with GET /api/v1/raw-events", id)
	}
	out := rawPayloadJSON{rawEventJSON: rawEventJSON{RawEvent: ev, ReceivedAt: s.local(ev.ReceivedAt)}, Body: string(body)}
	if json.Valid(body) {
		out.Body = json.RawMessage(body)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// orderKeyShop is the shop of an order key "channel/shop/external id"; ""
// for a payload that named no order.
func orderKeyShop(key string) string {
	parts := strings.SplitN(key, "/", 3)
	if len(parts) < 3 {
		return ""
	}
	return parts[1]
}
