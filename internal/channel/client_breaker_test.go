package channel_test

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/channel/channeltest"
)

func TestClient_BreakerOpensHalfOpensAndCloses(t *testing.T) {
	clock := channeltest.NewClock(epoch)
	var down atomic.Bool
	down.Store(true)
	p := newPlatform(t, clock, func(n int, w http.ResponseWriter) {
		if down.Load() {
			unavailable(n, w)
			return
		}
		ok(n, w)
	})
	c := channel.NewClient(channel.ClientOptions{Platform: "test", Clock: clock, MaxAttempts: 1, BreakerFailures: 3, BreakerOpen: 10 * time.Second})
	for range 3 {
		wantKind(t, mustFail(do(t, c, get(t, p.srv.URL))), channel.Unavailable)
	}
	if s := c.Stats().Breaker; s != "open" {
		t.Fatalf("breaker %s after 3 outages in a row, want open", s)
	}
	_, err := do(t, c, get(t, p.srv.URL))
	if e := wantKind(t, err, channel.Unavailable); e.Code != "breaker_open" {
		t.Fatalf("call while open: %v, want breaker_open", err)
	}
	clock.Advance(4 * time.Second)
	_, err = do(t, c, get(t, p.srv.URL))
	if wait, notSent := channel.NotSent(err); !notSent || wait != 6*time.Second {
		t.Fatalf("call 4 s into the open period: NotSent %v, %v; want the 6 s it stays open", wait, notSent)
	}
	clock.Advance(6 * time.Second)
	if n := p.requests(); n != 3 {
		t.Fatalf("the platform saw %d requests, want the open breaker to send none", n)
	}
	if s := c.Stats().Breaker; s != "half-open" {
		t.Fatalf("breaker %s after its open period, want half-open", s)
	}
	wantKind(t, mustFail(do(t, c, get(t, p.srv.URL))), channel.Unavailable) // the probe fails
	if s := c.Stats(); s.Breaker != "open" || s.FastFailed != 2 {
		t.Fatalf("stats %+v after a failed probe, want open again, one fast failure", s)
	}

	clock.Advance(10 * time.Second)
	down.Store(false)
	if _, err := do(t, c, get(t, p.srv.URL)); err != nil {
		t.Fatalf("the probe after recovery: %v", err)
	}
	if s := c.Stats().Breaker; s != "closed" {
		t.Errorf("breaker %s after a good probe, want closed", s)
	}
}

func TestClient_BreakerIgnoresThrottlesAndRefusals(t *testing.T) {
	c, clock := autoClient(channel.ClientOptions{MaxAttempts: 1, BreakerFailures: 2})
	p := newPlatform(t, clock, func(n int, w http.ResponseWriter) {
		if n%2 == 0 {
			throttle429(w, "1")
			return
		}
		http.Error(w, `{"kind":"rejected"}`, http.StatusBadRequest)
	})
	for range 6 {
		_, _ = do(t, c, get(t, p.srv.URL))
	}
	if s := c.Stats(); s.Breaker != "closed" || s.Attempts != 6 {
		t.Errorf("stats %+v: throttles and refusals are the platform answering, the breaker should stay closed", s)
	}
}

func mustFail(_ channel.Response, err error) error { return err }
