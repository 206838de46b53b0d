package auth

import (
	"sync"
	"time"
)

// throttle lets an action through at most once per interval per key. It
// holds one entry per token that authenticated since start, which is bounded
// by the tokens issued, so it is never pruned.
type throttle struct {
	every time.Duration
	mu    sync.Mutex
	last  map[string]time.Time
}

func newThrottle(every time.Duration) *throttle {
	return &throttle{every: every, last: map[string]time.Time{}}
}

// claim reports whether key may act at now, and if so notes that it did.
func (t *throttle) claim(key string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if last, ok := t.last[key]; ok && now.Sub(last) < t.every {
		return false
	}
	t.last[key] = now
	return true
}

func (t *throttle) forget(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.last, key)
}
