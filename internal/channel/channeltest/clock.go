package channeltest

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Clock is simulated time for channel.ClientOptions.Clock, so tests (and
// the chaos test) can wait out bans, backoffs and outages of minutes in no
// wall time, and check exactly when each call was made.
//
// An automatic clock (NewClock) jumps forward to a sleeper's wake-up time
// as soon as it sleeps; time never goes back, so a sleeper never wakes
// sooner than it asked, though concurrent sleepers may wake later. A
// manual clock (NewManualClock) holds sleepers until Advance reaches their
// wake-up time, so a test can see who is waiting, and for how long.
type Clock struct {
	mu       sync.Mutex
	now      time.Time
	manual   bool
	sleepers []*sleeper
	slept    []time.Duration
	changed  chan struct{} // closed and replaced whenever sleepers change
}

type sleeper struct {
	until time.Time
	wake  chan struct{}
}

// NewClock returns an automatic clock that starts at start.
func NewClock(start time.Time) *Clock {
	return &Clock{now: start, changed: make(chan struct{})}
}

// NewManualClock returns a clock that starts at start and moves only on
// Advance.
func NewManualClock(start time.Time) *Clock {
	c := NewClock(start)
	c.manual = true
	return c
}

// Now returns the simulated time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep waits d of simulated time, or until ctx is done.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	c.mu.Lock()
	c.slept = append(c.slept, d)
	until := c.now.Add(d)
	if !c.manual {
		c.now = later(c.now, until)
		c.mu.Unlock()
		return ctx.Err()
	}
	s := &sleeper{until: until, wake: make(chan struct{})}
	c.sleepers = append(c.sleepers, s)
	c.signal()
	c.mu.Unlock()
	select {
	case <-s.wake:
		return nil
	case <-ctx.Done():
		c.mu.Lock()
		c.sleepers = slices.DeleteFunc(c.sleepers, func(o *sleeper) bool { return o == s })
		c.signal()
		c.mu.Unlock()
		return ctx.Err()
	}
}

// Advance moves the clock d forward and wakes the sleepers whose time has
// come.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.sleepers = slices.DeleteFunc(c.sleepers, func(s *sleeper) bool {
		if s.until.After(c.now) {
			return false
		}
		close(s.wake)
		return true
	})
	c.signal()
}

// Wall is 0: a sleep on a simulated clock that is stepped takes no wall
// time of its own.
func (c *Clock) Wall(time.Duration) time.Duration { return 0 }

// Sleepers returns the wake-up times of those sleeping on a manual clock.
func (c *Clock) Sleepers() []time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]time.Time, len(c.sleepers))
	for i, s := range c.sleepers {
		out[i] = s.until
	}
	return out
}

// Slept returns every wait asked of the clock, in order.
func (c *Clock) Slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.slept)
}

// WaitSleepers blocks until at least n are sleeping on a manual clock and
// returns true, or returns false once stop is closed (the code under test
// returned instead of sleeping, say), so a test fails rather than hangs.
func (c *Clock) WaitSleepers(n int, stop <-chan struct{}) bool {
	for {
		c.mu.Lock()
		enough, changed := len(c.sleepers) >= n, c.changed
		c.mu.Unlock()
		if enough {
			return true
		}
		select {
		case <-changed:
		case <-stop:
			return len(c.Sleepers()) >= n
		}
	}
}

// signal wakes WaitSleepers; c.mu is held.
func (c *Clock) signal() {
	close(c.changed)
	c.changed = make(chan struct{})
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
