package channel

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Limits is a platform's published call rate for one shop.
type Limits struct {
	Rate  float64 // calls per second, sustained; ≤ 0: no limit
	Burst int     // calls allowed at once (Shopify's bucket of 40); < 1: 1
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

// ClientOptions configure a shop's client. Zero values take the defaults
// named; docs/adr/0028-connector-contract-and-client.md says why they are
// what they are.
type ClientOptions struct {
	Platform string        // names the platform in errors
	Limits   Limits        // the shop's call rate
	Timeout  time.Duration // per attempt, on real time; 0: 30 s
	MaxBody  int64         // largest answer read; 0: 32 MiB
	HTTP     *http.Client  // nil: a client of its own

	// MaxAttempts bounds the attempts of one Do, the first included; 0: 3.
	// The job queue owns the long retries (ADR 0028), so this stays small.
	MaxAttempts int
	// MaxWait is the longest one Do waits at once for a ban, the rate
	// limiter or a backoff; a longer wait returns the error to the caller
	// instead, which schedules the retry. 0: 30 s.
	MaxWait time.Duration
	// RetryBase and RetryMax shape the exponential backoff between
	// attempts (jittered ±50%); 0: 500 ms and 10 s.
	RetryBase, RetryMax time.Duration
	// BreakerFailures is how many Unavailable answers in a row open the
	// breaker; 0: 5. BreakerOpen is how long it stays open before one probe
	// is let through; 0: 30 s.
	BreakerFailures uint32
	BreakerOpen     time.Duration
	// Clock paces and waits; nil: real time.
	Clock Clock
}

func (o *ClientOptions) setDefaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.Timeout, 30*time.Second)
	def(&o.MaxWait, 30*time.Second)
	def(&o.RetryBase, 500*time.Millisecond)
	def(&o.RetryMax, 10*time.Second)
	def(&o.BreakerOpen, 30*time.Second)
	if o.MaxBody <= 0 {
		o.MaxBody = 32 << 20
	}
	if o.HTTP == nil {
		o.HTTP = &http.Client{}
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 3
	}
	if o.BreakerFailures == 0 {
		o.BreakerFailures = 5
	}
	if o.Clock == nil {
		o.Clock = realClock{}
	}
}

// Client sends one shop's calls to its platform: it paces them to the
// shop's rate limit, pauses the whole shop while the platform says it is
// throttled, retries transient failures a few times with jittered backoff,
// and fails fast while the platform is down (a circuit breaker). One Client
// serves one shop and is safe for concurrent use.
type Client struct {
	opt     ClientOptions
	limiter *rate.Limiter
	breaker *breaker

	mu          sync.Mutex
	pausedUntil time.Time // no call of this shop before this (a platform's ban)

	n counters
}

// counters are what Stats reports, counted since the client was made.
type counters struct {
	calls, attempts, throttled, unavailable, failed, fastFailed atomic.Uint64
}

// NewClient returns a client for one shop.
func NewClient(opt ClientOptions) *Client {
	opt.setDefaults()
	c := &Client{opt: opt, limiter: newLimiter(opt.Limits)}
	c.breaker = newBreaker(opt, func() { c.n.fastFailed.Add(1) })
	return c
}

// newLimiter returns a full token bucket. It is only ever read at the
// client's clock's times (ReserveN, TokensAt), never at time.Now.
func newLimiter(l Limits) *rate.Limiter {
	r := rate.Limit(l.Rate)
	if l.Rate <= 0 {
		r = rate.Inf
	}
	return rate.NewLimiter(r, max(l.Burst, 1))
}

// Now is the time on the client's clock: what a connector stamps its
// requests with (TOP's timestamp), so they agree with the waits.
func (c *Client) Now() time.Time { return c.opt.Clock.Now() }

// Do sends req and classifies the answer, retrying Unavailable and
// Throttled answers up to MaxAttempts while ctx allows. Every error is an
// *Error; a cancelled ctx is an Unavailable one that wraps ctx's error.
// req's body must be rewindable (http.NewRequest with a bytes.Reader or
// strings.Reader sets GetBody) so that it can be sent again; a body that
// is not is sent once, without retries.
func (c *Client) Do(ctx context.Context, req *http.Request, classify Classify) (Response, error) {
	c.n.calls.Add(1)
	resp, err := c.retry(ctx, req, classify)
	if err != nil {
		c.n.failed.Add(1)
	}
	return resp, err
}
