package auth

import (
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
)

// LoginLimits bound password guessing (docs/adr/0038-sessions.md). Failures
// are counted per (name, address), per address over all names and per name
// over all addresses; a count reaching its limit within Window locks that
// key for Lockout, doubled at each repeat up to MaxLockout.
//
// The per-(name, address) limit is low, so a guesser at one address is
// stopped early while the real user elsewhere is not; the per-name ceiling
// is high, and only a guesser spread over many addresses reaches it — then
// the name is locked everywhere, the real user included, until it expires.
// That denial of service is the price of bounding distributed guessing.
type LoginLimits struct {
	PerNameAddress int
	PerAddress     int
	PerName        int
	Window         time.Duration
	Lockout        time.Duration
	MaxLockout     time.Duration
}

// DefaultLoginLimits: 5 failures of one name from one address in 15
// minutes lock that pair for 15 minutes, then 30, 60, … up to a day.
var DefaultLoginLimits = LoginLimits{PerNameAddress: 5, PerAddress: 20, PerName: 50,
	Window: 15 * time.Minute, Lockout: 15 * time.Minute, MaxLockout: 24 * time.Hour}

type outcome int

const (
	outcomeNone    outcome = iota // the check could not be made (the database failed)
	outcomeFailure                // a wrong name or password
	outcomeSuccess
)

// keyState counts one key's failures within the current window, the
// attempts being checked right now, and its lockouts.
type keyState struct {
	fails    int
	since    time.Time // the first failure counted
	inflight int
	until    time.Time // locked before this
	strikes  int       // lockouts so far; each doubles the next
}

// limiter keeps the counts in memory: one node's view (the ADR says why
// that is enough). Keys idle past their window are pruned as it grows.
type limiter struct {
	lim  LoginLimits
	mu   sync.Mutex
	keys map[string]*keyState
}

const pruneAbove = 10000

func newLimiter(l LoginLimits) *limiter { return &limiter{lim: l, keys: map[string]*keyState{}} }

type limitKey struct {
	key   string
	limit int
	name  bool // cleared by a successful sign-in
}

func (l *limiter) keysOf(name, addr string) []limitKey {
	return []limitKey{{"na\x00" + name + "\x00" + addr, l.lim.PerNameAddress, true},
		{"a\x00" + addr, l.lim.PerAddress, false}, {"n\x00" + name, l.lim.PerName, true}}
}

// begin admits one password check for name from addr, counting it as in
// flight until done is called with its outcome. A key whose failures plus
// checks in flight already reach its limit refuses, so N parallel guesses
// get at most the limit's checks. Errors: Limited "login_locked".
func (l *limiter) begin(name, addr string, now time.Time) (done func(outcome, time.Time), err error) {
	keys := l.keysOf(name, addr)
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.keys) >= pruneAbove {
		// Before any state is taken: a key in flight is never pruned, so
		// finish finds the very states begin counted in.
		l.prune(now)
	}
	states := make([]*keyState, len(keys))
	var wait time.Duration
	for i, k := range keys {
		st := l.state(k.key, now)
		states[i] = st
		if st.until.After(now) {
			wait = max(wait, st.until.Sub(now))
		} else if st.fails+st.inflight >= k.limit {
			wait = max(wait, l.lim.Window-now.Sub(st.since), time.Second)
		}
	}
	if wait > 0 {
		return nil, errLocked(wait)
	}
	for _, st := range states {
		st.inflight++
	}
	var once sync.Once
	return func(o outcome, at time.Time) { once.Do(func() { l.finish(keys, o, at) }) }, nil
}

func (l *limiter) finish(keys []limitKey, o outcome, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		st := l.state(k.key, now)
		st.inflight--
		switch {
		case o == outcomeSuccess && k.name:
			st.fails, st.strikes = 0, 0
		case o == outcomeFailure:
			if st.fails == 0 {
				st.since = now
			}
			st.fails++
			if st.fails >= k.limit {
				st.until = now.Add(min(l.lim.Lockout<<min(st.strikes, 16), l.lim.MaxLockout))
				st.strikes++
				st.fails = 0
			}
		}
	}
}

// state returns key's state with failures older than the window dropped
// and, after a calm day, its lockouts forgotten.
func (l *limiter) state(key string, now time.Time) *keyState {
	st, ok := l.keys[key]
	if !ok {
		st = &keyState{}
		l.keys[key] = st
	}
	if st.fails > 0 && now.Sub(st.since) >= l.lim.Window {
		st.fails = 0
	}
	if st.strikes > 0 && now.Sub(st.until) >= l.lim.MaxLockout {
		st.strikes = 0
	}
	return st
}

func (l *limiter) prune(now time.Time) {
	for k, st := range l.keys {
		idle := st.inflight == 0 && !st.until.After(now) && (st.fails == 0 || now.Sub(st.since) >= l.lim.Window)
		if idle && (st.strikes == 0 || now.Sub(st.until) >= l.lim.MaxLockout) {
			delete(l.keys, k)
		}
	}
}

func errLocked(wait time.Duration) error {
	wait = (wait + time.Second - 1).Truncate(time.Second) // whole seconds, never 0
	e := fault.New(fault.Limited, "login_locked", "too many failed sign-ins; try again in %s", wait)
	e.RetryAfter = wait
	return e
}
