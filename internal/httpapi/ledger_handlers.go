package httpapi

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/text"
)

func (s *Server) listAccounts(w http.ResponseWriter, r *http.Request) error {
	as, err := s.Ledger.Accounts(r.Context())
	if err != nil {
		return err
	}
	for i := range as {
		as[i].CreatedAt = as[i].CreatedAt.In(s.Location)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(as)})
	return nil
}

func (s *Server) createAccount(w http.ResponseWriter, r *http.Request) error {
	var a ledger.Account
	if err := decodeJSON(w, r, &a); err != nil {
		return err
	}
	created, err := s.Ledger.CreateAccount(r.Context(), a)
	if err != nil {
		return err
	}
	created.CreatedAt = created.CreatedAt.In(s.Location)
	writeJSON(w, http.StatusCreated, created)
	return nil
}

// listEntries pages through entries; next_cursor is empty on the last page.
func (s *Server) listEntries(w http.ResponseWriter, r *http.Request) error {
	after, err := queryInt(r, "cursor", 0)
	if err != nil {
		return err
	}
	limit, err := queryInt(r, "limit", 100)
	if err != nil {
		return err
	}
	entity, err := s.queryEntity(r)
	if err != nil {
		return err
	}
	es, err := s.Ledger.Entries(r.Context(), entity, after, int(limit))
	if err != nil {
		return err
	}
	next := ""
	if len(es) == int(limit) {
		// The page is an id range: the cursor goes on after it even when
		// the scope hid some of its entries (docs/adr/0039).
		next = strconv.FormatInt(es[len(es)-1].ID, 10)
	}
	es = s.visibleEntries(r, es)
	items := make([]entryJSON, len(es))
	for i, e := range es {
		items[i] = s.entryOut(e)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "next_cursor": next})
	return nil
}

func (s *Server) getEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	e, err := s.scopedEntry(r, id)
	if err != nil {
		return err
	}
	out := s.entryOut(e)
	by, err := s.Ledger.ReversedBy(r.Context(), id)
	if err != nil {
		return err
	}
	if by != 0 {
		out.ReversedBy = &by
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) postEntry(w http.ResponseWriter, r *http.Request) error {
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var in entryRequestJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	req, err := in.request(key)
	if err != nil {
		return err
	}
	if err := s.refuseEntryOutOfScope(r, req); err != nil {
		return err
	}
	if req.Entity != 0 {
		if _, err := s.Entities.ByID(r.Context(), req.Entity); fault.Is(err, fault.NotFound) {
			return fault.Invalidf("entity", "entity_not_found", "entity %d does not exist; list them with GET /api/v1/entities or add it first", req.Entity)
		} else if err != nil {
			return err
		}
	}
	res, err := s.Ledger.Post(r.Context(), req)
	return s.answerPosted(w, res, err)
}

func (s *Server) reverseEntry(w http.ResponseWriter, r *http.Request) error {
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Description string `json:"description"`
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
	}
	if _, err := s.scopedEntry(r, id); err != nil {
		return err
	}
	if err := s.manualOnly(r, id); err != nil {
		return err
	}
	res, err := s.Ledger.Reverse(r.Context(), id, key, in.Description)
	return s.answerPosted(w, res, err)
}

// manualOnly refuses to reverse by hand an entry that fnshub's own posting
// rules booked: the business record it belongs to would no longer agree
// with the books (an order whose payment is reversed can no longer be
// cancelled). Such entries are undone by the business action.
func (s *Server) manualOnly(r *http.Request, id int64) error {
	e, err := s.Ledger.Entry(r.Context(), id)
	if err != nil || strings.HasPrefix(e.SourceKey, apiKeyPrefix) {
		return err
	}
	if rest, ok := strings.CutPrefix(e.SourceKey, "order:"); ok {
		order, _, _ := strings.Cut(rest, ":")
		return fault.New(fault.Conflict, "entry_posted_by_rule",
			"entry %d was booked by fnshub for order %s (%s); undo it by the order's action instead: "+
				"POST /api/v1/orders/%s/cancel before shipping, /refund or /return after", id, order, e.SourceKey, order)
	}
	if strings.HasPrefix(e.SourceKey, "stock:") {
		return fault.New(fault.Conflict, "entry_posted_by_rule",
			"entry %d was booked by fnshub for a stock movement (%s); correct the stock instead (POST /api/v1/stock/adjustments), which books its value", id, e.SourceKey)
	}
	return fault.New(fault.Conflict, "entry_posted_by_rule",
		"entry %d was booked by fnshub (%s), not through this API; it is undone by the business action that caused it", id, e.SourceKey)
}

