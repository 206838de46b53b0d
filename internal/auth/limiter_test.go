package auth

import (
	"fmt"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
)

func TestLimiter_LockoutDoublesUpToTheCapAndIsForgottenAfterACalmDay(t *testing.T) {
	l := newLimiter(LoginLimits{PerNameAddress: 1, PerAddress: 100, PerName: 100, Window: time.Minute, Lockout: time.Hour, MaxLockout: 3 * time.Hour})
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	lockFor := func() time.Duration {
		done, err := l.begin("alice", "a", now)
		if err != nil {
			t.Fatalf("begin while not locked: %v", err)
		}
		done(outcomeFailure, now)
		_, err = l.begin("alice", "a", now)
		var fe *fault.Error
		if !asFaultErr(err, &fe) || fe.Kind != fault.Limited {
			t.Fatalf("begin after a lockout = %v, want Limited", err)
		}
		return fe.RetryAfter
	}
	for i, want := range []time.Duration{time.Hour, 2 * time.Hour, 3 * time.Hour, 3 * time.Hour} {
		if got := lockFor(); got != want {
			t.Fatalf("lockout %d lasts %v, want %v", i+1, got, want)
		}
		now = now.Add(want)
	}
	now = now.Add(3 * time.Hour) // a calm MaxLockout after the last lockout ended
	if got := lockFor(); got != time.Hour {
		t.Fatalf("after a calm spell the lockout is %v, want the first one again", got)
	}
}

func TestLimiter_NoOutcomeIsNotAFailure(t *testing.T) {
	l := newLimiter(LoginLimits{PerNameAddress: 1, PerAddress: 1, PerName: 1, Window: time.Minute, Lockout: time.Hour, MaxLockout: time.Hour})
	now := time.Now()
	for range 3 { // the database failed three times: nobody guessed
		done, err := l.begin("alice", "a", now)
		if err != nil {
			t.Fatalf("begin = %v after checks that could not be made", err)
		}
		done(outcomeNone, now)
	}
}

func TestLimiter_PrunesIdleKeys(t *testing.T) {
	l := newLimiter(DefaultLoginLimits)
	now := time.Now()
	for i := range pruneAbove {
		done, err := l.begin(fmt.Sprint("n", i), "a", now)
		if err != nil {
			// the per-address limit trips after 20 failures; successes keep it open
			t.Fatalf("begin %d: %v", i, err)
		}
		done(outcomeSuccess, now)
	}
	now = now.Add(DefaultLoginLimits.Window)
	done, err := l.begin("late", "b", now)
	if err != nil {
		t.Fatal(err)
	}
	done(outcomeSuccess, now)
	if n := len(l.keys); n > 10 {
		t.Fatalf("%d keys kept after a prune, want only the few in use", n)
	}
}

func asFaultErr(err error, fe **fault.Error) bool {
	e, ok := err.(*fault.Error)
	*fe = e
	return ok
}
