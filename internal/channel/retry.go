package channel

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/cenkalti/backoff/v5"
)

// retry runs the attempts of one call. backoff.Retry is not used for the
// loop because it measures elapsed time and sleeps on wall time with no way
// to give it a clock; backoff's ExponentialBackOff still decides every
// delay and its jitter (ADR 0028).
func (c *Client) retry(ctx context.Context, req *http.Request, classify Classify) (Response, error) {
	policy := &backoff.ExponentialBackOff{
		InitialInterval:     c.opt.RetryBase,
		RandomizationFactor: backoff.DefaultRandomizationFactor,
		Multiplier:          2,
		MaxInterval:         c.opt.RetryMax,
	}
	policy.Reset()
	attempts := c.opt.MaxAttempts
	if !rewindable(req) {
		attempts = 1
	}
	for n := 1; ; n++ {
		resp, err := c.attempt(ctx, req, classify)
		if err != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
			// The caller gave up while the answer came: say both, so a
			// caller testing for its own cancellation finds it.
			return resp, fmt.Errorf("%w (%w)", err, ctx.Err())
		}
		if err == nil || n >= attempts || !IsRetryable(err) || notSent(err) || ctx.Err() != nil {
			return resp, err
		}
		if KindOf(err) == Throttled {
			// attempt paused the shop; the next attempt waits in waitTurn.
			// A platform that did not say how long gets a growing pause.
			wait := throttleWait(err, policy)
			c.pause(wait)
			if !c.mayWait(ctx, wait) {
				return resp, err
			}
			continue
		}
		if werr := c.sleep(ctx, policy.NextBackOff(), err); werr != nil {
			return resp, werr
		}
	}
}

// throttleWait is how long a throttle answer pauses the shop: what the
// platform asked for, or the next backoff when it did not say.
func throttleWait(err error, policy backoff.BackOff) time.Duration {
	if d := RetryAfter(err); d > 0 {
		return d
	}
	return policy.NextBackOff()
}

// notSent reports whether err is the client's own refusal to send: the
// breaker is open, or a ban or the rate limiter would hold the call longer
// than it may wait. Trying again at once would only be refused again.
func notSent(err error) bool {
	_, ok := NotSent(err)
	return ok
}

// NotSent reports whether err is the client's refusal to make the call at
// all — the shop is banned, its call rate is used up, or the breaker is
// open — and how long until the client would make it. The platform was not
// called, so a job that meets it has done nothing and can be put off
// without spending an attempt.
func NotSent(err error) (wait time.Duration, ok bool) {
	var e *Error
	if !errors.As(err, &e) {
		return 0, false
	}
	switch e.Code {
	case breakerOpen, codeShopPaused, codeRateLimited:
		return e.RetryAfter, true
	}
	return 0, false
}

// rewindable reports whether req can be sent more than once.
func rewindable(req *http.Request) bool {
	return req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
}

// sleep waits d before another attempt, unless the wait is longer than the
// client may wait or would outlast ctx: then last, the error that made the
// attempt fail, is the answer, and the caller retries later.
func (c *Client) sleep(ctx context.Context, d time.Duration, last error) error {
	if !c.mayWait(ctx, d) {
		return last
	}
	if err := c.opt.Clock.Sleep(ctx, d); err != nil {
		return c.cancelled(err)
	}
	return nil
}

// mayWait reports whether a wait of d fits MaxWait and ctx's deadline, the
// wait measured on the wall as the deadline is.
func (c *Client) mayWait(ctx context.Context, d time.Duration) bool {
	if d > c.opt.MaxWait {
		return false
	}
	dl, ok := ctx.Deadline()
	return !ok || c.opt.Clock.Wall(d) <= time.Until(dl)
}

func (c *Client) cancelled(err error) error {
	return &Error{Kind: Unavailable, Platform: c.opt.Platform, Code: "cancelled", Message: "the call was cancelled", Err: err}
}
