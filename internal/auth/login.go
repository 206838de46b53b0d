package auth

import (
	"context"
	"fmt"

	"github.com/fnshub/fnshub/internal/fault"
)

// Login checks name and password and opens a session. client is the
// address the attempt came from; with name it is counted by the login
// limiter (limiter.go) before the password is even hashed, so parallel
// guesses get no more checks than the limits allow.
//
// Errors: Unauthorized "login_failed", one message for an unknown name, a
// wrong password and a disabled user; Limited "login_locked" with the
// time to wait.
func (s *Service) Login(ctx context.Context, name, password, client string) (NewSession, error) {
	u, err := s.checkLimited(ctx, name, password, client)
	if err != nil {
		if fault.Is(err, fault.Unauthorized) {
			return NewSession{}, fault.New(fault.Unauthorized, "login_failed", "user name or password is wrong")
		}
		return NewSession{}, err
	}
	return s.startSession(ctx, u)
}

// checkLimited is CheckPassword behind the login limiter.
func (s *Service) checkLimited(ctx context.Context, name, password, client string) (User, error) {
	done, err := s.logins.begin(name, client, s.clock())
	if err != nil {
		return User{}, err
	}
	u, err := s.CheckPassword(ctx, name, password)
	switch {
	case err == nil:
		done(outcomeSuccess, s.clock())
	case fault.Is(err, fault.Unauthorized):
		done(outcomeFailure, s.clock())
	default:
		done(outcomeNone, s.clock()) // the database failed, not the caller
	}
	return u, err
}

// ChangePassword sets a new password for the user of session p after
// checking the current one (behind the login limiter, so a stolen session
// cannot guess it), ends every session of the user and opens a fresh one.
//
// Errors: Invalid on "current_password" (wrong) or "new_password" (the
// policy), Limited "login_locked".
func (s *Service) ChangePassword(ctx context.Context, p Principal, current, next, client string) (NewSession, error) {
	if _, err := s.checkLimited(ctx, p.User.Name, current, client); err != nil {
		if fault.Is(err, fault.Unauthorized) {
			return NewSession{}, fault.Invalidf("current_password", "password_wrong", "current_password is not your password")
		}
		return NewSession{}, err
	}
	if next == current {
		return NewSession{}, fault.Invalidf("new_password", "password_unchanged", "new_password must differ from current_password")
	}
	if err := validatePassword(p.User.Name, next, "new_password"); err != nil {
		return NewSession{}, err
	}
	hash, err := HashPassword(next, s.kdf)
	if err != nil {
		return NewSession{}, fmt.Errorf("auth: change password of %s: %w", p.User.Name, err)
	}
	if err := s.store.SetPassword(ctx, p.User.ID, hash, s.clock()); err != nil {
		return NewSession{}, err
	}
	return s.startSession(ctx, p.User)
}

// CreateFirstAdmin adds the first user, an admin, and signs them in; it
// works once, while there are no users at all.
//
// Errors: Invalid (field "name" or "password"), Conflict "setup_done".
func (s *Service) CreateFirstAdmin(ctx context.Context, name, password string) (NewSession, error) {
	if err := validateName(name); err != nil {
		return NewSession{}, err
	}
	if err := validatePassword(name, password, "password"); err != nil {
		return NewSession{}, err
	}
	hash, err := HashPassword(password, s.kdf)
	if err != nil {
		return NewSession{}, fmt.Errorf("auth: first admin %s: %w", name, err)
	}
	u, err := s.store.CreateFirstAdmin(ctx, User{Name: name, Role: Admin, CreatedAt: s.clock()}, hash)
	if err != nil {
		return NewSession{}, err
	}
	return s.startSession(ctx, u)
}

// SetPassword gives the user named name a new password without the old one
// (an operator's reset from the CLI) and ends all their sessions; their API
// tokens stay. Errors: Invalid (field "password"), NotFound.
func (s *Service) SetPassword(ctx context.Context, name, password string) error {
	u, _, err := s.store.UserByName(ctx, name)
	if err != nil {
		return err
	}
	if err := validatePassword(name, password, "password"); err != nil {
		return err
	}
	hash, err := HashPassword(password, s.kdf)
	if err != nil {
		return fmt.Errorf("auth: set password of %s: %w", name, err)
	}
	return s.store.SetPassword(ctx, u.ID, hash, s.clock())
}
