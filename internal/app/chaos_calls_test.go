package app_test

import (
	"bytes"
	"crypto/sha256"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/channel/channeltest"
	"github.com/fnshub/fnshub/internal/sandbox/top"
)

// banGrace is how long after a ban reaches the client another call of the
// shop may still go out: one that had passed the client's check before the
// answer came, on its way to the socket (12 ms of the wall at chaosSpeed).
// The throttled call itself gets no grace: it is retried only after it saw
// the ban, so a retry inside the ban is always the client's fault.
const banGrace = 500 * time.Millisecond

var (
	topLimits     = mustPlatform("tmall").Limits
	shopifyLimits = mustPlatform("shopify").Limits
)

func mustPlatform(ch string) channel.Platform {
	p, ok := channel.Lookup(ch)
	if !ok {
		panic("no connector for " + ch)
	}
	return p
}

// callLog is the shops' transport, recording on the simulated clock when
// each call went out and each ban the platforms gave came back, by host.
type callLog struct {
	clock *channeltest.FastClock
	next  http.RoundTripper
	mu    sync.Mutex
	hosts map[string]*hostCalls
}

type hostCalls struct {
	platform string
	sends    []callSent
	bans     []ban
}

// callSent is a call going out: when, and which request (its hash of method,
// URL and body: a retry sends the same).
type callSent struct {
	at  time.Time
	req [32]byte
}

// ban is a platform's answer to request req that the shop must not call
// for d from at.
type ban struct {
	at  time.Time
	d   time.Duration
	req [32]byte
}

func newCallLog(clock *channeltest.FastClock) *callLog {
	return &callLog{clock: clock, next: http.DefaultTransport.(*http.Transport).Clone(), hosts: map[string]*hostCalls{}}
}

func (l *callLog) RoundTrip(r *http.Request) (*http.Response, error) {
	platform := "shopify"
	if r.URL.Path == top.Path {
		platform = "tmall"
	}
	r, key, err := identify(r)
	if err != nil {
		return nil, err
	}
	l.note(r.URL.Host, platform, func(h *hostCalls) { h.sends = append(h.sends, callSent{l.clock.Now(), key}) })
	resp, err := l.next.RoundTrip(r)
	if err != nil {
		return resp, err
	}
	body, readErr := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if d := banOf(resp, body); d > 0 {
		at := l.clock.Now()
		l.note(r.URL.Host, platform, func(h *hostCalls) { h.bans = append(h.bans, ban{at, d, key}) })
	}
	resp.Body = &replayBody{Reader: bytes.NewReader(body), err: readErr}
	return resp, nil
}

// identify hashes r's method, URL and body, and returns a copy of r whose
// body can still be read.
func identify(r *http.Request) (*http.Request, [32]byte, error) {
	var body []byte
	if r.Body != nil {
		b, err := io.ReadAll(r.Body)
		_ = r.Body.Close()
		if err != nil {
			return nil, [32]byte{}, err
		}
		body = b
		r = r.Clone(r.Context())
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	return r, sha256.Sum256([]byte(r.Method + " " + r.URL.String() + "\n" + string(body))), nil
}

func (l *callLog) note(host, platform string, fn func(*hostCalls)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	h := l.hosts[host]
	if h == nil {
		h = &hostCalls{platform: platform}
		l.hosts[host] = h
	}
	fn(h)
}

func (l *callLog) snapshot() map[string]hostCalls {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]hostCalls{}
	for host, h := range l.hosts {
		out[host] = hostCalls{platform: h.platform, sends: append([]callSent(nil), h.sends...), bans: append([]ban(nil), h.bans...)}
	}
	return out
}

// replayBody gives the client the answer as it came, a broken one ending
// in the same error.
type replayBody struct {
	*bytes.Reader
	err error
}

func (b *replayBody) Read(p []byte) (int, error) {
	n, err := b.Reader.Read(p)
	if err == io.EOF && b.err != nil {
		err = b.err
	}
	return n, err
}

func (b *replayBody) Close() error { return nil }

var topBan = regexp.MustCompile(`"code":7\b.*ban will last for (\d+) more seconds`)

// banOf is the ban an answer gives: Shopify's 429 with Retry-After, TOP's
// code 7 with its seconds.
func banOf(resp *http.Response, body []byte) time.Duration {
	if resp.StatusCode == http.StatusTooManyRequests {
		s, err := strconv.ParseFloat(resp.Header.Get("Retry-After"), 64)
		if err == nil {
			return time.Duration(s * float64(time.Second))
		}
	}
	if m := topBan.FindSubmatch(body); m != nil {
		n, _ := strconv.Atoi(string(m[1]))
		return time.Duration(n) * time.Second
	}
	return 0
}

// sentDuringBans returns the calls that went out while a ban that had
// reached the client lasted: the throttled request itself at any time of
// it, another more than grace after it came.
func (h hostCalls) sentDuringBans(grace time.Duration) []time.Time {
	var out []time.Time
	for _, s := range h.sends {
		for _, b := range h.bans {
			from := b.at.Add(grace)
			if s.req == b.req {
				from = b.at
			}
			if s.at.After(from) && s.at.Before(b.at.Add(b.d)) {
				out = append(out, s.at)
				break
			}
		}
	}
	return out
}

// overRate counts the calls a token bucket of the platform's published
// rate would have refused, allowing one token for calls that passed the
// client's limiter in one order and reached the socket in another.
func (h hostCalls) overRate(l channel.Limits) int {
	if l.Rate <= 0 {
		return 0
	}
	sends := make([]time.Time, len(h.sends))
	for i, s := range h.sends {
		sends[i] = s.at
	}
	sort.Slice(sends, func(i, j int) bool { return sends[i].Before(sends[j]) })
	tokens, last, over := float64(max(l.Burst, 1)), time.Time{}, 0
	for _, s := range sends {
		if !last.IsZero() {
			tokens = min(float64(max(l.Burst, 1)), tokens+s.Sub(last).Seconds()*l.Rate)
		}
		last = s
		tokens--
		if tokens < -1 {
			over++
			tokens = -1
		}
	}
	return over
}
