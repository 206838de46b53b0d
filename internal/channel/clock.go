package channel

import (
	"context"
	"time"
)

// Clock is the time a client paces, backs off and waits out bans on. The
// real one is time itself; tests and the chaos test give a simulated one
// (channeltest.Clock), so a ten-minute outage or a TOP ban costs no wall
// time and "no call sooner than allowed" can be checked exactly.
//
// Only waiting is on this clock. The per-attempt timeout bounds real I/O on
// a real socket, so it stays on real time.
type Clock interface {
	Now() time.Time
	// Sleep waits d, or until ctx is done, and then returns ctx's error.
	Sleep(ctx context.Context, d time.Duration) error
	// Wall is how long a Sleep of d takes on the wall: a context's
	// deadline is wall time, whatever the clock.
	Wall(d time.Duration) time.Duration
}

// realClock is the wall clock.
type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Wall(d time.Duration) time.Duration { return d }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
