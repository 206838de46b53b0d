// Package pushtest is the conformance suite every ERP pusher runs against
// its sandbox: a push creates each voucher once, a second push finds them
// all, a refused create fails that voucher alone and a re-push mends it,
// a throttle or a 5xx is retried with backoff and no real sleep, and
// refused credentials stop the push with nothing created.
package pushtest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/erp/erpcall"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/sandbox"
)

// Accounts are the ERP account codes the suite's vouchers use; each
// sandbox must know them.
var Accounts = []string{"1002", "1012", "6601"}

// Harness is one ERP's sandbox, started fresh for a test, and the pusher
// that talks to it.
type Harness struct {
	// Pusher builds a pusher for the sandbox; badAuth makes its
	// credentials ones the sandbox refuses.
	Pusher func(badAuth bool, retry erpcall.Retry) erp.Pusher
	// Held counts the vouchers the sandbox holds, by our id.
	Held func() map[string]int
	// Faults fail the sandbox's next calls.
	Faults *sandbox.Faults
	// RefuseCreate makes the sandbox refuse its n-th create (from 1) as
	// the ERP refuses a voucher it will not book.
	RefuseCreate func(n int)
	// LoseCreateAnswer makes the sandbox do its n-th create and then
	// answer 502, the ERP's answer lost on the way.
	LoseCreateAnswer func(n int)
}

// Vouchers returns n balanced vouchers of entity 1, entries 1..n.
func Vouchers(n int) []erp.Voucher {
	vs := make([]erp.Voucher, n)
	for i := range vs {
		amt := money.New(int64(10000+137*i), "CNY")
		fee := money.New(int64(300+i), "CNY")
		net, _ := amt.Sub(fee)
		vs[i] = erp.Voucher{
			ID: fmt.Sprintf("FNS-1-%d", i+1), Entity: 1, EntryID: int64(i + 1),
			Date: time.Date(2026, 11, 3+i, 0, 0, 0, 0, time.UTC), Period: "2026-11",
			Memo: fmt.Sprintf("Tmall payout %d", i+1), Currency: "CNY",
			Lines: []erp.Line{
				{Account: "1002", Debit: net, Memo: "cash in", Dims: ledger.Dims{}},
				{Account: "6601", Debit: fee, Memo: "commission"},
				{Account: "1012", Credit: amt, Memo: "platform balance out"},
			},
		}
	}
	return vs
}

// sleeps is an injectable sleep that records the delays asked for.
type sleeps struct{ got []time.Duration }

func (s *sleeps) retry() erpcall.Retry {
	return erpcall.Retry{Attempts: 4, Sleep: func(_ context.Context, d time.Duration) error {
		s.got = append(s.got, d)
		return nil
	}}
}

// Run runs the suite; setup starts a fresh sandbox for each case.
func Run(t *testing.T, setup func(t *testing.T) Harness) {
	t.Run("push_then_repush", func(t *testing.T) { pushThenRepush(t, setup(t)) })
	t.Run("third_create_refused", func(t *testing.T) { thirdRefused(t, setup(t)) })
	t.Run("throttle_retried", func(t *testing.T) { throttleRetried(t, setup(t)) })
	t.Run("server_errors_exhausted", func(t *testing.T) { serverErrorsExhausted(t, setup(t)) })
	t.Run("create_answer_lost", func(t *testing.T) { answerLost(t, setup(t)) })
	t.Run("auth_refused", func(t *testing.T) { authRefused(t, setup(t)) })
	t.Run("unbalanced_not_sent", func(t *testing.T) { unbalancedNotSent(t, setup(t)) })
}

func push(t *testing.T, p erp.Pusher, vs []erp.Voucher) []erp.Result {
	t.Helper()
	res, err := p.Push(context.Background(), vs)
	if err != nil {
		t.Fatalf("push: %v", err)
	}
	if len(res) != len(vs) {
		t.Fatalf("push: %d results for %d vouchers", len(res), len(vs))
	}
	for i, r := range res {
		if r.ID != vs[i].ID {
			t.Fatalf("result %d is for %s, want %s", i, r.ID, vs[i].ID)
		}
	}
	return res
}

func wantOutcomes(t *testing.T, res []erp.Result, want ...erp.Outcome) {
	t.Helper()
	for i, r := range res {
		if r.Outcome != want[i] {
			t.Errorf("%s: outcome %s (err %v), want %s", r.ID, r.Outcome, r.Err, want[i])
		}
		if r.Outcome != erp.Failed && r.ERPRef == "" {
			t.Errorf("%s: %s without the ERP's ref", r.ID, r.Outcome)
		}
		if r.Outcome == erp.Failed && r.Err == nil {
			t.Errorf("%s: failed without an error", r.ID)
		}
	}
}

