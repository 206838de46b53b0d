package channel_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/channel/channeltest"
)

var epoch = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)

// platform is a test server that answers with a script and records, for
// each request, when it arrived on the client's clock and its body.
type platform struct {
	t     *testing.T
	clock channel.Clock
	srv   *httptest.Server

	mu      sync.Mutex
	arrived []time.Time
	bodies  []string
	script  func(n int, w http.ResponseWriter) // n counts requests from 1
}

func newPlatform(t *testing.T, clock channel.Clock, script func(n int, w http.ResponseWriter)) *platform {
	p := &platform{t: t, clock: clock, script: script}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *platform) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	p.mu.Lock()
	p.arrived = append(p.arrived, p.clock.Now())
	p.bodies = append(p.bodies, string(body))
	n := len(p.arrived)
	p.mu.Unlock()
	p.script(n, w)
}

func (p *platform) requests() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.arrived)
}

func (p *platform) arrivals() []time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]time.Time(nil), p.arrived...)
}

// ok answers 200 {"ok":true}.
func ok(_ int, w http.ResponseWriter) { _, _ = io.WriteString(w, `{"ok":true}`) }

// unavailable answers 503.
func unavailable(_ int, w http.ResponseWriter) { http.Error(w, "down", http.StatusServiceUnavailable) }

// throttle429 answers 429 with a Retry-After of v.
func throttle429(w http.ResponseWriter, v string) {
	w.Header().Set("Retry-After", v)
	http.Error(w, `{"errors":"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."}`, http.StatusTooManyRequests)
}

// classifyJSON is a platform's classify: 2xx is success, 5xx Unavailable,
// 429 Throttled (RetryAfter left to the client), 404 NotFound, and a body
// {"kind":"…"} any kind the test names.
func classifyJSON(status int, _ http.Header, body []byte) error {
	var b struct{ Kind string }
	_ = json.Unmarshal(body, &b)
	for k := channel.Unavailable; k <= channel.BadSignature; k++ {
		if b.Kind == k.String() {
			return &channel.Error{Kind: k, Platform: "test", Code: b.Kind}
		}
	}
	switch {
	case status >= 500:
		return &channel.Error{Kind: channel.Unavailable, Platform: "test", Code: http.StatusText(status)}
	case status == http.StatusTooManyRequests:
		return &channel.Error{Kind: channel.Throttled, Platform: "test", Code: "429"}
	case status == http.StatusNotFound:
		return &channel.Error{Kind: channel.NotFound, Platform: "test"}
	case status >= 400:
		return &channel.Error{Kind: channel.Rejected, Platform: "test"}
	}
	return nil
}

func get(t *testing.T, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func post(t *testing.T, url, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// autoClient is a client on an automatic simulated clock.
func autoClient(opt channel.ClientOptions) (*channel.Client, *channeltest.Clock) {
	clock := channeltest.NewClock(epoch)
	if opt.Clock == nil {
		opt.Clock = clock
	}
	opt.Platform = "test"
	return channel.NewClient(opt), clock
}

// do calls c.Do with the test's context.
func do(t *testing.T, c *channel.Client, req *http.Request) (channel.Response, error) {
	t.Helper()
	return c.Do(context.Background(), req, classifyJSON)
}

func wantKind(t *testing.T, err error, k channel.Kind) *channel.Error {
	t.Helper()
	if got := channel.KindOf(err); got != k {
		t.Fatalf("error = %v (kind %v), want kind %v", err, got, k)
	}
	e, _ := err.(*channel.Error)
	return e
}

// platformServer is an httptest server closed with the test.
type platformServer = httptest.Server

func startServer(t *testing.T, h http.Handler) *platformServer {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}
