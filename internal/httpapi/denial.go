package httpapi

import (
	"errors"
	"net/http"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/fault"
)

// logDenial writes the one log line of a refused request: who (user and
// role; none when unauthenticated), the route pattern — never the path,
// whose ids could name a buyer's order — and the reason's code. Nothing of
// the request's body or the data refused goes in.
func (s *Server) logDenial(r *http.Request, reason string) {
	s.logDenialOf(r, s.principalOf(r), reason)
}

func (s *Server) logDenialOf(r *http.Request, p auth.Principal, reason string) {
	s.Log.WarnContext(r.Context(), "denied", "user", p.User.Name, "role", string(p.User.Role),
		"route", r.Pattern, "reason", reason)
}

// denialCode is the code of an authentication or authorization error.
func denialCode(err error) string {
	var fe *fault.Error
	if errors.As(err, &fe) {
		return fe.Code
	}
	return fault.KindOf(err).String()
}
