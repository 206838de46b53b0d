package httpapi

import (
	"net/http"

	"github.com/fnshub/fnshub/internal/fault"
)

// shopHealth answers how the shop's connection to its platform is going,
// its times in the merchant's zone. The pusher and client parts are this
// node's.
func (s *Server) shopHealth(w http.ResponseWriter, r *http.Request) error {
	if err := s.shopInPath(r); err != nil {
		return err
	}
	if s.Health == nil {
		return fault.New(fault.Unavailable, "health_unavailable", "this server does not follow the shops' connectors")
	}
	h, err := s.Health.ShopHealth(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h.In(s.Location))
	return nil
}
