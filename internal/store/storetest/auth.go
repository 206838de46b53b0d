package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/auth/authdb"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/store"
)

// ExerciseAuth runs the auth storage contract against one engine.
func ExerciseAuth(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("a user is added once and the same name again is a conflict", func(t *testing.T) {
		t.Parallel()
		r := newAuthRig(t, open)
		alice, bob := r.user(t, "alice", auth.Finance), r.user(t, "bob", auth.Viewer)
		users, err := r.svc.Users(ctx)
		must(t, err)
		if len(users) != 2 || users[0].ID != alice.ID || users[1].ID == alice.ID || users[1].Role != bob.Role ||
			!users[0].CreatedAt.Equal(r.clock.Now()) || users[0].Disabled {
			t.Fatalf("users = %+v, want alice then bob as added at %v", users, r.clock.Now())
		}
		_, err = r.svc.AddUser(ctx, "alice", auth.Viewer, authPassword)
		wantKind(t, err, fault.Conflict)
	})
	t.Run("bad names, short passwords and unknown roles are invalid and name the field", func(t *testing.T) {
		t.Parallel()
		r := newAuthRig(t, open)
		for _, c := range []struct {
			name     string
			role     auth.Role
			password string
			field    string
		}{{"", auth.Viewer, authPassword, "name"}, {"two words", auth.Viewer, authPassword, "name"},
			{strings.Repeat("x", 65), auth.Viewer, authPassword, "name"}, {"carol", "root", authPassword, "role"},
			{"carol", auth.Viewer, "elevenchars", "password"}} {
			_, err := r.svc.AddUser(ctx, c.name, c.role, c.password)
			if fe := (*fault.Error)(nil); !errors.As(err, &fe) || fe.Kind != fault.Invalid || fe.Field != c.field {
				t.Errorf("AddUser(%q, %q, %q) = %v, want Invalid on %s", c.name, c.role, c.password, err, c.field)
			}
		}
	})
	t.Run("a password is checked and wrong, unknown and disabled users are refused alike", func(t *testing.T) {
		t.Parallel()
		r := newAuthRig(t, open)
		r.user(t, "alice", auth.Finance)
		r.user(t, "dave", auth.Viewer)
		must(t, r.store.DisableUser(ctx, "dave", r.clock.Now()))
		u, err := r.svc.CheckPassword(ctx, "alice", authPassword)
		if err != nil || u.Name != "alice" || u.Role != auth.Finance {
			t.Fatalf("CheckPassword(alice) = %+v, %v", u, err)
		}
		r.wantSameRefusal(t, "credentials_invalid", func() error { _, err := r.svc.CheckPassword(ctx, "alice", "wrong password!"); return err },
			func() error { _, err := r.svc.CheckPassword(ctx, "nobody", authPassword); return err },
			func() error { _, err := r.svc.CheckPassword(ctx, "dave", authPassword); return err })
	})
	t.Run("a created token authenticates as its user", func(t *testing.T) {
		t.Parallel()
		r := newAuthRig(t, open)
		alice := r.user(t, "alice", auth.Finance)
		secret, tok := r.token(t, "alice", "ci")
		p, err := r.svc.Authenticate(ctx, secret)
		if err != nil || p.TokenID != tok.ID || p.User.ID != alice.ID || p.User.Role != auth.Finance || tok.UserID != alice.ID {
			t.Fatalf("Authenticate = %+v, %v; want alice by token %+v", p, err, tok)
		}
		tokens, err := r.svc.Tokens(ctx, "alice")
		if err != nil || len(tokens) != 1 || tokens[0].ID != tok.ID || tokens[0].Label != "ci" || tokens[0].Revoked {
			t.Fatalf("Tokens(alice) = %+v, %v", tokens, err)
		}
	})
	t.Run("changed, revoked, garbage and disabled users' tokens are refused alike", func(t *testing.T) {
		t.Parallel()
		r := newAuthRig(t, open)
		r.user(t, "alice", auth.Finance)
		r.user(t, "dave", auth.Viewer)
		secret, tok := r.token(t, "alice", "good")
		revoked, old := r.token(t, "alice", "old")
		must(t, r.svc.RevokeToken(ctx, old.ID))
		must(t, r.svc.RevokeToken(ctx, old.ID)) // revoking twice is harmless
		daves, _ := r.token(t, "dave", "dave's")
		must(t, r.store.DisableUser(ctx, "dave", r.clock.Now()))
		bad := []string{changeAt(secret, len(secret)-1), changeAt(secret, 6), revoked, daves, "", "garbage",
			"Bearer " + secret, "fnsh_" + tok.ID + "_" + strings.Repeat("a", 52)}
		refusals := make([]func() error, len(bad))
		for i, b := range bad {
			refusals[i] = func() error { _, err := r.svc.Authenticate(ctx, b); return err }
		}
		r.wantSameRefusal(t, "token_invalid", refusals...)
		_, err := r.svc.Authenticate(ctx, secret)
		must(t, err)
		_, _, err = r.svc.CreateToken(ctx, "dave", "new")
		wantKind(t, err, fault.Conflict)
	})
	t.Run("only hashes of secrets and passwords are stored", func(t *testing.T) {
		t.Parallel()
		r := newAuthRig(t, open)
		r.user(t, "alice", auth.Finance)
		secret, tok := r.token(t, "alice", "ci")
		var stored []byte
		var password string
		must(t, r.db.Read(ctx, func(tx *store.Tx) error {
			if err := tx.QueryRow(ctx, `SELECT secret_hash FROM api_tokens WHERE id = ?`, tok.ID).Scan(&stored); err != nil {
				return err
			}
			return tx.QueryRow(ctx, `SELECT password_hash FROM users WHERE name = 'alice'`).Scan(&password)
		}))
		random := secret[strings.LastIndex(secret, "_")+1:]
		if sum := sha256.Sum256([]byte(random)); !bytes.Equal(stored, sum[:]) || bytes.Contains(stored, []byte(random)) {
			t.Fatalf("secret_hash = %x, want SHA-256 of the random part and never the secret", stored)
		}
		if !strings.HasPrefix(password, "$argon2id$") || strings.Contains(password, authPassword) {
			t.Fatalf("password_hash = %q, want an argon2id PHC string", password)
		}
	})
	t.Run("unknown tokens and users are not found", func(t *testing.T) {
		t.Parallel()
		r := newAuthRig(t, open)
		wantKind(t, r.svc.RevokeToken(ctx, "nosuchtoken"), fault.NotFound)
		_, _, err := r.svc.CreateToken(ctx, "nobody", "ci")
		wantKind(t, err, fault.NotFound)
		_, err = r.svc.Tokens(ctx, "nobody")
		wantKind(t, err, fault.NotFound)
		wantKind(t, r.store.CreateToken(ctx, auth.Token{ID: "t", UserID: 42}, []byte("h")), fault.NotFound)
	})
	t.Run("last use is recorded at most once a minute", func(t *testing.T) {
		t.Parallel()
		r := newAuthRig(t, open)
		r.user(t, "alice", auth.Finance)
		secret, _ := r.token(t, "alice", "ci")
		first := r.clock.Now()
		r.wantLastUsed(t, time.Time{})
		r.authenticate(t, secret, 1)
		r.wantLastUsed(t, first)
		r.clock.Add(59 * time.Second)
		r.authenticate(t, secret, 8) // concurrent readers, for the race detector
		r.wantLastUsed(t, first)
		r.clock.Add(time.Second)
		r.authenticate(t, secret, 1)
		r.wantLastUsed(t, first.Add(time.Minute))
	})
	exerciseUserAdmin(t, open)
	exerciseUserScope(t, open)
}

