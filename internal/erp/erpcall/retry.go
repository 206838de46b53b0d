package erpcall

import (
	"context"
	"time"

	"github.com/cenkalti/backoff/v5"
)

// Retry bounds the attempts at one call. Sleep is injectable so tests run
// without real waits; nil sleeps on the wall clock.
type Retry struct {
	Attempts int           // tries in all, first included; 0: 4
	Initial  time.Duration // first backoff; 0: 500ms
	Max      time.Duration // longest backoff; 0: 10s
	Sleep    func(ctx context.Context, d time.Duration) error
}

// Do runs call until it succeeds, fails other than Transient, the
// attempts are spent or ctx ends; it returns the last error. Like
// internal/channel, the loop is ours and backoff's ExponentialBackOff only
// picks each delay and its jitter: backoff.Retry sleeps on wall time with
// no clock to inject.
func (r Retry) Do(ctx context.Context, call func() error) error {
	policy := &backoff.ExponentialBackOff{
		InitialInterval:     or(r.Initial, 500*time.Millisecond),
		RandomizationFactor: backoff.DefaultRandomizationFactor,
		Multiplier:          2,
		MaxInterval:         or(r.Max, 10*time.Second),
	}
	policy.Reset()
	attempts := r.Attempts
	if attempts <= 0 {
		attempts = 4
	}
	for n := 1; ; n++ {
		err := call()
		if err == nil || n >= attempts || KindOf(err) != Transient || ctx.Err() != nil {
			return err
		}
		if werr := r.sleep(ctx, policy.NextBackOff()); werr != nil {
			return err
		}
	}
}

func (r Retry) sleep(ctx context.Context, d time.Duration) error {
	if r.Sleep != nil {
		return r.Sleep(ctx, d)
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

func or(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