func wantHeldOnce(t *testing.T, h Harness, vs []erp.Voucher) {
	t.Helper()
	held := h.Held()
	for _, v := range vs {
		if held[v.ID] != 1 {
			t.Errorf("%s held %d times, want once", v.ID, held[v.ID])
		}
	}
	if len(held) != len(vs) {
		t.Errorf("sandbox holds %d vouchers, want %d", len(held), len(vs))
	}
}

func all(n int, o erp.Outcome) []erp.Outcome {
	out := make([]erp.Outcome, n)
	for i := range out {
		out[i] = o
	}
	return out
}

func pushThenRepush(t *testing.T, h Harness) {
	var s sleeps
	p := h.Pusher(false, s.retry())
	vs := Vouchers(5)
	first := push(t, p, vs)
	wantOutcomes(t, first, all(5, erp.Created)...)
	second := push(t, p, vs)
	wantOutcomes(t, second, all(5, erp.Exists)...)
	for i := range first {
		if first[i].ERPRef != second[i].ERPRef {
			t.Errorf("%s: ref %q then %q", vs[i].ID, first[i].ERPRef, second[i].ERPRef)
		}
	}
	wantHeldOnce(t, h, vs)
	if len(s.got) != 0 {
		t.Errorf("slept %v with no fault", s.got)
	}
}

func thirdRefused(t *testing.T, h Harness) {
	var s sleeps
	p := h.Pusher(false, s.retry())
	vs := Vouchers(5)
	h.RefuseCreate(3)
	res := push(t, p, vs)
	wantOutcomes(t, res, erp.Created, erp.Created, erp.Failed, erp.Created, erp.Created)
	if k := erpcall.KindOf(res[2].Err); k != erpcall.Refused {
		t.Errorf("refused create: kind %v (%v), want Refused", k, res[2].Err)
	}
	if len(s.got) != 0 {
		t.Errorf("a refusal was retried: slept %v", s.got)
	}
	again := push(t, p, vs)
	wantOutcomes(t, again, erp.Exists, erp.Exists, erp.Created, erp.Exists, erp.Exists)
	wantHeldOnce(t, h, vs)
}

func throttleRetried(t *testing.T, h Harness) {
	var s sleeps
	p := h.Pusher(false, s.retry())
	vs := Vouchers(2)
	h.Faults.Queue(sandbox.Throttle, sandbox.Throttle)
	wantOutcomes(t, push(t, p, vs), all(2, erp.Created)...)
	if len(s.got) != 2 || s.got[0] <= 0 {
		t.Errorf("slept %v, want two backoffs", s.got)
	}
	wantHeldOnce(t, h, vs)
}

func serverErrorsExhausted(t *testing.T, h Harness) {
	var s sleeps
	p := h.Pusher(false, s.retry())
	vs := Vouchers(2)
	h.Faults.Queue(sandbox.ServerError, sandbox.ServerError, sandbox.ServerError, sandbox.ServerError)
	res := push(t, p, vs)
	wantOutcomes(t, res, erp.Failed, erp.Created)
	if k := erpcall.KindOf(res[0].Err); k != erpcall.Transient {
		t.Errorf("5xx: kind %v, want Transient", k)
	}
	if len(s.got) != 3 {
		t.Errorf("slept %d times, want 3 (4 attempts)", len(s.got))
	}
	wantHeldOnce(t, h, vs[1:])
	wantOutcomes(t, push(t, p, vs), erp.Created, erp.Exists)
}

// A create the ERP did but whose answer was lost is retried by looking
// the voucher up first: found, it is Created once, not made twice.
func answerLost(t *testing.T, h Harness) {
	var s sleeps
	p := h.Pusher(false, s.retry())
	vs := Vouchers(3)
	h.LoseCreateAnswer(2)
	wantOutcomes(t, push(t, p, vs), all(3, erp.Created)...)
	if len(s.got) != 1 {
		t.Errorf("slept %v, want one backoff", s.got)
	}
	wantHeldOnce(t, h, vs)
}

func authRefused(t *testing.T, h Harness) {
	var s sleeps
	p := h.Pusher(true, s.retry())
	res, err := p.Push(context.Background(), Vouchers(3))
	if err == nil || erpcall.KindOf(err) != erpcall.Auth {
		t.Fatalf("push with bad credentials: err %v, want an Auth error", err)
	}
	if len(res) != 0 {
		t.Errorf("results %v before the first voucher", res)
	}
	if n := len(h.Held()); n != 0 {
		t.Errorf("sandbox holds %d vouchers after refused auth", n)
	}
	if len(s.got) != 0 {
		t.Errorf("auth refusal retried: slept %v", s.got)
	}
}

func unbalancedNotSent(t *testing.T, h Harness) {
	var s sleeps
	p := h.Pusher(false, s.retry())
	vs := Vouchers(2)
	vs[0].Lines[0].Debit = money.New(vs[0].Lines[0].Debit.Minor()+1, "CNY")
	res := push(t, p, vs)
	wantOutcomes(t, res, erp.Failed, erp.Created)
	wantHeldOnce(t, h, vs[1:])
}