// exerciseUserAdmin covers enabling, disabling, re-roling and listing.
func exerciseUserAdmin(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("a disabled user is refused at once and enabled again with their tokens", func(t *testing.T) {
		t.Parallel()
		r := newAuthRig(t, open)
		r.user(t, "root", auth.Admin)
		r.user(t, "carol", auth.Viewer)
		secret, _ := r.token(t, "carol", "ci")
		r.authenticate(t, secret, 1)
		must(t, r.svc.DisableUser(ctx, "carol"))
		r.wantSameRefusal(t, "token_invalid", func() error { _, err := r.svc.Authenticate(ctx, secret); return err })
		users, err := r.svc.Users(ctx)
		if must(t, err); !users[1].Disabled {
			t.Fatalf("users = %+v, want carol disabled", users)
		}
		must(t, r.svc.EnableUser(ctx, "carol"))
		must(t, r.svc.EnableUser(ctx, "carol")) // enabling twice is harmless
		r.authenticate(t, secret, 1)
		wantKind(t, r.svc.EnableUser(ctx, "nobody"), fault.NotFound)
		wantKind(t, r.svc.DisableUser(ctx, "nobody"), fault.NotFound)
	})
	t.Run("a new role applies to the next request and unknown roles are invalid", func(t *testing.T) {
		t.Parallel()
		r := newAuthRig(t, open)
		r.user(t, "root", auth.Admin)
		r.user(t, "carol", auth.Viewer)
		secret, _ := r.token(t, "carol", "ci")
		u, err := r.svc.SetRole(ctx, "carol", auth.Finance)
		if err != nil || u.Role != auth.Finance || u.Name != "carol" {
			t.Fatalf("SetRole = %+v, %v", u, err)
		}
		if p, err := r.svc.Authenticate(ctx, secret); err != nil || p.User.Role != auth.Finance {
			t.Fatalf("after SetRole the token acts as %+v, %v", p, err)
		}
		_, err = r.svc.SetRole(ctx, "carol", "root")
		wantKind(t, err, fault.Invalid)
		_, err = r.svc.SetRole(ctx, "nobody", auth.Viewer)
		wantKind(t, err, fault.NotFound)
	})
	t.Run("the last active admin cannot be disabled or demoted", func(t *testing.T) {
		t.Parallel()
		r := newAuthRig(t, open)
		r.user(t, "root", auth.Admin)
		wantCode(t, r.svc.DisableUser(ctx, "root"), fault.Conflict, "last_admin")
		_, err := r.svc.SetRole(ctx, "root", auth.Viewer)
		wantCode(t, err, fault.Conflict, "last_admin")
		r.user(t, "second", auth.Admin)
		must(t, r.svc.DisableUser(ctx, "second"))
		wantCode(t, r.svc.DisableUser(ctx, "root"), fault.Conflict, "last_admin") // a disabled admin does not count
		must(t, r.svc.EnableUser(ctx, "second"))
		_, err = r.svc.SetRole(ctx, "root", auth.Viewer)
		must(t, err)
		wantCode(t, r.svc.DisableUser(ctx, "second"), fault.Conflict, "last_admin")
	})
	t.Run("two admins demoting each other at once leave one admin", func(t *testing.T) {
		t.Parallel()
		r := newAuthRig(t, open)
		r.user(t, "a", auth.Admin)
		r.user(t, "b", auth.Admin)
		errs := make(chan error, 2)
		var wg sync.WaitGroup
		for _, name := range []string{"a", "b"} {
			wg.Go(func() { _, err := r.svc.SetRole(ctx, name, auth.Viewer); errs <- err })
		}
		wg.Wait()
		close(errs)
		var refused int
		for err := range errs {
			if err != nil {
				wantCode(t, err, fault.Conflict, "last_admin")
				refused++
			}
		}
		users, err := r.svc.Users(ctx)
		must(t, err)
		admins := 0
		for _, u := range users {
			if u.Role == auth.Admin && !u.Disabled {
				admins++
			}
		}
		if refused != 1 || admins != 1 {
			t.Fatalf("%d refused, %d admins left; want exactly one of each", refused, admins)
		}
	})
	t.Run("tokens list by user or all, with owner names and revocation, never secrets", func(t *testing.T) {
		t.Parallel()
		r := newAuthRig(t, open)
		r.user(t, "alice", auth.Finance)
		r.user(t, "bob", auth.Viewer)
		_, a1 := r.token(t, "alice", "one")
		r.clock.Add(time.Second)
		_, b1 := r.token(t, "bob", "two")
		r.clock.Add(time.Second)
		_, a2 := r.token(t, "alice", "three")
		must(t, r.svc.RevokeToken(ctx, a1.ID))
		all, err := r.svc.ListTokens(ctx, "")
		must(t, err)
		if len(all) != 3 || all[0].ID != a1.ID || all[1].ID != b1.ID || all[2].ID != a2.ID ||
			all[0].User != "alice" || all[1].User != "bob" || !all[0].Revoked || all[1].Revoked {
			t.Fatalf("all tokens = %+v, want a1 (revoked), b1, a2 with owner names", all)
		}
		alices, err := r.svc.ListTokens(ctx, "alice")
		if must(t, err); len(alices) != 2 || alices[1].ID != a2.ID || alices[1].User != "alice" {
			t.Fatalf("alice's tokens = %+v", alices)
		}
		_, err = r.svc.ListTokens(ctx, "nobody")
		wantKind(t, err, fault.NotFound)
	})
}

