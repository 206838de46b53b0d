package httpapi

import (
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/fault"
)

// The console's session cookie and the header that carries its CSRF token
// (docs/adr/0038-sessions.md).
const (
	sessionCookieName = "fnshub_session"
	csrfHeader        = "X-CSRF-Token"
)

// sessionUser is the signed-in user as the console needs it.
type sessionUser struct {
	ID   int64     `json:"id"`
	Name string    `json:"name"`
	Role auth.Role `json:"role"`
	// Shops are the shops the user may see; empty means all. Until the
	// per-shop scope (contracts §2) lands every user sees all shops.
	Shops []string `json:"shops"`
}

type sessionOut struct {
	User        sessionUser `json:"user"`
	CSRFToken   string      `json:"csrf_token"`
	ExpiresAt   time.Time   `json:"expires_at"`
	IdleTimeout int64       `json:"idle_timeout_seconds"`
}

// writeSession answers a session's body, never cached: it holds the CSRF
// token. With setCookie it also sets the cookie, Secure when the request
// came over TLS.
func (s *Server) writeSession(w http.ResponseWriter, r *http.Request, status int, ns auth.NewSession, setCookie bool) {
	if setCookie {
		http.SetCookie(w, &http.Cookie{Name: sessionCookieName, Value: ns.Cookie, Path: "/", HttpOnly: true,
			SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, sessionOut{
		User:        sessionUser{ID: ns.User.ID, Name: ns.User.Name, Role: ns.User.Role, Shops: []string{}},
		CSRFToken:   ns.CSRFToken,
		ExpiresAt:   ns.Session.ExpiresAt.In(s.Location),
		IdleTimeout: int64(s.Auth.IdleTimeout() / time.Second),
	})
}

func clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookieName, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil, MaxAge: -1})
}

// clientAddress is the address the login limiter counts attempts by: the
// connection's peer. Headers such as X-Forwarded-For are not trusted, as
// any client could send them; behind a proxy all clients share its
// address (the ADR says so).
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// requireJSON refuses a body not declared as JSON: a cross-site HTML form
// can post text/plain or form data to a public route, never
// application/json without the browser asking the server first.
func requireJSON(r *http.Request) error {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		return fault.New(fault.Invalid, "content_type", "send Content-Type: application/json")
	}
	return nil
}

type loginIn struct {
	Name     string `json:"name"`
	Password string `json:"password"`
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	if err := requireJSON(r); err != nil {
		return err
	}
	var in loginIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	ns, err := s.Auth.Login(r.Context(), in.Name, in.Password, clientAddress(r))
	if err != nil {
		return err
	}
	s.writeSession(w, r, http.StatusOK, ns, true)
	return nil
}

func (s *Server) getSession(w http.ResponseWriter, r *http.Request) error {
	s.writeSession(w, r, http.StatusOK, *s.sessionOf(r), false)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if err := s.Auth.EndSession(r.Context(), s.sessionOf(r).Session.ID); err != nil {
		return err
	}
	clearSessionCookie(w, r)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type passwordChangeIn struct {
	Current string `json:"current_password"`
	New     string `json:"new_password"`
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	var in passwordChangeIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	ns, err := s.Auth.ChangePassword(r.Context(), s.principalOf(r), in.Current, in.New, clientAddress(r))
	if err != nil {
		return err
	}
	s.writeSession(w, r, http.StatusOK, ns, true)
	return nil
}
