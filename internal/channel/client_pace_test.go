package channel_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/channel/channeltest"
)

func TestClient_PacesCallsToTheShopsRate(t *testing.T) {
	// Shopify's REST bucket in small: 2 calls a second, 3 at once.
	c, clock := autoClient(channel.ClientOptions{Limits: channel.Limits{Rate: 2, Burst: 3}})
	p := newPlatform(t, clock, ok)
	for range 7 {
		if _, err := do(t, c, get(t, p.srv.URL)); err != nil {
			t.Fatal(err)
		}
	}
	got := p.arrivals()
	for i, at := range got {
		want := epoch // the burst goes at once
		if i >= 3 {
			want = epoch.Add(time.Duration(i-2) * 500 * time.Millisecond)
		}
		if at.Before(want) {
			t.Errorf("call %d sent at +%v, sooner than the limit allows (+%v)", i+1, at.Sub(epoch), want.Sub(epoch))
		}
		if at.Sub(want) > time.Millisecond {
			t.Errorf("call %d sent at +%v, later than needed (+%v)", i+1, at.Sub(epoch), want.Sub(epoch))
		}
	}
	if s := c.Stats(); s.Calls != 7 || s.Attempts != 7 || s.Tokens > 0.01 {
		t.Errorf("stats = %+v, want 7 calls, 7 attempts, the bucket empty", s)
	}
}

func TestClient_ThrottlePausesTheWholeShop(t *testing.T) {
	clock := channeltest.NewManualClock(epoch)
	p := newPlatform(t, clock, func(n int, w http.ResponseWriter) {
		if n == 1 {
			throttle429(w, "5")
			return
		}
		ok(n, w)
	})
	c := channel.NewClient(channel.ClientOptions{Platform: "test", Limits: channel.Limits{Rate: 10, Burst: 4}, Clock: clock})

	first, second := make(chan error, 1), make(chan error, 1)
	firstDone, secondDone := make(chan struct{}), make(chan struct{})
	go func() { defer close(firstDone); _, err := do(t, c, get(t, p.srv.URL)); first <- err }()
	if !clock.WaitSleepers(1, firstDone) {
		t.Fatalf("the throttled call did not wait: %v", <-first)
	}
	go func() { defer close(secondDone); _, err := do(t, c, get(t, p.srv.URL)); second <- err }()
	if !clock.WaitSleepers(2, secondDone) {
		t.Fatalf("a second call of the shop was not held by the ban: %v; the platform saw %d requests", <-second, p.requests())
	}
	if n := p.requests(); n != 1 {
		t.Fatalf("the platform saw %d requests during the ban, want 1", n)
	}
	for _, until := range clock.Sleepers() {
		if until.Before(epoch.Add(5 * time.Second)) {
			t.Errorf("a call would wake at +%v, before the 5 s ban ends", until.Sub(epoch))
		}
	}
	if s := c.Stats(); !s.PausedUntil.Equal(epoch.Add(5*time.Second)) || s.Throttled != 1 {
		t.Errorf("stats = %+v, want paused until +5s, one throttle", s)
	}
	clock.Advance(5 * time.Second)
	for _, ch := range []chan error{first, second} {
		if err := <-ch; err != nil {
			t.Fatal(err)
		}
	}
	for i, at := range p.arrivals()[1:] {
		if at.Before(epoch.Add(5 * time.Second)) {
			t.Errorf("request %d sent at +%v, inside the ban", i+2, at.Sub(epoch))
		}
	}
}

func TestClient_RetryAfterAsAnHTTPDate(t *testing.T) {
	until := epoch.Add(7 * time.Second)
	c, clock := autoClient(channel.ClientOptions{})
	p := newPlatform(t, nil, nil)
	p.clock = clock
	p.script = func(n int, w http.ResponseWriter) {
		if n == 1 {
			throttle429(w, until.Format(http.TimeFormat))
			return
		}
		ok(n, w)
	}
	if _, err := do(t, c, get(t, p.srv.URL)); err != nil {
		t.Fatal(err)
	}
	if got := p.arrivals(); len(got) != 2 || got[1].Before(until) {
		t.Errorf("arrivals %v: the retry should come at %v, not sooner", got, until)
	}
}

func TestClient_LongBanIsReturnedNotWaited(t *testing.T) {
	c, clock := autoClient(channel.ClientOptions{MaxWait: 10 * time.Second})
	p := newPlatform(t, clock, func(_ int, w http.ResponseWriter) { throttle429(w, "600") })
	_, err := do(t, c, get(t, p.srv.URL))
	if e := wantKind(t, err, channel.Throttled); e.RetryAfter != 600*time.Second {
		t.Errorf("RetryAfter = %v, want the platform's 10 min", e.RetryAfter)
	}
	// Another call of the shop is told at once how long the ban has left.
	_, err = do(t, c, get(t, p.srv.URL))
	if e := wantKind(t, err, channel.Throttled); e.Code != "shop_paused" || e.RetryAfter != 600*time.Second {
		t.Errorf("second call: %+v, want shop_paused with 10 min left", e)
	}
	if n := p.requests(); n != 1 || clock.Now() != epoch {
		t.Errorf("the platform saw %d requests and the clock moved to %v; want 1 and no wait", n, clock.Now())
	}
}

