package storetest

import (
	"bytes"
	"context"
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

// ExerciseSessions runs the console session contract against one engine
// (docs/adr/0038-sessions.md).
func ExerciseSessions(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("a session signs in, is resumed by its cookie, and ends at logout", func(t *testing.T) {
		t.Parallel()
		r := newSessionRig(t, open, auth.Options{})
		alice := r.user(t, "alice", auth.Finance)
		ns := r.login(t, "alice")
		p, got, err := r.svc.ResumeSession(ctx, ns.Cookie)
		if err != nil || p.User.ID != alice.ID || p.SessionID != ns.Session.ID || p.TokenID != "" || got.CSRFToken != ns.CSRFToken {
			t.Fatalf("ResumeSession = %+v, %+v, %v; want alice's session %s", p, got, err, ns.Session.ID)
		}
		if !got.CSRFValid(ns.CSRFToken) || got.CSRFValid("") || got.CSRFValid(changeAt(ns.CSRFToken, 0)) {
			t.Fatal("CSRFValid accepts a wrong token or refuses the right one")
		}
		if !ns.Session.ExpiresAt.Equal(r.clock.Now().Add(auth.DefaultSessionMax)) {
			t.Fatalf("expires at %v, want 12h after sign-in", ns.Session.ExpiresAt)
		}
		must(t, r.svc.EndSession(ctx, ns.Session.ID))
		must(t, r.svc.EndSession(ctx, ns.Session.ID)) // again: harmless
		r.wantEnded(t, ns, "logout")
	})
	t.Run("only hashes of the session secret and CSRF token are stored", func(t *testing.T) {
		t.Parallel()
		r := newSessionRig(t, open, auth.Options{})
		r.user(t, "alice", auth.Finance)
		ns := r.login(t, "alice")
		var secretHash, csrfHash []byte
		must(t, r.db.Read(ctx, func(tx *store.Tx) error {
			return tx.QueryRow(ctx, `SELECT secret_hash, csrf_hash FROM sessions WHERE id = ?`, ns.Session.ID).Scan(&secretHash, &csrfHash)
		}))
		secret := ns.Cookie[strings.Index(ns.Cookie, ".")+1:]
		if len(secretHash) != 32 || len(csrfHash) != 32 || bytes.Contains(secretHash, []byte(secret)) || bytes.Contains(csrfHash, []byte(ns.CSRFToken)) {
			t.Fatalf("stored %x / %x: want two SHA-256 hashes", secretHash, csrfHash)
		}
	})
	t.Run("garbage, tampered and unknown cookies are refused alike", func(t *testing.T) {
		t.Parallel()
		r := newSessionRig(t, open, auth.Options{})
		r.user(t, "alice", auth.Finance)
		ns := r.login(t, "alice")
		bad := []string{"", "garbage", changeAt(ns.Cookie, len(ns.Cookie)-1), changeAt(ns.Cookie, 0), ns.Session.ID}
		refusals := make([]func() error, len(bad))
		for i, b := range bad {
			refusals[i] = func() error { _, _, err := r.svc.ResumeSession(ctx, b); return err }
		}
		r.wantSameRefusal(t, "session_expired", refusals...)
	})
	t.Run("an idle session and one past its absolute end are ended with the reason", func(t *testing.T) {
		t.Parallel()
		r := newSessionRig(t, open, auth.Options{SessionIdle: 10 * time.Minute, SessionMax: 30 * time.Minute})
		r.user(t, "alice", auth.Finance)
		idle, busy := r.login(t, "alice"), r.login(t, "alice")
		for range 3 { // busy is used every 9 minutes; idle not
			r.clock.Add(9 * time.Minute)
			if _, _, err := r.svc.ResumeSession(ctx, busy.Cookie); err != nil {
				t.Fatalf("a session in use every 9 minutes ended: %v", err)
			}
		}
		_, _, err := r.svc.ResumeSession(ctx, idle.Cookie)
		wantCode(t, err, fault.Unauthorized, "session_expired")
		r.wantEnded(t, idle, "idle")
		r.clock.Add(3 * time.Minute) // 30 minutes after sign-in
		_, _, err = r.svc.ResumeSession(ctx, busy.Cookie)
		wantCode(t, err, fault.Unauthorized, "session_expired")
		r.wantEnded(t, busy, "expired")
	})
	t.Run("last seen is written at most once a minute", func(t *testing.T) {
		t.Parallel()
		r := newSessionRig(t, open, auth.Options{})
		r.user(t, "alice", auth.Finance)
		ns := r.login(t, "alice")
		r.clock.Add(59 * time.Second)
		r.resume(t, ns, 8)
		r.wantLastSeen(t, ns, ns.Session.LastSeenAt)
		r.clock.Add(time.Second)
		r.resume(t, ns, 1)
		r.wantLastSeen(t, ns, ns.Session.LastSeenAt.Add(time.Minute))
	})
	exerciseSessionEnds(t, open)
	exerciseFirstAdmin(t, open)
	exerciseLoginLimits(t, open)
}

// exerciseSessionEnds: a password change, disabling and a new role end
// every session of the user, and only theirs.
func exerciseSessionEnds(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("a password change ends all the user's sessions and opens a fresh one", func(t *testing.T) {
		t.Parallel()
		r := newSessionRig(t, open, auth.Options{})
		r.user(t, "alice", auth.Finance)
		r.user(t, "bob", auth.Finance)
		a1, a2, b := r.login(t, "alice"), r.login(t, "alice"), r.login(t, "bob")
		p, _, err := r.svc.ResumeSession(ctx, a1.Cookie)
		must(t, err)
		_, err = r.svc.ChangePassword(ctx, p, "wrong password", "a brand new passphrase", "10.0.0.1")
		wantField(t, err, "current_password")
		_, err = r.svc.ChangePassword(ctx, p, authPassword, "alice-in-wonderland-1", "10.0.0.1")
		wantField(t, err, "new_password")
		fresh, err := r.svc.ChangePassword(ctx, p, authPassword, "a brand new passphrase", "10.0.0.1")
		must(t, err)
		r.wantEnded(t, a1, "password_changed")
		r.wantEnded(t, a2, "password_changed")
		r.resume(t, fresh, 1)
		r.resume(t, b, 1)
		_, err = r.svc.CheckPassword(ctx, "alice", authPassword)
		wantKind(t, err, fault.Unauthorized)
		_, err = r.svc.CheckPassword(ctx, "alice", "a brand new passphrase")
		must(t, err)
	})
	t.Run("disabling a user or changing their role ends their sessions", func(t *testing.T) {
		t.Parallel()
		r := newSessionRig(t, open, auth.Options{})
		r.user(t, "root", auth.Admin)
		r.user(t, "carol", auth.Viewer)
		r.user(t, "dave", auth.Viewer)
		r.user(t, "erin", auth.Viewer)
		carol, dave, erin := r.login(t, "carol"), r.login(t, "dave"), r.login(t, "erin")
		must(t, r.svc.DisableUser(ctx, "carol"))
		_, err := r.svc.SetRole(ctx, "dave", auth.Finance)
		must(t, err)
		must(t, r.store.DisableUser(ctx, "erin", r.clock.Now()))
		r.wantEnded(t, carol, "user_disabled")
		r.wantEnded(t, dave, "role_changed")
		r.wantEnded(t, erin, "user_disabled")
		must(t, r.svc.EnableUser(ctx, "carol"))
		_, _, err = r.svc.ResumeSession(ctx, carol.Cookie)
		wantCode(t, err, fault.Unauthorized, "session_expired") // enabling does not revive it
		_, err = r.svc.SetRole(ctx, "dave", auth.Finance)       // the same role again: nothing ends
		must(t, err)
		r.resume(t, r.login(t, "dave"), 1)
	})
}

func exerciseFirstAdmin(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("two first-run setups at once make exactly one admin, then setup is done", func(t *testing.T) {
		t.Parallel()
		r := newSessionRig(t, open, auth.Options{})
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = r.svc.CreateFirstAdmin(ctx, "admin"+string(rune('a'+i)), authPassword)
			})
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			if err == nil {
				won++
			} else {
				wantCode(t, err, fault.Conflict, "setup_done")
			}
		}
		users, err := r.svc.Users(ctx)
		must(t, err)
		if won != 1 || len(users) != 1 || users[0].Role != auth.Admin {
			t.Fatalf("%d setups succeeded, users %+v; want exactly one admin", won, users)
		}
		_, err = r.svc.CreateFirstAdmin(ctx, "late", authPassword)
		wantCode(t, err, fault.Conflict, "setup_done")
		_, err = r.svc.CreateFirstAdmin(ctx, "late", "short")
		wantField(t, err, "password")
	})
	t.Run("setup is refused once any user exists", func(t *testing.T) {
		t.Parallel()
		r := newSessionRig(t, open, auth.Options{})
		r.user(t, "ops", auth.Operations)
		_, err := r.svc.CreateFirstAdmin(ctx, "admin", authPassword)
		wantCode(t, err, fault.Conflict, "setup_done")
	})
}

