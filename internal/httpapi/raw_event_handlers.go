package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/order"
)

// rawEventJSON is a kept payload as the API lists it: what it came with
// and how it was answered, never its (sealed) body.
type rawEventJSON struct {
	order.RawEvent
	ReceivedAt time.Time `json:"received_at"`
}

// listRawEvents pages through kept payloads, oldest first, filtered by
// source, receive time and refusal; next_cursor is empty on the last page.
func (s *Server) listRawEvents(w http.ResponseWriter, r *http.Request) error {
	// Kept payloads are of no known shop until decoded; admins, who alone
	// may read them, are never scoped, and this holds if that changes.
	if err := s.refuseScoped(r, "reading kept payloads"); err != nil {
		return err
	}
	f, err := s.rawFilter(r)
	if err != nil {
		return err
	}
	evs, err := s.Orders.RawEvents(r.Context(), f)
	if err != nil {
		return err
	}
	items := make([]rawEventJSON, len(evs))
	for i, e := range evs {
		items[i] = rawEventJSON{RawEvent: e, ReceivedAt: s.local(e.ReceivedAt)}
	}
	next := ""
	if len(evs) == f.Limit {
		next = strconv.FormatInt(evs[len(evs)-1].ID, 10)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "next_cursor": next})
	return nil
}

func (s *Server) rawFilter(r *http.Request) (order.RawFilter, error) {
	q := r.URL.Query()
	f := order.RawFilter{Source: q.Get("source"), Refused: q.Get("refused") == "true"}
	limit, err := queryInt(r, "limit", 100)
	if err != nil || limit < 1 || limit > app.MaxReplay {
		return f, fault.Invalidf("limit", "limit_invalid", "limit must be between 1 and %d", app.MaxReplay)
	}
	f.Limit = int(limit)
	if f.After, err = queryInt(r, "cursor", 0); err != nil {
		return f, err
	}
	if f.From, err = s.queryDay(r, "from", false); err != nil {
		return f, err
	}
	f.To, err = s.queryDay(r, "to", true)
	return f, err
}

// replayIn selects kept payloads to replay: by id, or by source and time.
type replayIn struct {
	IDs     []int64   `json:"ids"`
	Source  string    `json:"source"`
	From    time.Time `json:"from"`
	To      time.Time `json:"to"`
	Refused bool      `json:"refused"`
	Limit   int       `json:"limit"`
}

// replayedJSON is what replaying one kept payload did.
type replayedJSON struct {
	ID         int64        `json:"id"`
	Source     string       `json:"source"`
	ReceivedAt time.Time    `json:"received_at"`
	OrderID    order.ID     `json:"order_id,omitempty"`
	Status     order.Status `json:"status,omitempty"`
	Effect     app.Effect   `json:"effect,omitempty"`
	Error      *errorDetail `json:"error,omitempty"`
}

// replayRawEvents runs kept payloads again through today's code
// (docs/adr/0021-raw-events-and-replay.md).
func (s *Server) replayRawEvents(w http.ResponseWriter, r *http.Request) error {
	var in replayIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.refuseScoped(r, "replaying kept payloads"); err != nil {
		return err
	}
	if len(in.IDs) == 0 && in.Source == "" {
		return fault.Invalidf("ids", "replay_unselected", "name the payloads to replay: ids, or a source (with from and to)")
	}
	if in.Limit == 0 {
		in.Limit = app.MaxReplay
	}
	done, err := s.Orders.Replay(r.Context(), order.RawFilter{IDs: in.IDs, Source: in.Source, From: in.From, To: in.To,
		Refused: in.Refused, Limit: in.Limit})
	if err != nil {
		return err
	}
	items := make([]replayedJSON, len(done))
	for i, d := range done {
		items[i] = s.replayedOut(d)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

func (s *Server) replayedOut(d app.Replayed) replayedJSON {
	out := replayedJSON{ID: d.RawID, Source: d.Source, ReceivedAt: s.local(d.ReceivedAt), Effect: d.Effect}
	if d.Err != nil {
		fe := asFault(d.Err)
		detail := errorDetail{Code: fe.Code, Message: fe.Message, Field: fe.Field}
		if fe.Kind == fault.Internal {
			detail = errorDetail{Code: "internal", Message: "internal error; it has been logged"}
		}
		out.Error = &detail
	}
	if d.Order != nil {
		out.OrderID, out.Status = d.Order.ID, d.Order.Status
	}
	return out
}