func wantCode(t testing.TB, err error, k fault.Kind, code string) {
	t.Helper()
	var fe *fault.Error
	if !errors.As(err, &fe) || fe.Kind != k || fe.Code != code {
		t.Fatalf("err = %v, want %v %s", err, k, code)
	}
}

const authPassword = "correct horse battery"

// authRig is one test's auth service over a fresh database, on a clock the
// test moves by hand.
type authRig struct {
	svc   *auth.Service
	store *authdb.Store
	db    *store.DB
	clock *manualClock
}

func newAuthRig(t testing.TB, open Opener) *authRig {
	db := open(t)
	st := authdb.New(db)
	c := &manualClock{now: time.Date(2026, 3, 1, 9, 0, 0, 123456000, time.UTC)}
	return &authRig{svc: auth.New(st, auth.Options{Now: c.Now, KDF: auth.TestKDF}), store: st, db: db, clock: c}
}

func (r *authRig) user(t testing.TB, name string, role auth.Role) auth.User {
	t.Helper()
	u, err := r.svc.AddUser(context.Background(), name, role, authPassword)
	must(t, err)
	return u
}

func (r *authRig) token(t testing.TB, user, label string) (string, auth.Token) {
	t.Helper()
	secret, tok, err := r.svc.CreateToken(context.Background(), user, label)
	must(t, err)
	return secret, tok
}

