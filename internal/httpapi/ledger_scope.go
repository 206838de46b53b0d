package httpapi

import (
	"net/http"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
)

// The books are per legal entity, but each posting carries the shop it is
// for (docs/adr/0025): a user limited to some shops sees the postings of
// those shops only (docs/adr/0039). An entry is theirs when every posting
// of it is of one of their shops; one posting of another shop, or of none
// (a hand entry of the whole company), hides it.

// postingsInScope reports whether every posting is of a shop the request
// may see.
func (s *Server) postingsInScope(r *http.Request, ps []ledger.Posting) bool {
	if len(s.principalOf(r).User.Shops) == 0 {
		return true
	}
	for _, p := range ps {
		if p.Shop == "" || !s.inScope(r, p.Shop) {
			return false
		}
	}
	return len(ps) > 0
}

// visibleEntries keeps the entries the request may see.
func (s *Server) visibleEntries(r *http.Request, es []ledger.Entry) []ledger.Entry {
	out := es[:0:0]
	for _, e := range es {
		if s.postingsInScope(r, e.Postings) {
			out = append(out, e)
		}
	}
	return out
}

// scopedEntry loads entry id for a request that may see it: an entry of
// another shop does not exist for it.
func (s *Server) scopedEntry(r *http.Request, id int64) (ledger.Entry, error) {
	e, err := s.Ledger.Entry(r.Context(), id)
	if err != nil || s.postingsInScope(r, e.Postings) {
		return e, err
	}
	s.logDenial(r, "scope_hidden")
	return ledger.Entry{}, fault.New(fault.NotFound, "entry_not_found", "journal entry %d does not exist", id)
}

// refuseEntryOutOfScope refuses a scoped user's entry with a posting of a
// shop outside their scope or of no shop: they may book only for their
// shops, each posting naming one.
func (s *Server) refuseEntryOutOfScope(r *http.Request, req ledger.Request) error {
	if s.postingsInScope(r, req.Postings) {
		return nil
	}
	s.logDenial(r, "scope_forbidden")
	return fault.New(fault.Forbidden, "scope_forbidden",
		"you may book only for your shops: every posting needs a \"shop\" that is one of them")
}