// answerPosted answers 201 with a new entry, or 200 with the original entry
// and Idempotent-Replayed: true when the key was seen before.
func (s *Server) answerPosted(w http.ResponseWriter, res ledger.Result, err error) error {
	if err != nil {
		return err
	}
	s.metrics.posted.WithLabelValues(strconv.FormatBool(res.Replayed)).Inc()
	writeApplied(w, res.Replayed, s.entryOut(res.Entry))
	return nil
}

// writeApplied answers a write made under an Idempotency-Key: 201 when it
// happened now, 200 with Idempotent-Replayed: true when the key was seen
// before and v is the first result.
func writeApplied(w http.ResponseWriter, replayed bool, v any) {
	status := http.StatusCreated
	if replayed {
		status = http.StatusOK
		w.Header().Set("Idempotent-Replayed", "true")
	}
	writeJSON(w, status, v)
}

func (s *Server) trialBalance(w http.ResponseWriter, r *http.Request) error {
	at, err := s.queryTime(r, "at", time.Now())
	if err != nil {
		return err
	}
	entity, err := s.queryEntity(r)
	if err != nil {
		return err
	}
	shops, err := s.shopScope(r, nil)
	if err != nil {
		return err
	}
	tb, err := s.Ledger.TrialBalance(r.Context(), entity, at, shops...)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.trialBalanceOut(tb))
	return nil
}

// queryEntity reads ?entity=, a legal entity's code or id; the default
// entity when absent. An entity that does not exist is 404.
func (s *Server) queryEntity(r *http.Request) (int64, error) {
	v := r.URL.Query().Get("entity")
	if v == "" {
		return ledger.DefaultEntity, nil
	}
	if id, err := strconv.ParseInt(v, 10, 64); err == nil {
		if id < 1 {
			return 0, fault.Invalidf("entity", "entity_invalid", "entity must be a legal entity's code or an id of 1 or more, not %d", id)
		}
		if _, err := s.Entities.ByID(r.Context(), id); err != nil {
			return 0, err
		}
		return id, nil
	}
	e, err := s.Entities.ByCode(r.Context(), v)
	return e.ID, err
}

// apiKeyPrefix starts the source key of every entry posted through the
// API; the rest were booked by fnshub's rules.
const apiKeyPrefix = "api:"

// maxIdempotencyKey bounds the Idempotency-Key header, as openapi.json
// states (TestOpenAPIStatesTheBoundsCodeKeeps).
const maxIdempotencyKey = 128

// idempotencyKey reads the Idempotency-Key header; API keys live in their
// own namespace of source keys, apart from those of channels and imports.
func idempotencyKey(r *http.Request) (string, error) {
	k := r.Header.Get("Idempotency-Key")
	switch {
	case k == "":
		return "", fault.Invalidf("Idempotency-Key", "idempotency_key_missing",
			"send an Idempotency-Key header of 1 to %d characters (e.g. a UUID) so a retry cannot post twice", maxIdempotencyKey)
	case len(k) > maxIdempotencyKey:
		return "", fault.Invalidf("Idempotency-Key", "idempotency_key_too_long",
			"the Idempotency-Key header is %d characters long; the most is %d (a UUID is 36)", len(k), maxIdempotencyKey)
	}
	if err := text.Check(k); err != nil {
		return "", fault.Invalidf("Idempotency-Key", "text_invalid", "the Idempotency-Key header %s", err.(*text.Error).What())
	}
	return apiKeyPrefix + k, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
