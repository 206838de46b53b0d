package channeltest

import (
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/sandbox"
)

// faults checks the connector tells the simulator's faults apart, through
// the shop's client: a throttle is waited out or answered Throttled with
// how long, an outage is retried or answered Unavailable, a hang times out.
func (s *suite) faults(t *testing.T) {
	id := s.h.PutOrder(t, OrderSpec{Modified: s.hour(9), Lines: []LineSpec{s.line(0, 1)}})
	t.Run("throttle is waited out or Throttled with RetryAfter", func(t *testing.T) {
		conn, client := s.connector(t, nil)
		err := s.inject(t, sandbox.Throttle, func() error { _, err := conn.FetchOrder(t.Context(), id); return err })
		if err != nil && (channel.KindOf(err) != channel.Throttled || channel.RetryAfter(err) <= 0) {
			t.Errorf("FetchOrder under a throttle: %v, want success after the ban or Throttled with RetryAfter", err)
		}
		if n := client.Stats().Throttled; n != 1 {
			t.Errorf("the client saw %d throttle answers, want the platform's one recognised as a throttle", n)
		}
	})
	for _, f := range []sandbox.Fault{sandbox.ServerError, sandbox.Reset, sandbox.Truncate} {
		t.Run(f.String()+" is retried or Unavailable", func(t *testing.T) {
			conn, client := s.connector(t, nil)
			err := s.inject(t, f, func() error { _, err := conn.FetchOrder(t.Context(), id); return err })
			if err != nil && channel.KindOf(err) != channel.Unavailable {
				t.Errorf("FetchOrder under %v: %v, want success after a retry or Unavailable", f, err)
			}
			// Go's transport itself resends an idempotent request whose reused
			// connection was reset before any answer, so a reset may not reach
			// the client; the other faults must.
			if n := client.Stats().Unavailable; n > 1 || (n == 0 && f != sandbox.Reset) {
				t.Errorf("the client saw %d outage answers, want 1", n)
			}
		})
	}
	t.Run("server_error on a stock push is retried and lands", func(t *testing.T) {
		l := s.h.NewListing(t, 5)
		conn, _ := s.connector(t, nil)
		if err := s.inject(t, sandbox.ServerError, func() error { _, err := conn.PushStock(t.Context(), push(l, 4, nil)); return err }); err != nil {
			t.Fatalf("PushStock after one 503: %v", err)
		}
		if got := s.h.ListingQuantity(t, l); got != 4 {
			t.Errorf("the listing shows %d, want the retried push's 4", got)
		}
	})
	t.Run("hang is Unavailable after the timeout", func(t *testing.T) {
		conn, _ := s.connector(t, func(o *channel.ClientOptions) { o.Timeout, o.MaxAttempts = 200*time.Millisecond, 1 })
		err := s.inject(t, sandbox.Hang, func() error { _, err := conn.FetchOrder(t.Context(), id); return err })
		if channel.KindOf(err) != channel.Unavailable {
			t.Errorf("FetchOrder of a hung platform: %v, want Unavailable", err)
		}
	})
}

// inject queues fault for the next call, runs call and checks the fault
// was served (the connector's call went through the simulator's faults).
func (s *suite) inject(t *testing.T, fault sandbox.Fault, call func() error) error {
	t.Helper()
	faults := s.h.Faults()
	before := faults.Count(fault)
	faults.Queue(fault)
	err := call()
	if n := faults.Count(fault) - before; n != 1 {
		t.Fatalf("the simulator served %v %d times during the call, want once", fault, n)
	}
	return err
}
