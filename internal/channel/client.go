package channel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Limits is a platform's published call rate for one shop.
type Limits struct {
	Rate  float64 // calls per second, sustained
	Burst int     // calls allowed at once (Shopify's bucket of 40)
}

// Classify reads a platform's answer: nil for a success, otherwise an
// *Error saying what kind of failure it is. It is given the whole body,
// because several platforms answer HTTP 200 with an error inside.
type Classify func(status int, h http.Header, body []byte) error

// Response is a platform's answer, read whole.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// ClientOptions configure a shop's client.
type ClientOptions struct {
	Platform string        // names the platform in errors
	Limits   Limits        // the shop's call rate
	Timeout  time.Duration // per attempt; 0: 30 s
	MaxBody  int64         // largest answer read; 0: 32 MiB
	HTTP     *http.Client  // nil: a client of its own
}

// Client sends one shop's calls to its platform.
type Client struct {
	opt ClientOptions
}

// NewClient returns a client for one shop.
func NewClient(opt ClientOptions) *Client {
	if opt.Timeout == 0 {
		opt.Timeout = 30 * time.Second
	}
	if opt.MaxBody == 0 {
		opt.MaxBody = 32 << 20
	}
	if opt.HTTP == nil {
		opt.HTTP = &http.Client{}
	}
	return &Client{opt: opt}
}

// Do sends req and classifies the answer. req's body must be rewindable
// (http.NewRequest with a bytes.Reader or strings.Reader sets GetBody), so
// that the call can be sent again.
func (c *Client) Do(ctx context.Context, req *http.Request, classify Classify) (Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opt.Timeout)
	defer cancel()
	resp, err := c.opt.HTTP.Do(req.WithContext(ctx))
	if err != nil {
		return Response{}, c.unavailable("", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opt.MaxBody+1))
	switch {
	case err != nil:
		return Response{}, c.unavailable(fmt.Sprint(resp.StatusCode), err)
	case int64(len(body)) > c.opt.MaxBody:
		return Response{}, &Error{Kind: Rejected, Platform: c.opt.Platform, Message: fmt.Sprintf("answer larger than %d bytes", c.opt.MaxBody)}
	}
	r := Response{Status: resp.StatusCode, Header: resp.Header, Body: body}
	return r, classify(r.Status, r.Header, r.Body)
}

func (c *Client) unavailable(code string, err error) error {
	msg := "no answer"
	if errors.Is(err, context.DeadlineExceeded) {
		msg = "timed out"
	}
	return &Error{Kind: Unavailable, Platform: c.opt.Platform, Code: code, Message: msg, Err: err}
}
