package channel

import (
	"errors"
	"sync"
	"time"

	"github.com/sony/gobreaker/v2"
)

// errCallerGone tells the breaker an attempt ended because its caller
// cancelled, which says nothing about the platform.
var errCallerGone = errors.New("the caller gave up")

// breaker is gobreaker's state machine (consecutive failures open it, one
// probe while half-open, a success closes it) with the open period timed
// on the client's clock. gobreaker times it on time.Now with no way to give
// it a clock, so its own Timeout is set to a nanosecond and the open period
// is kept here: while it lasts, gate fails fast; after it, gobreaker is
// already half-open and lets its one probe through (ADR 0028).
type breaker struct {
	cb       *gobreaker.TwoStepCircuitBreaker[struct{}]
	clock    Clock
	openFor  time.Duration
	platform string
	onReject func()

	mu        sync.Mutex
	openUntil time.Time
}

func newBreaker(opt ClientOptions, onReject func()) *breaker {
	b := &breaker{clock: opt.Clock, openFor: opt.BreakerOpen, platform: opt.Platform, onReject: onReject}
	b.cb = gobreaker.NewTwoStepCircuitBreaker[struct{}](gobreaker.Settings{
		Name:        opt.Platform,
		MaxRequests: 1,
		Timeout:     time.Nanosecond,
		ReadyToTrip: func(n gobreaker.Counts) bool { return n.ConsecutiveFailures >= opt.BreakerFailures },
		// Only an outage counts against the platform: a throttle, a refusal
		// or a not-found is the platform answering.
		IsSuccessful: func(err error) bool { return KindOf(err) != Unavailable },
		IsExcluded:   func(err error) bool { return errors.Is(err, errCallerGone) },
		OnStateChange: func(_ string, _, to gobreaker.State) {
			if to == gobreaker.StateOpen {
				b.mu.Lock()
				b.openUntil = b.clock.Now().Add(b.openFor)
				b.mu.Unlock()
			}
		},
	})
	return b
}

// gate fails fast while the breaker's open period lasts.
func (b *breaker) gate() error {
	b.mu.Lock()
	left := b.openUntil.Sub(b.clock.Now())
	b.mu.Unlock()
	if left > 0 {
		return b.reject(left)
	}
	return nil
}

// allow admits an attempt (in half-open state, only the one probe); done
// reports how it went.
func (b *breaker) allow() (done func(error), err error) {
	done, err = b.cb.Allow()
	if err != nil {
		// Half-open with its probe out, or opened by another call just
		// now: the probe's outcome is known well within a second.
		return nil, b.reject(probeWait)
	}
	return done, nil
}

// probeWait is how long a call refused while the breaker's probe is out
// should wait before it asks again.
const probeWait = time.Second

// reject refuses a call; RetryAfter says when the breaker lets one through.
func (b *breaker) reject(left time.Duration) error {
	b.onReject()
	return &Error{Kind: Unavailable, Platform: b.platform, Code: breakerOpen, Message: "the platform failed repeatedly; calls are paused",
		RetryAfter: left}
}

// state is "closed", "open" or "half-open", as of the client's clock.
func (b *breaker) state() string {
	b.mu.Lock()
	open := b.clock.Now().Before(b.openUntil)
	b.mu.Unlock()
	if open {
		return gobreaker.StateOpen.String()
	}
	return b.cb.State().String()
}

// breakerOpen is the Code of the error a client fails fast with.
const breakerOpen = "breaker_open"
