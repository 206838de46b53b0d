package channeltest

import (
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
)

// Run checks h's connector against h's simulator. Each subtest builds its
// own connector, with a client of its own on a simulated clock, so bans,
// backoffs and breakers do not leak between subtests and cost no wall
// time; and each puts its orders in an hour of its own, so their windows
// do not see each other's orders.
func Run(t *testing.T, h Harness) {
	s := &suite{h: h, caps: h.Capabilities().withDefaults()}
	s.base = time.Now().UTC().Truncate(time.Hour).Add(-48 * time.Hour)
	t.Run("pull finds every order of a window across pages and none outside it", s.pullWindow)
	t.Run("overlapping windows return the same orders", s.pullOverlapping)
	t.Run("fetch returns one order as the platform holds it", s.fetchOne)
	t.Run("fetch of an unknown order is NotFound", s.fetchUnknown)
	t.Run("stock push lands", s.stockPush)
	t.Run("stock push with a wrong Expected is a Conflict", s.stockConflict)
	t.Run("shipment lands and pushing it again is nil", s.shipment)
	t.Run("a forged webhook is BadSignature and a signed one verifies", s.webhook)
	t.Run("faults", s.faults)
}

type suite struct {
	h    Harness
	caps Capabilities
	base time.Time
}

// hour is the n-th hour of the suite's past, a window no other subtest
// uses.
func (s *suite) hour(n int) time.Time { return s.base.Add(time.Duration(n) * time.Hour) }

// connector builds the harness's connector through the registry with a
// fresh client; tune adjusts the client's options.
func (s *suite) connector(t *testing.T, tune func(*channel.ClientOptions)) (channel.Connector, *channel.Client) {
	t.Helper()
	p, ok := channel.Lookup(s.h.Channel())
	if !ok {
		t.Fatalf("no connector registered for channel %q", s.h.Channel())
	}
	opt := channel.ClientOptions{
		Platform: p.Name,
		Limits:   p.Limits,
		Timeout:  5 * time.Second,
		Clock:    NewClock(time.Now()),
	}
	if tune != nil {
		tune(&opt)
	}
	cfg := s.h.Config(t)
	cfg.HTTP = channel.NewClient(opt)
	conn, err := p.New(cfg)
	if err != nil {
		t.Fatalf("%s New: %v", p.Name, err)
	}
	return conn, cfg.HTTP
}
