package channel

import (
	"context"
	"time"
)

// waitTurn waits until the shop may call: past any ban, then for a token
// of the rate limiter, and again if a ban arrived meanwhile (another call
// of the shop was throttled while this one waited for its token).
func (c *Client) waitTurn(ctx context.Context) error {
	for {
		if err := c.waitBan(ctx); err != nil {
			return err
		}
		if err := c.waitToken(ctx); err != nil {
			return err
		}
		if c.banLeft() <= 0 {
			return nil
		}
	}
}

// waitBan waits out the shop's ban, if any. A ban longer than the client
// may wait is answered at once with a Throttled error saying how long is
// left, so the job queue can schedule the call for after it.
func (c *Client) waitBan(ctx context.Context) error {
	for left := c.banLeft(); left > 0; left = c.banLeft() {
		if !c.mayWait(ctx, left) {
			return &Error{Kind: Throttled, Platform: c.opt.Platform, Code: codeShopPaused, Message: "the platform asked this shop to pause", RetryAfter: left}
		}
		if err := c.opt.Clock.Sleep(ctx, left); err != nil {
			return c.cancelled(err)
		}
	}
	return nil
}

// waitToken takes one token of the shop's rate limiter, waiting for it on
// the client's clock. The reservation is given back when the wait is
// abandoned, so a cancelled call does not slow the shop's next ones.
func (c *Client) waitToken(ctx context.Context) error {
	now := c.opt.Clock.Now()
	r := c.limiter.ReserveN(now, 1)
	d := r.DelayFrom(now)
	if d == 0 {
		return nil
	}
	if !c.mayWait(ctx, d) {
		r.CancelAt(now)
		return &Error{Kind: Throttled, Platform: c.opt.Platform, Code: codeRateLimited, Message: "the shop's call rate is used up", RetryAfter: d}
	}
	if err := c.opt.Clock.Sleep(ctx, d); err != nil {
		r.CancelAt(c.opt.Clock.Now())
		return c.cancelled(err)
	}
	return nil
}

// Codes of the Throttled errors a client answers without calling.
const (
	codeShopPaused  = "shop_paused"  // a platform's ban lasts longer than the call may wait
	codeRateLimited = "rate_limited" // the shop's next token is further off than the call may wait
)

// pause bans the shop's calls for d from now; a longer ban already in
// force stands.
func (c *Client) pause(d time.Duration) {
	until := c.opt.Clock.Now().Add(d)
	c.mu.Lock()
	defer c.mu.Unlock()
	if until.After(c.pausedUntil) {
		c.pausedUntil = until
	}
}

func (c *Client) banLeft() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pausedUntil.Sub(c.opt.Clock.Now())
}
