package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/recon"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// fakeSettlements is settlement.Reader over one payout in memory; the
// merger wires settlementdb in its place.
type fakeSettlements struct {
	payout settlement.StoredPayout
	lines  []settlement.StoredLine
}

func (f *fakeSettlements) Payout(_ context.Context, id int64) (settlement.StoredPayout, error) {
	if id != f.payout.ID {
		return settlement.StoredPayout{}, fault.New(fault.NotFound, "payout_not_found", "no payout %d", id)
	}
	return f.payout, nil
}

func (f *fakeSettlements) Lines(_ context.Context, payoutID, after int64, limit int) ([]settlement.StoredLine, error) {
	var out []settlement.StoredLine
	for _, l := range f.lines {
		if l.PayoutID == payoutID && l.ID > after && len(out) < limit {
			out = append(out, l)
		}
	}
	return out, nil
}

func (f *fakeSettlements) PayoutLines(_ context.Context, p settlement.StoredPayout) ([]settlement.Line, error) {
	var out []settlement.Line
	for _, l := range f.lines {
		if l.PayoutID == p.ID {
			out = append(out, l.Line)
		}
	}
	return out, nil
}

func TestSettlementReconcile(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { reconcileAndRerun(t, e.Open) })
	}
}

// reconcileAndRerun books a payout of two orders, reconciles it again to
// the same answer (a duplicate), then after a contract change: the first
// run's entry is reversed, the new one posted, and both runs kept.
func reconcileAndRerun(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	h.receive(t, "po-2", "CUP", "SH", 10)
	a1 := h.ingest(t, paid("A1", 1, "TEA-250"))
	a2 := h.ingest(t, paid("A2", 1, "TEA-250", "CUP"))
	a3 := h.ingest(t, paid("A3", 1, "TEA-250")) // due in the period, and the payout does not name it
	if b := h.balances(t); b["1122"] != 4000 {
		t.Fatalf("receivable before settlement = %d", b["1122"])
	}
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	line := func(id int64, ref string, k settlement.Kind, typ string, m int64) settlement.StoredLine {
		return settlement.StoredLine{ID: id, PayoutID: 9, Line: settlement.Line{Key: "L" + string(rune('0'+id)), PayoutRef: "P9", Kind: k, Type: typ,
			OrderRef: ref, Amount: cny(m), PostedAt: day}}
	}
	fake := &fakeSettlements{
		payout: settlement.StoredPayout{ID: 9, Shop: "S1", Platform: "web", Payout: settlement.Payout{Ref: "P9", Currency: "CNY",
			Start: day.AddDate(0, 0, -7), End: day, DepositAt: day.AddDate(0, 0, 1), HasTotal: true, Total: cny(3000 - 150)}},
		lines: []settlement.StoredLine{
			line(1, "A1", settlement.Sale, "交易", 1000), line(2, "A1", settlement.Commission, "技术服务费", -50),
			line(3, "A2", settlement.Sale, "交易", 2000), line(4, "A2", settlement.Commission, "技术服务费", -100),
		},
	}
	uc := &app.SettlementReconcile{Unit: unit.New(h.db), Settlements: func(app.Stores) settlement.Reader { return fake }}
	req := app.ReconcileRequest{PayoutID: 9, Contract: recon.Contract{Commission: money.MustRate("0.05"), CycleDays: 2}, Rules: recon.Rules{Version: 1}}

	first, err := uc.Reconcile(ctx, req)
	must(t, err)
	if first.Duplicate || len(first.Posted) != 1 || len(first.Result.Differences) != 1 || len(first.Result.Reconciled) != 2 {
		t.Fatalf("first run %+v", first)
	}
	if d := first.Result.Differences[0]; d.Class != recon.OrderNotOnPlatform || d.OrderID != int64(a3.Order.ID) || d.Impact != cny(-1000) {
		t.Fatalf("the order the payout does not name: %+v", d)
	}
	if first.Result.Reconciled[0] != int64(a1.Order.ID) || first.Result.Reconciled[1] != int64(a2.Order.ID) {
		t.Fatalf("reconciled %v", first.Result.Reconciled)
	}
	b := h.balances(t)
	if b["1122"] != 1000 || b["1002"] != 2850 || b["6601"] != 150 || b["1012"] != 0 || b["1221.01"] != 0 {
		t.Fatalf("after the first run: %v", b)
	}

	again, err := uc.Reconcile(ctx, req)
	must(t, err)
	if !again.Duplicate || again.RunID != first.RunID || len(again.Posted) != 0 {
		t.Fatalf("the same answer again: %+v", again)
	}

	// The contract says 4%: the platform over-charged 0.40 + 0.80.
	req.Contract.Commission, req.Rules.Version = money.MustRate("0.04"), 2
	rerun, err := uc.Reconcile(ctx, req)
	must(t, err)
	if rerun.Duplicate || rerun.Reversed != 1 || len(rerun.Posted) != 1 || len(rerun.Result.Differences) != 3 ||
		rerun.Result.Differences[1].Class != recon.FeeRateDrift || rerun.Result.Differences[2].Class != recon.FeeRateDrift {
		t.Fatalf("re-run %+v", rerun)
	}
	b = h.balances(t)
	if b["1122"] != 1000 || b["1002"] != 2850 || b["6601"] != 120 || b["1221.01"] != 30 {
		t.Fatalf("after the re-run: %v", b)
	}
	h.assertInvariants(t)

	var runs []recon.Run
	var diffs []recon.Difference
	must(t, unit.New(h.db).Read(ctx, func(st app.Stores) (err error) {
		if runs, err = st.Recon.Runs(ctx, 9); err != nil {
			return err
		}
		diffs, err = st.Recon.Differences(ctx, rerun.RunID)
		return err
	}))
	if len(runs) != 2 || runs[0].ID != rerun.RunID || runs[1].Status != recon.RunSuperseded || runs[1].Entries[0].ReversedBy == 0 ||
		runs[1].SupersededBy != rerun.RunID || len(diffs) != 3 {
		t.Fatalf("history %+v, differences %+v", runs, diffs)
	}

	if _, err := uc.Reconcile(ctx, app.ReconcileRequest{PayoutID: 404}); fault.KindOf(err) != fault.NotFound {
		t.Fatalf("unknown payout: %v", err)
	}
}
