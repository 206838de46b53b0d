package sandbox

import "sync"

// Creates numbers the creates an ERP sandbox takes, from 1 over its life,
// and says which of them a test wants refused, or done with the answer
// lost on the way back — the two failures a pusher must survive without
// creating anything twice. Safe for concurrent use.
type Creates struct {
	mu     sync.Mutex
	n      int
	refuse map[int]bool
	lose   map[int]bool
}

// Refuse makes the n-th create refused.
func (c *Creates) Refuse(n int) { c.mark(&c.refuse, n) }

// Lose makes the n-th create done, its answer lost.
func (c *Creates) Lose(n int) { c.mark(&c.lose, n) }

func (c *Creates) mark(set *map[int]bool, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if *set == nil {
		*set = map[int]bool{}
	}
	(*set)[n] = true
}

// Next counts one more create and says what to do with it.
func (c *Creates) Next() (refused, lost bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	return c.refuse[c.n], c.lose[c.n]
}
