package channel_test

import (
	"sync"
	"testing"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/sandbox"
)

func TestClient_ConcurrentCallsUnderChaosStayBounded(t *testing.T) {
	faults := sandbox.NewFaults(8)
	faults.Chaos(0.4, sandbox.Throttle, sandbox.ServerError, sandbox.Reset, sandbox.Truncate)
	srv := newFaultServer(t, faults)
	c, _ := autoClient(channel.ClientOptions{Limits: channel.Limits{Rate: 2, Burst: 4}, BreakerFailures: 1000})
	const calls = 40
	errs := make(chan error, calls)
	var wg sync.WaitGroup
	for range calls {
		wg.Go(func() {
			_, err := do(t, c, get(t, srv.URL))
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	failed := 0
	for err := range errs {
		if err != nil {
			failed++
			if !channel.IsRetryable(err) {
				t.Errorf("a fault gave %v, want a retryable error", err)
			}
		}
	}
	s := c.Stats()
	if s.Calls != calls || s.Attempts > 3*calls || s.Failed != uint64(failed) {
		t.Errorf("stats %+v: want %d calls, at most 3 attempts each, %d failed", s, calls, failed)
	}
	if s.Throttled == 0 || s.Unavailable == 0 {
		t.Errorf("stats %+v: chaos at 40%% should have thrown throttles and outages", s)
	}
}