func exerciseLoginLimits(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("parallel wrong logins get no more password checks than the limit", func(t *testing.T) {
		t.Parallel()
		r := newSessionRig(t, open, auth.Options{})
		r.user(t, "alice", auth.Finance)
		const n = 24
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() { _, errs[i] = r.svc.Login(ctx, "alice", "wrong password!", "10.0.0.9") })
		}
		wg.Wait()
		failed, locked := 0, 0
		for _, err := range errs {
			if fe := asFault(err); fe != nil && fe.Code == "login_failed" {
				failed++
			} else if fe != nil && fe.Code == "login_locked" && fe.RetryAfter > 0 {
				locked++
			}
		}
		if failed != auth.DefaultLoginLimits.PerNameAddress || locked != n-failed {
			t.Fatalf("%d checked and failed, %d locked of %d; want exactly %d checked", failed, locked, n, auth.DefaultLoginLimits.PerNameAddress)
		}
		// Locked means locked: the right password is refused too, from there...
		_, err := r.svc.Login(ctx, "alice", authPassword, "10.0.0.9")
		wantCode(t, err, fault.Limited, "login_locked")
		// ...but not from another address, so the guesser does not lock alice out.
		r.login(t, "alice")
		r.clock.Add(auth.DefaultLoginLimits.Lockout)
		_, err = r.svc.Login(ctx, "alice", authPassword, "10.0.0.9")
		must(t, err)
	})
	t.Run("lockouts grow, and a success clears the name's count", func(t *testing.T) {
		t.Parallel()
		lim := auth.LoginLimits{PerNameAddress: 2, PerAddress: 100, PerName: 100, Window: time.Minute, Lockout: time.Minute, MaxLockout: time.Hour}
		r := newSessionRig(t, open, auth.Options{Logins: lim})
		r.user(t, "alice", auth.Finance)
		fail := func() error { _, err := r.svc.Login(ctx, "alice", "wrong password!", "10.0.0.9"); return err }
		wantCode(t, fail(), fault.Unauthorized, "login_failed")
		_, err := r.svc.Login(ctx, "alice", authPassword, "10.0.0.9")
		must(t, err) // clears the count: two more failures before a lockout
		wantCode(t, fail(), fault.Unauthorized, "login_failed")
		wantCode(t, fail(), fault.Unauthorized, "login_failed")
		wantRetryAfter(t, fail(), time.Minute)
		r.clock.Add(time.Minute)
		wantCode(t, fail(), fault.Unauthorized, "login_failed")
		wantCode(t, fail(), fault.Unauthorized, "login_failed")
		wantRetryAfter(t, fail(), 2*time.Minute) // the second lockout doubles
	})
	t.Run("one address guessing many names is locked by the per-address limit", func(t *testing.T) {
		t.Parallel()
		lim := auth.LoginLimits{PerNameAddress: 5, PerAddress: 3, PerName: 100, Window: time.Minute, Lockout: time.Minute, MaxLockout: time.Hour}
		r := newSessionRig(t, open, auth.Options{Logins: lim})
		for _, name := range []string{"a1", "a2", "a3"} {
			_, err := r.svc.Login(ctx, name, "wrong password!", "10.0.0.7")
			wantCode(t, err, fault.Unauthorized, "login_failed")
		}
		_, err := r.svc.Login(ctx, "a4", "wrong password!", "10.0.0.7")
		wantCode(t, err, fault.Limited, "login_locked")
	})
}