// authenticate authenticates with secret from n goroutines at once.
func (r *authRig) authenticate(t testing.TB, secret string, n int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			_, err := r.svc.Authenticate(context.Background(), secret)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
}

// wantLastUsed checks alice's only token was last used at want.
func (r *authRig) wantLastUsed(t testing.TB, want time.Time) {
	t.Helper()
	tokens, err := r.svc.Tokens(context.Background(), "alice")
	must(t, err)
	if len(tokens) != 1 || !tokens[0].LastUsedAt.Equal(want) {
		t.Fatalf("tokens = %+v, want one last used at %v", tokens, want)
	}
}

// wantSameRefusal checks every call fails as Unauthorized with code and one
// message, so a caller cannot tell the reasons apart.
func (r *authRig) wantSameRefusal(t testing.TB, code string, calls ...func() error) {
	t.Helper()
	var first string
	for i, call := range calls {
		var fe *fault.Error
		if err := call(); !errors.As(err, &fe) || fe.Kind != fault.Unauthorized || fe.Code != code {
			t.Fatalf("refusal %d = %v, want Unauthorized %s", i, err, code)
		}
		if i == 0 {
			first = fe.Message
		} else if fe.Message != first {
			t.Fatalf("refusal %d says %q, refusal 0 %q: the reasons must not differ", i, fe.Message, first)
		}
	}
}

// changeAt returns s with the character at i replaced by another valid one.
func changeAt(s string, i int) string {
	c := byte('a')
	if s[i] == c {
		c = 'b'
	}
	return s[:i] + string(c) + s[i+1:]
}

type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
