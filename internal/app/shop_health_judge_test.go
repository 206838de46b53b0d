package app

import (
	"slices"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/settlement"
)

func TestThresholdsJudge(t *testing.T) {
	th := DefaultThresholds
	pulling := func(lag time.Duration) Health {
		return Health{Pull: PullHealth{Pulls: true, LagSeconds: lag.Seconds()}, Client: ClientHealth{Breaker: "closed"}}
	}
	with := func(h Health, f func(*Health)) Health { f(&h); return h }
	for _, c := range []struct {
		name   string
		h      Health
		status HealthStatus
		codes  []string
	}{
		{"all well", pulling(time.Minute), StatusOK, nil},
		{"behind", pulling(11 * time.Minute), StatusDegraded, []string{ReasonPullLag}},
		{"far behind", pulling(61 * time.Minute), StatusDown, []string{ReasonPullLag}},
		{"a push-only shop has no lag to judge", with(pulling(2*time.Hour), func(h *Health) { h.Pull.Pulls = false }), StatusOK, nil},
		{"breaker open", with(pulling(0), func(h *Health) { h.Client.Breaker = "open" }), StatusDown, []string{ReasonBreakerOpen}},
		{"errors", with(pulling(0), func(h *Health) { h.Client.WindowCalls, h.Client.ErrorRate = 10, 0.3 }), StatusDegraded, []string{ReasonErrorRate}},
		{"errors of too few calls", with(pulling(0), func(h *Health) { h.Client.WindowCalls, h.Client.ErrorRate = 2, 1 }), StatusOK, nil},
		{"errors at the threshold", with(pulling(0), func(h *Health) { h.Client.WindowCalls, h.Client.ErrorRate = 10, 0.2 }), StatusOK, nil},
		{"a dead letter", with(pulling(0), func(h *Health) { h.Jobs.Discarded = 1 }), StatusDegraded, []string{ReasonDeadLetters}},
		{"a message waiting", with(pulling(0), func(h *Health) { h.Webhooks.Pending, h.Webhooks.OldestPendingSeconds = 3, 660 }), StatusDegraded,
			[]string{ReasonDeliveriesStuck}},
		{"a settlement pull failing twice", with(pulling(0), func(h *Health) {
			h.SettlementPulls = []settlement.PullState{{Source: "amazon-settlement", Failures: 2, LastError: "amazon: unavailable"}}
		}), StatusOK, nil},
		{"a settlement pull failing thrice", with(pulling(0), func(h *Health) {
			h.SettlementPulls = []settlement.PullState{{Source: "amazon-settlement", Failures: 3, LastError: "amazon: unavailable"}}
		}), StatusDegraded, []string{ReasonSettlementPull}},
		{"all at once", with(pulling(20*time.Minute), func(h *Health) { h.Client.Breaker, h.Jobs.Discarded = "open", 2 }), StatusDown,
			[]string{ReasonBreakerOpen, ReasonPullLag, ReasonDeadLetters}},
	} {
		v := th.judge(c.h)
		status, reasons := v.Status, v.Reasons
		if status != c.status || !slices.Equal(codes(reasons), append([]string{}, c.codes...)) {
			t.Errorf("%s: %s %v, want %s %v", c.name, status, reasons, c.status, c.codes)
		}
		for _, r := range reasons {
			if r.Message == "" {
				t.Errorf("%s: reason %s says nothing", c.name, r.Code)
			}
		}
	}
}

// TestCallWindows: the counts are since the client started until the
// window is full, then over the last span only.
func TestCallWindows(t *testing.T) {
	w := &callWindows{span: 5 * time.Minute, byKey: map[string][]callSample{}}
	t0 := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		at                   time.Duration
		calls, failed        uint64
		wantCalls, wantFails uint64
	}{
		{0, 10, 5, 10, 5},
		{6 * time.Minute, 20, 5, 10, 0},
		{12 * time.Minute, 22, 6, 2, 1},
		{13 * time.Minute, 30, 6, 10, 1},
	} {
		got := w.observe("fake/T1", t0.Add(c.at), channel.Stats{Calls: c.calls, Failed: c.failed})
		if got.calls != c.wantCalls || got.failed != c.wantFails {
			t.Errorf("at %s: %d calls %d failed, want %d and %d", c.at, got.calls, got.failed, c.wantCalls, c.wantFails)
		}
	}
	if got := w.observe("fake/T2", t0, channel.Stats{Calls: 3, Failed: 3}); got.calls != 3 || got.failed != 3 {
		t.Errorf("another client shares the first's samples: %+v", got)
	}
}
