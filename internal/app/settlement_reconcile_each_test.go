package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/recon"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// fakePayouts is settlement.Reader over several payouts in memory.
type fakePayouts struct {
	payouts map[int64]settlement.StoredPayout
	lines   map[int64][]settlement.Line
}

func (f *fakePayouts) Payout(_ context.Context, id int64) (settlement.StoredPayout, error) {
	p, ok := f.payouts[id]
	if !ok {
		return settlement.StoredPayout{}, fault.New(fault.NotFound, "payout_not_found", "no payout %d", id)
	}
	return p, nil
}

func (f *fakePayouts) Lines(context.Context, int64, int64, int) ([]settlement.StoredLine, error) {
	return nil, nil
}

func (f *fakePayouts) PayoutLines(_ context.Context, p settlement.StoredPayout) ([]settlement.Line, error) {
	return f.lines[p.ID], nil
}

func TestReconcileEach(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { reconcileEachInOrder(t, e.Open) })
	}
}

// reconcileEachInOrder: payout 2 pays order A1 again after payout 1
// settled it in full. Reconciled in order, payout 2 must see payout 1's
// settlement, which is booked while payout 2 is read ahead: an over-
// payment of A1, as when the two are reconciled one by one. Then a
// payout that does not exist stops the run, the payouts before it
// booked.
func reconcileEachInOrder(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	h.ingest(t, paid("A1", 1, "TEA-250"))
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	payout := func(id int64, ref string, at time.Time) settlement.StoredPayout {
		return settlement.StoredPayout{ID: id, Shop: "S1", Platform: "web", Payout: settlement.Payout{Ref: ref, Currency: "CNY",
			Start: at.AddDate(0, 0, -7), End: at, DepositAt: at.AddDate(0, 0, 1), HasTotal: true, Total: cny(1000)}}
	}
	sale := func(key string, at time.Time) []settlement.Line {
		return []settlement.Line{{Key: key, Kind: settlement.Sale, Type: "交易", OrderRef: "A1", Amount: cny(1000), PostedAt: at}}
	}
	fake := &fakePayouts{
		payouts: map[int64]settlement.StoredPayout{1: payout(1, "P1", day), 2: payout(2, "P2", day.AddDate(0, 0, 7))},
		lines:   map[int64][]settlement.Line{1: sale("L1", day), 2: sale("L2", day.AddDate(0, 0, 7))},
	}
	uc := &app.SettlementReconcile{Unit: unit.New(h.db), Settlements: func(app.Stores) settlement.Reader { return fake }}
	req := func(id int64) app.ReconcileRequest {
		return app.ReconcileRequest{PayoutID: id, Contract: recon.Contract{CycleDays: 2}, Rules: recon.Rules{Version: 1}}
	}
	var outs []app.ReconcileOutcome
	must(t, uc.ReconcileEach(ctx, []app.ReconcileRequest{req(1), req(2)}, func(i int, out app.ReconcileOutcome) error {
		if i != len(outs) {
			t.Fatalf("outcome %d handed after %d", i, len(outs))
		}
		outs = append(outs, out)
		return nil
	}))
	if len(outs) != 2 || len(outs[0].Result.Differences) != 0 || len(outs[0].Posted) != 1 {
		t.Fatalf("payout 1: %+v", outs)
	}
	d := outs[1].Result.Differences
	if len(d) != 1 || d[0].Class != recon.OverPayment || d[0].Impact != cny(1000) {
		t.Fatalf("payout 2 pays A1 again after payout 1 settled it: %+v", d)
	}
	h.assertInvariants(t)

	// Payout 2 again, then one that does not exist: the first is a
	// duplicate, handed over, and the run stops there.
	var again []app.ReconcileOutcome
	err := uc.ReconcileEach(ctx, []app.ReconcileRequest{req(2), req(404), req(1)}, func(_ int, out app.ReconcileOutcome) error {
		again = append(again, out)
		return nil
	})
	if fault.KindOf(err) != fault.NotFound || len(again) != 1 || !again[0].Duplicate {
		t.Fatalf("a missing payout in the middle: %v, %+v", err, again)
	}

	// An error from done stops the run there and is the run's error.
	stop, handed := errors.New("enough"), 0
	err = uc.ReconcileEach(ctx, []app.ReconcileRequest{req(1), req(2)}, func(int, app.ReconcileOutcome) error { handed++; return stop })
	if !errors.Is(err, stop) || handed != 1 {
		t.Fatalf("done's error: %v after %d outcomes", err, handed)
	}

}
