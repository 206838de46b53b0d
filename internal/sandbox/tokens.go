package sandbox

import (
	"sync"
	"time"
)

// Tokens is an ERP sandbox's access-token bookkeeping: the tokens it gave
// out and until when each holds, how many it gave out (a client should
// reuse one until it expires), and revoking them all, as an admin resetting
// the app's credentials would. Safe for concurrent use; the zero value is
// ready.
type Tokens struct {
	mu     sync.Mutex
	expiry map[string]time.Time
	issued int
}

// Issue records tok, made in the ERP's own shape, as given out and valid
// until expires, and returns it.
func (t *Tokens) Issue(tok string, expires time.Time) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.expiry == nil {
		t.expiry = map[string]time.Time{}
	}
	t.expiry[tok] = expires
	t.issued++
	return tok
}

// Valid says whether tok was issued, not revoked, and holds at now.
func (t *Tokens) Valid(tok string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	exp, ok := t.expiry[tok]
	return tok != "" && ok && now.Before(exp)
}

// Issued counts the tokens given out.
func (t *Tokens) Issued() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.issued
}

// Revoke makes every token given out so far invalid.
func (t *Tokens) Revoke() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.expiry = nil
}