func wantRetryAfter(t testing.TB, err error, d time.Duration) {
	t.Helper()
	if fe := asFault(err); fe == nil || fe.Code != "login_locked" || fe.RetryAfter != d {
		t.Fatalf("err = %v, want login_locked for %v", err, d)
	}
}

func asFault(err error) *fault.Error {
	var fe *fault.Error
	if errors.As(err, &fe) {
		return fe
	}
	return nil
}

type sessionRig struct{ *authRig }

func newSessionRig(t testing.TB, open Opener, opt auth.Options) *sessionRig {
	db := open(t)
	st := authdb.New(db)
	c := &manualClock{now: time.Date(2026, 3, 1, 9, 0, 0, 123456000, time.UTC)}
	opt.Now, opt.KDF = c.Now, auth.TestKDF
	return &sessionRig{&authRig{svc: auth.New(st, opt), store: st, db: db, clock: c}}
}

func (r *sessionRig) login(t testing.TB, name string) auth.NewSession {
	t.Helper()
	ns, err := r.svc.Login(context.Background(), name, authPassword, "192.0.2.1")
	must(t, err)
	return ns
}

// resume resumes ns from n goroutines at once; each must succeed.
func (r *sessionRig) resume(t testing.TB, ns auth.NewSession, n int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { _, _, errs[i] = r.svc.ResumeSession(context.Background(), ns.Cookie) })
	}
	wg.Wait()
	for _, err := range errs {
		must(t, err)
	}
}

func (r *sessionRig) wantEnded(t testing.TB, ns auth.NewSession, reason string) {
	t.Helper()
	var got *string
	var s string
	must(t, r.db.Read(context.Background(), func(tx *store.Tx) error {
		var ns2 *string
		err := tx.QueryRow(context.Background(), `SELECT end_reason FROM sessions WHERE id = ?`, ns.Session.ID).Scan(&ns2)
		got = ns2
		return err
	}))
	if got != nil {
		s = *got
	}
	if s != reason {
		t.Fatalf("session %s end_reason = %q, want %q", ns.Session.ID, s, reason)
	}
	_, _, err := r.svc.ResumeSession(context.Background(), ns.Cookie)
	wantCode(t, err, fault.Unauthorized, "session_expired")
}

func (r *sessionRig) wantLastSeen(t testing.TB, ns auth.NewSession, want time.Time) {
	t.Helper()
	var us int64
	must(t, r.db.Read(context.Background(), func(tx *store.Tx) error {
		return tx.QueryRow(context.Background(), `SELECT last_seen_at FROM sessions WHERE id = ?`, ns.Session.ID).Scan(&us)
	}))
	if got := store.Time(us); !got.Equal(want) {
		t.Fatalf("last_seen_at = %v, want %v", got, want)
	}
}
