package app

import (
	"fmt"
	"time"
)

// Thresholds are where a shop's health stops being ok
// (docs/adr/0035-connector-health.md).
type Thresholds struct {
	// LagDegraded and LagDown: how far behind now the pulls may have read
	// before the shop is degraded, then down.
	LagDegraded, LagDown time.Duration
	// ErrorRate is the share of failed client calls over ErrorWindow above
	// which the shop is degraded, once it made at least MinCalls calls in it
	// (one failure of two calls says little).
	ErrorRate   float64
	ErrorWindow time.Duration
	MinCalls    uint64
	// PendingAge is how long a push message may wait for its job.
	PendingAge time.Duration
}

// DefaultThresholds are the thresholds of issue 8: lag over 10 minutes,
// over 20 % of calls failing, any dead letter, an open breaker.
var DefaultThresholds = Thresholds{LagDegraded: 10 * time.Minute, LagDown: time.Hour, ErrorRate: 0.20,
	ErrorWindow: 5 * time.Minute, MinCalls: 5, PendingAge: 10 * time.Minute}

func (t Thresholds) withDefaults() Thresholds {
	d := DefaultThresholds
	t.LagDegraded = cmpOr(t.LagDegraded, d.LagDegraded)
	t.LagDown = cmpOr(t.LagDown, d.LagDown)
	t.ErrorRate = cmpOr(t.ErrorRate, d.ErrorRate)
	t.ErrorWindow = cmpOr(t.ErrorWindow, d.ErrorWindow)
	t.MinCalls = cmpOr(t.MinCalls, d.MinCalls)
	t.PendingAge = cmpOr(t.PendingAge, d.PendingAge)
	return t
}

func cmpOr[T comparable](v, d T) T {
	var zero T
	if v == zero {
		return d
	}
	return v
}

// Reason codes.
const (
	ReasonBreakerOpen     = "breaker_open"
	ReasonPullLag         = "pull_lag"
	ReasonErrorRate       = "error_rate"
	ReasonDeadLetters     = "dead_letters"
	ReasonDeliveriesStuck = "deliveries_waiting"
	ReasonSettlementPull  = "settlement_pull_failing"
)

// settlementFailures is how many failed runs in a row of a settlement
// source make the shop degraded: one or two are a platform's passing
// trouble, which the retries 1 and 2 minutes later ride out.
const settlementFailures = 3

// judge returns h's status and why: down when the breaker is open or the
// pulls are over LagDown behind, degraded for any other reason.
func (t Thresholds) judge(h Health) Verdict {
	var reasons []Reason
	down := false
	add := func(isDown bool, code, format string, args ...any) {
		reasons = append(reasons, Reason{Code: code, Message: fmt.Sprintf(format, args...)})
		down = down || isDown
	}
	if h.Client.Breaker == "open" {
		add(true, ReasonBreakerOpen, "the %s client's breaker is open after repeated failures: calls are refused until it half-opens", h.Platform)
	}
	if lag := time.Duration(h.Pull.LagSeconds * float64(time.Second)); h.Pull.Pulls && lag > t.LagDegraded {
		msg := fmt.Sprintf("orders are pulled up to %s ago, over the %s allowed", lag.Round(time.Second), t.LagDegraded)
		if h.Pull.LastError != "" {
			msg += "; the last pull failed: " + h.Pull.LastError
		}
		add(lag > t.LagDown, ReasonPullLag, "%s", msg)
	}
	if c := h.Client; c.WindowCalls >= t.MinCalls && c.ErrorRate > t.ErrorRate {
		add(false, ReasonErrorRate, "%.0f %% of the last %d calls failed, over the %.0f %% allowed", 100*c.ErrorRate, c.WindowCalls, 100*t.ErrorRate)
	}
	if n := h.Jobs.Discarded; n > 0 {
		add(false, ReasonDeadLetters, "%d job(s) failed their last attempt: list them with GET /api/v1/jobs?state=discarded, retry once fixed", n)
	}
	if age := time.Duration(h.Webhooks.OldestPendingSeconds * float64(time.Second)); age > t.PendingAge {
		add(false, ReasonDeliveriesStuck, "%d push message(s) wait for their job, the oldest for %s, over the %s allowed",
			h.Webhooks.Pending, age.Round(time.Second), t.PendingAge)
	}
	for _, sp := range h.SettlementPulls {
		if sp.Failures >= settlementFailures {
			add(false, ReasonSettlementPull, "the %s settlement pull failed %d times in a row, last: %s; its cursor stays at %q (fnshub settlement pull --shop %s retries now)",
				sp.Source, sp.Failures, sp.LastError, sp.Cursor, h.Shop)
		}
	}
	switch {
	case down:
		return Verdict{StatusDown, reasons}
	case len(reasons) > 0:
		return Verdict{StatusDegraded, reasons}
	}
	return Verdict{StatusOK, []Reason{}}
}

// codes are the reasons' codes.
func codes(rs []Reason) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Code
	}
	return out
}
