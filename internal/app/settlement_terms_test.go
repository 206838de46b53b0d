package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/recon"
	"github.com/fnshub/fnshub/internal/settlement/terms"
	"github.com/fnshub/fnshub/internal/settlement/termsdb"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

func TestSettlementReconcile_StoredTerms(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { reconcileUnderStoredTerms(t, e.Open) })
	}
}

// reconcileUnderStoredTerms reconciles a USD payout of a CNY order given
// only the payout id: the shop's saved contract (4% commission) and the
// stored USD→CNY rate (inverted, carried from the day before) are loaded.
func reconcileUnderStoredTerms(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	a1 := h.ingest(t, paid("A1", 1, "TEA-250")) // 10.00 CNY, paid 2026-11-11
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	usd := func(m int64) money.Amount { return money.New(m, "USD") }
	fake := &fakeSettlements{
		payout: settlement.StoredPayout{ID: 7, Shop: "S1", Platform: "web", Payout: settlement.Payout{Ref: "P7", Currency: "USD",
			Start: day.AddDate(0, 0, -7), End: day, DepositAt: day, HasTotal: true, Total: usd(120)}},
		lines: []settlement.StoredLine{
			{ID: 1, PayoutID: 7, Line: settlement.Line{Key: "U1", PayoutRef: "P7", Kind: settlement.Sale, Type: "sale", OrderRef: "A1", Amount: usd(125), PostedAt: day}},
			{ID: 2, PayoutID: 7, Line: settlement.Line{Key: "U2", PayoutRef: "P7", Kind: settlement.Commission, Type: "commission", OrderRef: "A1", Amount: usd(-5), PostedAt: day}},
		},
	}
	var periodsAsked string
	uc := &app.SettlementReconcile{Unit: unit.New(h.db), Settlements: func(app.Stores) settlement.Reader { return fake },
		Periods: func(_ context.Context, _ app.Stores, shop string) ([]recon.Period, error) {
			periodsAsked = shop
			return nil, nil
		}}

	before, err := uc.RequestFor(ctx, 7)
	must(t, err)
	if !before.Contract.Default || before.Contract.Commission.String() != "0" || !before.Rules.Default || periodsAsked != "S1" {
		t.Fatalf("with nothing saved: the platform's default, flagged: %+v", before)
	}

	ar := &app.ARAP{Unit: unit.New(h.db), Books: h.books}
	openAR := func() []arap.Item {
		items, err := ar.OpenItems(ctx, day.AddDate(0, 0, 1))
		must(t, err)
		return items
	}
	if items := openAR(); len(items) != 1 || items[0].Kind != arap.PlatformAR || items[0].Ref != fmt.Sprint(a1.Order.ID) || items[0].Open.Minor() != 1000 {
		t.Fatalf("before the settlement, open AR %+v, want order A1's 10.00", items)
	}

	s := termsdb.New(h.db)
	saved, err := s.SaveContract(ctx, terms.Contract{Shop: "S1", Commission: money.MustRate("0.04"), CycleDays: 30, FeeTolerance: 0}, time.Now())
	must(t, err)
	_, err = s.SaveRules(ctx, terms.Rules{AmountTolerance: 0, SplitPayouts: true}, time.Now())
	must(t, err)
	_, err = s.Import(ctx, []terms.FXRate{{From: "USD", To: "CNY", Date: "2026-11-10", Rate: "8", Source: "test"}}, terms.ImportOptions{Now: time.Now()})
	must(t, err)

	out, used, err := uc.ReconcileStored(ctx, 7)
	must(t, err)
	if used.Contract.Default || used.Contract.Version != saved.Version || used.Rules.Version != 1 || used.Request.Contract.CycleDays != 30 {
		t.Fatalf("terms used %+v", used)
	}
	if out.Duplicate || len(out.Posted) == 0 || len(out.Result.Reconciled) != 1 || out.Result.Reconciled[0] != int64(a1.Order.ID) {
		t.Fatalf("outcome %+v", out)
	}
	for _, d := range out.Result.Differences {
		if d.Class == recon.FeeRateDrift || d.Class == recon.ShortPayment || d.Class == recon.OverPayment {
			t.Fatalf("10.00 CNY at 1/8 is 1.25 USD and 4%% of it 0.05: no difference expected, got %+v", d)
		}
	}
	if out.Result.RulesVersion != 1 {
		t.Fatalf("rules version %d", out.Result.RulesVersion)
	}
	// The reconciled settlement line cleared the order's receivable (ADR 51).
	if items := openAR(); len(items) != 0 {
		t.Fatalf("after the settlement, open AR %+v, want none", items)
	}
}
