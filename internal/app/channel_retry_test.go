package app

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/job"
)

func TestChannelRetry(t *testing.T) {
	down := &channel.Error{Kind: channel.Unavailable, Platform: "tmall", Message: "503"}
	cases := []struct {
		name    string
		attempt int
		err     error
		after   time.Duration
		free    bool
		own     bool // the queue's own backoff: no Retry
	}{
		{"the breaker refused the call", 3, &channel.Error{Kind: channel.Unavailable, Code: "breaker_open", RetryAfter: 20 * time.Second}, 20 * time.Second, true, false},
		{"the shop is banned", 5, fmt.Errorf("app: pull: %w", &channel.Error{Kind: channel.Throttled, Code: "shop_paused", RetryAfter: 9 * time.Minute}), 9 * time.Minute, true, false},
		{"the platform throttled and said how long", 2, &channel.Error{Kind: channel.Throttled, RetryAfter: 3 * time.Second}, 3 * time.Second, true, false},
		{"the platform throttled and did not say", 2, &channel.Error{Kind: channel.Throttled}, time.Second, true, false},
		{"an outage, first attempt", 1, down, 30 * time.Second, false, false},
		{"an outage, third attempt", 3, fmt.Errorf("app: push: %w", down), 2 * time.Minute, false, false},
		{"an outage, seventh attempt", 7, down, 10 * time.Minute, false, false},
		{"a refusal that needs a person", 1, &channel.Error{Kind: channel.Unauthorized, Platform: "shopify"}, 0, false, true},
		{"the hub's own database", 1, errors.New("database is locked"), 0, false, true},
	}
	for _, c := range cases {
		got := channelRetry(c.attempt, c.err)
		r, ok := job.RetryOf(got)
		switch {
		case !errors.Is(got, c.err):
			t.Errorf("%s: %v does not carry the cause", c.name, got)
		case c.own && ok:
			t.Errorf("%s: %+v, want the queue's own backoff", c.name, r)
		case !c.own && (!ok || r.After != c.after || r.Free != c.free):
			t.Errorf("%s: %+v, want a retry after %v, free %v", c.name, r, c.after, c.free)
		}
	}
	if channelRetry(1, nil) != nil {
		t.Error("a success must stay nil")
	}
}
