// Package auth owns who may use fnshub: users with a role and an argon2id
// password, and API tokens whose secrets are shown once and stored only as
// hashes. It knows no database; authdb stores it.
package auth

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
)

// Options configure a Service.
type Options struct {
	Now func() time.Time // the clock; time.Now when nil
	KDF KDFParams        // password hashing cost; DefaultKDF when zero
	// SessionIdle and SessionMax are a console session's idle and absolute
	// timeouts; DefaultSessionIdle and DefaultSessionMax when zero.
	SessionIdle, SessionMax time.Duration
	// Logins bound password guessing; DefaultLoginLimits when zero.
	Logins LoginLimits
}

// Service checks credentials in front of a Store.
type Service struct {
	store Store
	now   func() time.Time
	kdf   KDFParams
	// dummyHash is verified against for unknown users, so a wrong name costs
	// as much time as a wrong password and timing does not reveal names.
	dummyHash func() string
	uses      *throttle
	idle      time.Duration
	maxAge    time.Duration
	logins    *limiter
}

// New returns a Service over s.
func New(s Store, opt Options) *Service {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.KDF == (KDFParams{}) {
		opt.KDF = DefaultKDF
	}
	dummy := sync.OnceValue(func() string {
		h, _ := HashPassword("no such user, no such password", opt.KDF)
		return h
	})
	if opt.SessionIdle <= 0 {
		opt.SessionIdle = DefaultSessionIdle
	}
	if opt.SessionMax <= 0 {
		opt.SessionMax = DefaultSessionMax
	}
	if opt.Logins == (LoginLimits{}) {
		opt.Logins = DefaultLoginLimits
	}
	return &Service{store: s, now: opt.Now, kdf: opt.KDF, dummyHash: dummy, uses: newThrottle(time.Minute),
		idle: opt.SessionIdle, maxAge: opt.SessionMax, logins: newLimiter(opt.Logins)}
}

// clock is the time to store: UTC at the microsecond the columns keep.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// AddUser adds a user with a role and a password.
//
// Errors: Invalid (field "name", "password" or "role"), Conflict when the
// name is taken.
func (s *Service) AddUser(ctx context.Context, name string, role Role, password string) (User, error) {
	if err := validateName(name); err != nil {
		return User{}, err
	}
	if _, err := ParseRole(string(role)); err != nil {
		return User{}, err
	}
	if err := validatePassword(name, password, "password"); err != nil {
		return User{}, err
	}
	hash, err := HashPassword(password, s.kdf)
	if err != nil {
		return User{}, fmt.Errorf("auth: add user %s: %w", name, err)
	}
	return s.store.CreateUser(ctx, User{Name: name, Role: role, CreatedAt: s.clock()}, hash)
}

// CheckPassword returns the user whose name and password these are.
//
// Errors: Unauthorized, with one message whether the user is unknown, the
// password wrong or the user disabled; Internal for a malformed stored hash.
func (s *Service) CheckPassword(ctx context.Context, name, password string) (User, error) {
	u, hash, err := s.store.UserByName(ctx, name)
	known := err == nil
	if fault.Is(err, fault.NotFound) {
		hash = s.dummyHash()
	} else if err != nil {
		return User{}, err
	}
	ok, verr := VerifyPassword(hash, password)
	if verr != nil && known {
		return User{}, fmt.Errorf("auth: check password of %s: %w", name, verr)
	}
	if !known || !ok || u.Disabled {
		return User{}, fault.New(fault.Unauthorized, "credentials_invalid", "user name or password is wrong")
	}
	return u, nil
}

// Users lists every user in ID order.
func (s *Service) Users(ctx context.Context) ([]User, error) { return s.store.Users(ctx) }
