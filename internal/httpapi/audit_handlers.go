package httpapi

import (
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/fnshub/fnshub/internal/audit"
	"github.com/fnshub/fnshub/internal/fault"
)

// auditEntryJSON is one entry as the API shows it.
type auditEntryJSON struct {
	Seq      int64           `json:"seq"`
	At       time.Time       `json:"at"`
	Actor    string          `json:"actor"`
	Role     string          `json:"role"`
	Via      audit.Via       `json:"via"`
	Action   string          `json:"action"`
	Target   string          `json:"target"`
	Detail   json.RawMessage `json:"detail"`
	Status   int             `json:"status"`
	PrevHash string          `json:"prev_hash"`
	Hash     string          `json:"hash"`
}

func (s *Server) auditEntryOut(e audit.Entry) auditEntryJSON {
	return auditEntryJSON{Seq: e.Seq, At: e.At.In(s.Location), Actor: e.Actor, Role: e.Role, Via: e.Via, Action: e.Action,
		Target: e.Target, Detail: e.Detail, Status: e.Status, PrevHash: hex.EncodeToString(e.PrevHash), Hash: hex.EncodeToString(e.Hash)}
}

// auditFilter reads actor, action, from, to (dates in the merchant's zone
// or RFC 3339 times), before (the cursor) and limit.
func (s *Server) auditFilter(r *http.Request) (audit.Filter, error) {
	q := r.URL.Query()
	f := audit.Filter{Actor: q.Get("actor"), Action: q.Get("action")}
	limit, err := queryInt(r, "limit", 100)
	if err != nil || limit < 1 || limit > audit.MaxLimit {
		return f, fault.Invalidf("limit", "limit_invalid", "limit must be between 1 and %d", audit.MaxLimit)
	}
	f.Limit = int(limit)
	if f.Before, err = queryInt(r, "before", 0); err != nil {
		return f, err
	}
	if f.From, err = s.queryDay(r, "from", false); err != nil {
		return f, err
	}
	f.To, err = s.queryDay(r, "to", true)
	return f, err
}

func (s *Server) listAudit(w http.ResponseWriter, r *http.Request) error {
	if s.Audit == nil {
		return errAuditOff()
	}
	f, err := s.auditFilter(r)
	if err != nil {
		return err
	}
	page, more, err := s.Audit.List(r.Context(), f)
	if err != nil {
		return err
	}
	entries := make([]auditEntryJSON, len(page))
	for i, e := range page {
		entries[i] = s.auditEntryOut(e)
	}
	next := "" // the last page
	if more {
		next = strconv.FormatInt(page[len(page)-1].Seq, 10)
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": entries, "next": next})
	return nil
}

// exportAudit answers every entry matching the filter (limit is ignored:
// the export pages through the whole log itself) as CSV for Excel.
func (s *Server) exportAudit(w http.ResponseWriter, r *http.Request) error {
	if s.Audit == nil {
		return errAuditOff()
	}
	f, err := s.auditFilter(r)
	if err != nil {
		return err
	}
	f.Limit = audit.MaxLimit
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="audit.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	// Once rows are out, an error can only cut the file short; it is logged.
	if err := s.Audit.WriteCSV(r.Context(), w, f, s.Location); err != nil {
		s.Log.ErrorContext(r.Context(), "audit export cut short", "err", err)
	}
	return nil
}

func errAuditOff() error {
	return fault.New(fault.Unavailable, "audit_unavailable", "this server has no audit log configured")
}
