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
		p, sess, err := s.authorize(r, rt)
		if err == nil {
			err = checkParams(r, rt.path)
		}
		if err == nil {
			ctx := context.WithValue(r.Context(), principalKey{}, p)
			r = r.WithContext(context.WithValue(ctx, sessionKey{}, sess))
			err = rt.handle(rec, r)
		}
		if err != nil {
			s.writeError(rec, r, err)
		}
		elapsed := time.Since(start)
		s.metrics.observe(pattern, rec.status, elapsed)
		s.Log.InfoContext(r.Context(), "http", "method", r.Method, "route", rt.path, "status", rec.status, "ms", elapsed.Milliseconds())
	})
}

// authorize finds who is calling — by API token, else by session cookie —
// and checks the route's policy, so both credentials meet the same table.
// It returns the zero Principal on public routes.
func (s *Server) authorize(r *http.Request, rt route) (auth.Principal, *auth.NewSession, error) {
	if rt.public {
		return auth.Principal{}, nil, nil
	}
	p, sess, err := s.authenticate(r, rt)
	if err != nil {
		return auth.Principal{}, nil, err
	}
	if !allowed(rt.pattern(), p.User.Role) {
		return auth.Principal{}, nil, fault.New(fault.Forbidden, "role_forbidden", "role %s may not %s %s", p.User.Role, rt.method, rt.path)
	}
	return p, sess, nil
}

// authenticate prefers an Authorization header: a browser never sends one
// on its own, so bearer requests need no CSRF token. A cookie-authenticated
// request that may change something must prove, with X-CSRF-Token, that
// the console's own script sent it.
func (s *Server) authenticate(r *http.Request, rt route) (auth.Principal, *auth.NewSession, error) {
	if h := r.Header.Get("Authorization"); h != "" && !rt.sessionOnly {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || token == "" {
			return auth.Principal{}, nil, errTokenMissing()
		}
		p, err := s.Auth.Authenticate(r.Context(), token)
		return p, nil, err
	}
	c, err := r.Cookie(sessionCookieName)
	if err != nil || c.Value == "" {
		if rt.sessionOnly {
			return auth.Principal{}, nil, fault.New(fault.Unauthorized, "session_missing", "not signed in: sign in with POST /api/v1/session")
		}
		return auth.Principal{}, nil, errTokenMissing()
	}
	p, sess, err := s.Auth.ResumeSession(r.Context(), c.Value)
	if err != nil {
		return auth.Principal{}, nil, err
	}
	if !safeMethod(r.Method) && !sess.CSRFValid(r.Header.Get(csrfHeader)) {
		return auth.Principal{}, nil, fault.New(fault.Forbidden, "csrf_invalid",
			"a request signed in by cookie that changes something must send the session's csrf_token in %s", csrfHeader)
	}
	return p, &sess, nil
}

func errTokenMissing() error {
	return fault.New(fault.Unauthorized, "token_missing",
		"send an API token as Authorization: Bearer <token> (create one with `fnshub token create`), or sign in with POST /api/v1/session")
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

type sessionKey struct{}

// sessionOf is the session a request came with, or nil for a token.
func (s *Server) sessionOf(r *http.Request) *auth.NewSession {
	sess, _ := r.Context().Value(sessionKey{}).(*auth.NewSession)
	return sess
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