func TestClient_429UnrecognisedByClassifyIsThrottled(t *testing.T) {
	c, clock := autoClient(channel.ClientOptions{MaxAttempts: 1})
	p := newPlatform(t, clock, func(_ int, w http.ResponseWriter) { throttle429(w, "2.0") })
	_, err := c.Do(context.Background(), get(t, p.srv.URL), func(int, http.Header, []byte) error { return nil })
	if e := wantKind(t, err, channel.Throttled); e.RetryAfter != 2*time.Second {
		t.Errorf("RetryAfter = %v, want Shopify's 2.0 s", e.RetryAfter)
	}
	// With no retry left, the shop still pauses for the next calls.
	if s := c.Stats(); !s.PausedUntil.Equal(epoch.Add(2 * time.Second)) {
		t.Errorf("paused until %v, want +2s", s.PausedUntil)
	}
}

func TestClient_CancelStopsWaiting(t *testing.T) {
	clock := channeltest.NewManualClock(epoch)
	p := newPlatform(t, clock, func(_ int, w http.ResponseWriter) { throttle429(w, "20") })
	c := channel.NewClient(channel.ClientOptions{Platform: "test", Clock: clock})
	ctx, cancel := context.WithCancel(context.Background())
	errc, done := make(chan error, 1), make(chan struct{})
	go func() { defer close(done); _, err := c.Do(ctx, get(t, p.srv.URL), classifyJSON); errc <- err }()
	if !clock.WaitSleepers(1, done) {
		t.Fatalf("the call did not wait out the ban: %v", <-errc)
	}
	cancel()
	err := <-errc
	wantKind(t, err, channel.Unavailable)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v does not wrap context.Canceled", err)
	}
	if n := p.requests(); n != 1 {
		t.Errorf("the platform saw %d requests, want 1", n)
	}
}

func TestClient_CancelledTokenWaitGivesTheTokenBack(t *testing.T) {
	clock := channeltest.NewManualClock(epoch)
	p := newPlatform(t, clock, ok)
	c := channel.NewClient(channel.ClientOptions{Platform: "test", Limits: channel.Limits{Rate: 1, Burst: 1}, Clock: clock})
	if _, err := do(t, c, get(t, p.srv.URL)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc, done := make(chan error, 1), make(chan struct{})
	go func() { defer close(done); _, err := c.Do(ctx, get(t, p.srv.URL), classifyJSON); errc <- err }()
	if !clock.WaitSleepers(1, done) {
		t.Fatalf("the second call did not wait for a token: %v", <-errc)
	}
	cancel()
	wantKind(t, <-errc, channel.Unavailable)
	clock.Advance(time.Second)
	if tokens := c.Stats().Tokens; tokens < 0.99 {
		t.Errorf("tokens a second later = %v, want the bucket full again (1)", tokens)
	}
}

func TestClient_RealClockWaitsAndCancels(t *testing.T) {
	arrived := make(chan struct{}, 1)
	srv := startServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		arrived <- struct{}{}
		throttle429(w, "20")
	}))
	c := channel.NewClient(channel.ClientOptions{Platform: "test"}) // no Clock: real time
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { _, err := c.Do(ctx, get(t, srv.URL), classifyJSON); errc <- err }()
	<-arrived // the ban is set when the answer is read; the call then sleeps 20 s on real time
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("Do = %v, want it cancelled in its wait", err)
	}
}

// TestClient_CancelledWhileTheAnswerCame: a caller that gives up while the
// platform's throttle answer is read still finds its cancellation in the
// error, and the platform's verdict beside it.
func TestClient_CancelledWhileTheAnswerCame(t *testing.T) {
	srv := startServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { throttle429(w, "20") }))
	c := channel.NewClient(channel.ClientOptions{Platform: "test"})
	ctx, cancel := context.WithCancel(context.Background())
	_, err := c.Do(ctx, get(t, srv.URL), func(status int, h http.Header, body []byte) error {
		cancel() // the caller gives up just as the answer is read
		return classifyJSON(status, h, body)
	})
	var ce *channel.Error
	if !errors.Is(err, context.Canceled) || !errors.As(err, &ce) || ce.Kind != channel.Throttled {
		t.Fatalf("Do = %v, want the throttle and the cancellation", err)
	}
}
