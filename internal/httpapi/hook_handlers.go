package httpapi

import (
	"io"
	"net/http"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/fault"
)

// receiveHook takes a push message from a shop's platform. It answers 200
// only once the message is durable (kept, with the job that will ingest
// it); the platform's signature stands in for a token. A message that fails
// verification is kept as refused and answered 401; one of a topic fnshub
// does not take is kept and answered 200 "ignored", so the platform does
// not retry it (docs/adr/0032-webhook-intake.md).
func (s *Server) receiveHook(w http.ResponseWriter, r *http.Request) error {
	if s.Hooks == nil {
		return fault.New(fault.Unavailable, "hooks_unavailable", "this hub does not receive push messages")
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return bodyError(err, nil)
	}
	ans, err := s.Hooks.Receive(r.Context(), app.Hook{Platform: r.PathValue("platform"), Shop: r.PathValue("shop"),
		Header: r.Header, Body: raw})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, hookJSON{Status: string(ans.Outcome), DeliveryID: ans.DeliveryID, RawEventID: ans.RawID})
	return nil
}

type hookJSON struct {
	Status     string `json:"status"` // accepted, duplicate, ignored
	DeliveryID string `json:"delivery_id,omitempty"`
	RawEventID int64  `json:"raw_event_id"`
}
