package httpapi

import (
	"net/http"

	"github.com/fnshub/fnshub/internal/fault"
)

// pullSettlements fetches the shop's new settlement files from its
// platforms' APIs now and imports them (docs/adr/0054-settlement-pulls.md).
// It answers when the pull is done: 200 with each source's imports and
// state, a source that failed saying so in its error (its cursor stays).
func (s *Server) pullSettlements(w http.ResponseWriter, r *http.Request) error {
	if err := s.shopInPath(r); err != nil {
		return err
	}
	if s.SettlementPulls == nil {
		return fault.New(fault.Unavailable, "settlement_pull_unavailable", "this server does not pull settlements")
	}
	res, err := s.SettlementPulls.PullShop(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res.In(s.Location))
	return nil
}
