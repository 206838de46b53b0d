package channel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// attempt sends req once, when the shop's turn comes, through the breaker.
func (c *Client) attempt(ctx context.Context, req *http.Request, classify Classify) (Response, error) {
	if err := c.breaker.gate(); err != nil {
		return Response{}, err
	}
	if err := c.waitTurn(ctx); err != nil {
		return Response{}, err
	}
	done, err := c.breaker.allow()
	if err != nil {
		return Response{}, err
	}
	resp, err := c.send(ctx, req, classify)
	if ctx.Err() != nil {
		done(errCallerGone) // the caller gave up: no verdict on the platform
	} else {
		done(err)
	}
	c.count(err)
	if KindOf(err) == Throttled {
		// A throttle is about the shop, not this call: every call of the
		// shop waits it out in waitTurn, this one's retry included.
		c.pause(max(RetryAfter(err), c.opt.RetryBase))
	}
	return resp, err
}

// send is one round trip, its answer read whole and classified.
func (c *Client) send(ctx context.Context, req *http.Request, classify Classify) (Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.attemptTimeout(ctx))
	defer cancel()
	out, err := c.outgoing(ctx, req)
	if err != nil {
		return Response{}, err
	}
	c.n.attempts.Add(1)
	resp, err := c.opt.HTTP.Do(out)
	if err != nil {
		return Response{}, c.unavailable("", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opt.MaxBody+1))
	switch {
	case err != nil:
		return Response{}, c.unavailable(strconv.Itoa(resp.StatusCode), err)
	case int64(len(body)) > c.opt.MaxBody:
		return Response{}, &Error{Kind: Rejected, Platform: c.opt.Platform, Message: fmt.Sprintf("answer larger than %d bytes", c.opt.MaxBody)}
	}
	r := Response{Status: resp.StatusCode, Header: resp.Header, Body: body}
	return r, c.readThrottle(r, classify(r.Status, r.Header, r.Body))
}

// outgoing is req for one attempt, with a fresh copy of its body: the body
// of an attempt that failed half way may have been read already.
func (c *Client) outgoing(ctx context.Context, req *http.Request) (*http.Request, error) {
	out := req.Clone(ctx)
	if req.GetBody == nil || req.Body == nil || req.Body == http.NoBody {
		return out, nil
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, &Error{Kind: Rejected, Platform: c.opt.Platform, Message: "the request body cannot be sent again", Err: err}
	}
	out.Body = body
	return out, nil
}

// readThrottle completes what classify said: a 429 it did not recognise is
// still Throttled, a Throttled error without RetryAfter takes the
// Retry-After header's, and an error that is not an *Error becomes a
// Rejected one, so that every error of Do is an *Error.
func (c *Client) readThrottle(r Response, err error) error {
	switch {
	case err == nil && r.Status != http.StatusTooManyRequests:
		return nil
	case r.Status == http.StatusTooManyRequests && KindOf(err) == 0:
		err = &Error{Kind: Throttled, Platform: c.opt.Platform, Code: "429", Message: "too many requests", Err: err}
	case KindOf(err) == 0:
		err = &Error{Kind: Rejected, Platform: c.opt.Platform, Code: strconv.Itoa(r.Status), Message: "the answer could not be read", Err: err}
	}
	var e *Error
	if errors.As(err, &e) && e.Kind == Throttled && e.RetryAfter == 0 {
		e.RetryAfter = ParseRetryAfter(r.Header.Get("Retry-After"), c.opt.Clock.Now())
	}
	return err
}

func (c *Client) count(err error) {
	switch KindOf(err) {
	case Throttled:
		c.n.throttled.Add(1)
	case Unavailable:
		c.n.unavailable.Add(1)
	}
}

func (c *Client) unavailable(code string, err error) error {
	msg := "no answer"
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		msg = "timed out"
	case errors.Is(err, io.ErrUnexpectedEOF):
		msg = "the answer was cut short"
	}
	return &Error{Kind: Unavailable, Platform: c.opt.Platform, Code: code, Message: msg, Err: err}
}

type attemptTimeoutKey struct{}

// WithAttemptTimeout gives the calls made with ctx d per attempt instead
// of the client's Timeout: a settlement file's download may take minutes
// where an API answer takes seconds.
func WithAttemptTimeout(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, attemptTimeoutKey{}, d)
}

func (c *Client) attemptTimeout(ctx context.Context) time.Duration {
	if d, ok := ctx.Value(attemptTimeoutKey{}).(time.Duration); ok && d > 0 {
		return d
	}
	return c.opt.Timeout
}
