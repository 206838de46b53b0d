package auth

import (
	"context"
	"crypto/subtle"

	"github.com/fnshub/fnshub/internal/fault"
)

// CreateToken issues an API token for a user. The secret is returned once
// and only its random part's SHA-256 is stored: with 256 random bits a fast
// hash cannot be brute-forced, and Authenticate stays cheap.
//
// Errors: Invalid (field "label"), NotFound (no such user), Conflict (the
// user is disabled).
func (s *Service) CreateToken(ctx context.Context, userName, label string) (secret string, t Token, err error) {
	if err := validateLabel(label); err != nil {
		return "", Token{}, err
	}
	u, _, err := s.store.UserByName(ctx, userName)
	if err != nil {
		return "", Token{}, err
	}
	if u.Disabled {
		return "", Token{}, fault.New(fault.Conflict, "user_disabled", "user %s is disabled", userName)
	}
	t = Token{ID: newTokenID(), UserID: u.ID, User: u.Name, Label: label, CreatedAt: s.clock()}
	secret, random := newSecret(t.ID)
	if err := s.store.CreateToken(ctx, t, hashSecret(random)); err != nil {
		return "", Token{}, err
	}
	return secret, t, nil
}

// Authenticate returns who a bearer secret (without the "Bearer " scheme)
// acts as.
//
// Errors: Unauthorized with code "token_invalid" and one message for a
// malformed, unknown, wrong or revoked token or a disabled user, so a caller
// learns nothing about which.
func (s *Service) Authenticate(ctx context.Context, bearer string) (Principal, error) {
	id, random, ok := parseSecret(bearer)
	if !ok {
		return Principal{}, errTokenInvalid()
	}
	st, err := s.store.TokenByID(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return Principal{}, errTokenInvalid()
	} else if err != nil {
		return Principal{}, err
	}
	if subtle.ConstantTimeCompare(hashSecret(random), st.SecretHash) != 1 || st.Token.Revoked || st.Owner.Disabled {
		return Principal{}, errTokenInvalid()
	}
	s.recordUse(ctx, id)
	return Principal{User: st.Owner, TokenID: id}, nil
}

func errTokenInvalid() error {
	return fault.New(fault.Unauthorized, "token_invalid", "the API token is not valid")
}

// recordUse writes last_used_at at most once a minute per token, so that
// authenticated reads do not each become a write. A failed write is not the
// caller's problem (the token is good): it is forgotten and the next use
// tries again.
func (s *Service) recordUse(ctx context.Context, id string) {
	now := s.clock()
	if !s.uses.claim(id, now) {
		return
	}
	if err := s.store.TouchToken(ctx, id, now); err != nil {
		s.uses.forget(id)
	}
}

// RevokeToken revokes a token for good; revoking it again is harmless.
// Errors: NotFound.
func (s *Service) RevokeToken(ctx context.Context, id string) error {
	if err := s.store.RevokeToken(ctx, id, s.clock()); err != nil {
		return err
	}
	s.uses.forget(id)
	return nil
}

// Tokens lists a user's tokens, oldest first. Errors: NotFound (no such user).
func (s *Service) Tokens(ctx context.Context, userName string) ([]Token, error) {
	u, _, err := s.store.UserByName(ctx, userName)
	if err != nil {
		return nil, err
	}
	return s.store.Tokens(ctx, u.ID)
}
