package channeltest

import (
	"context"
	"time"
)

// FastClock is simulated time that runs Speed times faster than the wall.
// Clock steps time and suits one client; a whole hub (the chaos test) has
// the job queue, the database and many goroutines on one timeline, which
// no one can step, so there time is sped up instead: a ten-minute outage
// and an hour of retries pass in seconds, and every part that paces or
// waits — clients, simulators, the job queue's retries (jobdb's Speed) —
// reads the same clock. A sleeper never wakes before its time.
type FastClock struct {
	start time.Time
	wall  time.Time // the wall time (with its monotonic reading) start maps to
	speed float64
}

// NewFastClock returns a clock that reads start now and runs speed times
// faster than the wall.
func NewFastClock(start time.Time, speed float64) *FastClock {
	if speed <= 0 {
		panic("channeltest: a FastClock needs a positive speed")
	}
	return &FastClock{start: start, wall: time.Now(), speed: speed}
}

// Now returns the simulated time.
func (c *FastClock) Now() time.Time {
	return c.start.Add(time.Duration(float64(time.Since(c.wall)) * c.speed))
}

// Speed is how many simulated seconds pass in one second of the wall.
func (c *FastClock) Speed() float64 { return c.speed }

// Wall is how long d of simulated time takes on the wall.
func (c *FastClock) Wall(d time.Duration) time.Duration { return time.Duration(float64(d) / c.speed) }

// Sleep waits d of simulated time, or until ctx is done.
func (c *FastClock) Sleep(ctx context.Context, d time.Duration) error {
	until := c.Now().Add(d)
	for left := d; left > 0; left = until.Sub(c.Now()) {
		t := time.NewTimer(c.Wall(left) + 1)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
	return ctx.Err()
}
