package httpapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/fault"
)

type principalKey struct{}

// wrap adds, around one route: authentication and the role policy (unless
// public), metrics, an access log line without bodies or PII, and turning
// the returned error into a JSON answer.
func (s *Server) wrap(rt route) http.Handler {
	pattern := rt.pattern()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		p, err := s.authorize(r, rt)
		if err == nil {
			err = checkParams(r, rt.path)
		}
		if err == nil {
			r = r.WithContext(context.WithValue(r.Context(), principalKey{}, p))
			err = s.audited(rec, r, rt) // the handler, then its audit entry (audit_record.go)
		}
		if err != nil {
			s.writeError(rec, r, err)
		}
		elapsed := time.Since(start)
		s.metrics.observe(pattern, rec.status, elapsed)
		s.Log.InfoContext(r.Context(), "http", "method", r.Method, "route", rt.path, "status", rec.status, "ms", elapsed.Milliseconds())
	})
}

// authorize checks the bearer token and the route's policy, and returns who
// is calling (the zero Principal on public routes).
func (s *Server) authorize(r *http.Request, rt route) (auth.Principal, error) {
	if rt.public {
		return auth.Principal{}, nil
	}
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		return auth.Principal{}, fault.New(fault.Unauthorized, "token_missing",
			"send an API token as Authorization: Bearer <token> (create one with `fnshub token create`)")
	}
	p, err := s.Auth.Authenticate(r.Context(), token)
	if err != nil {
		return auth.Principal{}, err
	}
	if !allowed(rt.pattern(), p.User.Role) {
		return auth.Principal{}, fault.New(fault.Forbidden, "role_forbidden", "role %s may not %s %s", p.User.Role, rt.method, rt.path)
	}
	return p, nil
}

func (s *Server) principalOf(r *http.Request) auth.Principal {
	p, _ := r.Context().Value(principalKey{}).(auth.Principal)
	return p
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}
