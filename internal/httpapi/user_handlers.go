package httpapi

import (
	"net/http"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/fault"
)

// userOut is a user as the API shows it: active mirrors disabled, so a
// client can send back what it read in a PATCH.
type userOut struct {
	auth.User
	Active bool `json:"active"`
}

func (s *Server) userOut(u auth.User) userOut {
	u.CreatedAt = u.CreatedAt.In(s.Location)
	return userOut{User: u, Active: !u.Disabled}
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) error {
	users, err := s.Auth.Users(r.Context())
	if err != nil {
		return err
	}
	items := make([]userOut, len(users))
	for i, u := range users {
		items[i] = s.userOut(u)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

type userIn struct {
	Name     string    `json:"name"`
	Role     auth.Role `json:"role"`
	Password string    `json:"password"`
	Shops    []string  `json:"shops"` // the user's scope; none: every shop
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) error {
	var in userIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	u, err := s.Auth.AddUser(r.Context(), in.Name, in.Role, in.Password, in.Shops...)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, s.userOut(u))
	return nil
}

// userPatch is a JSON merge patch of a user; the name is its identity.
type userPatch struct {
	Role   patchField[auth.Role] `json:"role"`
	Active patchField[bool]      `json:"active"`
	Shops  patchField[[]string]  `json:"shops"`
}

func (s *Server) patchUser(w http.ResponseWriter, r *http.Request) error {
	var in userPatch
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	for field, null := range map[string]bool{"role": in.Role.null, "active": in.Active.null, "shops": in.Shops.null} {
		if null {
			return fault.Invalidf(field, field+"_invalid", "%s cannot be null; leave it out to keep it", field)
		}
	}
	before := s.userBefore(r.Context(), r.PathValue("name"))
	u, err := s.Auth.UpdateUser(r.Context(), r.PathValue("name"), auth.UserPatch{Role: in.Role.ptr(), Active: in.Active.ptr(), Shops: in.Shops.ptr()})
	if err != nil {
		return err
	}
	auditChange(r, before, s.userOut(u))
	writeJSON(w, http.StatusOK, s.userOut(u))
	return nil
}

func (s *Server) tokenOut(t auth.Token) auth.Token {
	t.CreatedAt = t.CreatedAt.In(s.Location)
	if !t.LastUsedAt.IsZero() {
		t.LastUsedAt = t.LastUsedAt.In(s.Location)
	}
	return t
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) error {
	tokens, err := s.Auth.ListTokens(r.Context(), r.URL.Query().Get("user"))
	if err != nil {
		return err
	}
	items := make([]auth.Token, len(tokens))
	for i, t := range tokens {
		items[i] = s.tokenOut(t)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

type tokenIn struct {
	User  string `json:"user"`
	Label string `json:"label"`
}

// createToken answers the secret once; it is not kept, so the answer must
// not be cached either.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	var in tokenIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.User == "" {
		return fault.Invalidf("user", "user_missing", "name the user the token acts as")
	}
	secret, t, err := s.Auth.CreateToken(r.Context(), in.User, in.Label)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, map[string]any{"token": s.tokenOut(t), "secret": secret})
	return nil
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	if err := s.Auth.RevokeToken(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
