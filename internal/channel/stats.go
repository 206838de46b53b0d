package channel

import "time"

// Stats are a shop client's counters, for health checks and metrics.
type Stats struct {
	Calls       uint64    // Do calls
	Attempts    uint64    // requests sent to the platform
	Throttled   uint64    // throttle answers
	Unavailable uint64    // outage answers: 5xx, timeouts, resets, cut-short answers
	Failed      uint64    // Do calls that returned an error
	FastFailed  uint64    // attempts refused by the open breaker, never sent
	Breaker     string    // "closed", "open" or "half-open"
	PausedUntil time.Time // no call before this (a platform's ban); zero or past when none
	Tokens      float64   // the rate limiter's tokens now; may be negative while calls queue
}

// Stats returns the client's counters as of now on its clock.
func (c *Client) Stats() Stats {
	c.mu.Lock()
	paused := c.pausedUntil
	c.mu.Unlock()
	return Stats{
		Calls:       c.n.calls.Load(),
		Attempts:    c.n.attempts.Load(),
		Throttled:   c.n.throttled.Load(),
		Unavailable: c.n.unavailable.Load(),
		Failed:      c.n.failed.Load(),
		FastFailed:  c.n.fastFailed.Load(),
		Breaker:     c.breaker.state(),
		PausedUntil: paused,
		Tokens:      c.limiter.TokensAt(c.opt.Clock.Now()),
	}
}
