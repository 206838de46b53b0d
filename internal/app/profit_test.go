package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/profit"
	"github.com/fnshub/fnshub/internal/profit/profitdb"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/recon"
	"github.com/fnshub/fnshub/internal/settlement/terms"
	"github.com/fnshub/fnshub/internal/settlement/termsdb"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// An order is estimated from its shop's contract when written, gets its
// cost of goods when shipped, its actual fees when its payout is
// reconciled (estimates kept beside them; a re-run replaces them), and
// its returns when refunded; at each step the facts and the rollup equal
// their recomputation, on both engines.
func TestProfit_estimateShipReconcileRefund(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { profitLifecycle(t, e.Open) })
	}
}

func profitLifecycle(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	h.receive(t, "po-2", "CUP", "SH", 10)
	c := terms.DefaultContract("S1", "web")
	c.Commission, c.FeeRates = money.MustRate("0.05"), map[string]money.Rate{"花呗手续费": money.MustRate("0.01")}
	_, err := termsdb.New(h.db).SaveContract(ctx, c, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	must(t, err)
	ps := profitdb.New(h.db)
	// Any carrier to any province: 8.00 a parcel when no SKU has a weight.
	must(t, ps.SetCarrierRate(ctx, profit.CarrierRate{Carrier: "*", Province: profit.AnyProvince, Currency: "CNY", FirstG: 1000, First: 1200,
		ExtraG: 1000, Extra: 200, Flat: 800}))
	checked := func(step string) ([]profit.Line, []profit.PayoutActual) {
		t.Helper()
		ms, err := ps.Check(ctx)
		must(t, err)
		if len(ms) > 0 {
			t.Fatalf("%s: profit facts differ from their recomputation: %v", step, ms)
		}
		of, err := ps.Order(ctx, 1)
		must(t, err)
		return of.Lines, of.Actuals
	}

	in := paid("A1", 1, "TEA-250", "CUP")
	in.Order.Lines[0].TaxRate, in.Order.Lines[1].TaxRate = money.MustRate("0.13"), money.MustRate("0.13")
	in.Order.Discount, in.Order.PlatformDiscount, in.Order.ShippingFee = cny(200), cny(50), cny(100)
	in.Order.Campaign = "double11"
	a1 := h.ingest(t, in)
	lines, _ := checked("estimated")
	var sum profit.Figures
	for _, l := range lines {
		sum = sum.Add(l.Figures)
	}
	var net int64
	for _, l := range a1.Order.Lines {
		net += l.Net.Minor()
	}
	// Paid 1,800 of goods and 100 of shipping, 950 a line: 5% is 47.5 and
	// 1% is 9.5, each rounded up once per line.
	if len(lines) != 2 || sum.Revenue != net+100 || sum.DiscountShop != 150 || sum.DiscountPlatform != 50 || sum.EstCommission != 96 ||
		sum.EstFees != 20 || sum.Fees != 116 || sum.Shipping != 800 || sum.ActualLines != 0 || sum.COGS != 0 || lines[0].Key.Campaign != "double11" {
		t.Fatalf("estimate: %+v of %+v", sum, lines)
	}

	_, err = h.orders.Ship(ctx, a1.Order.ID, "", "SF", "SF1")
	must(t, err)
	lines, _ = checked("shipped")
	cogs := lines[0].COGS + lines[1].COGS
	if cogs <= 0 || cogs != h.balances(t)["6401"] {
		t.Fatalf("cost of goods %d, ledger 6401 %d", cogs, h.balances(t)["6401"])
	}

	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	line := func(id int64, k settlement.Kind, typ string, m int64) settlement.StoredLine {
		return settlement.StoredLine{ID: id, PayoutID: 9, Line: settlement.Line{Key: "L" + string(rune('0'+id)), PayoutRef: "P9", Kind: k, Type: typ,
			OrderRef: "A1", Amount: cny(m), PostedAt: day}}
	}
	fake := &fakeSettlements{payout: settlement.StoredPayout{ID: 9, Shop: "S1", Platform: "web", Payout: settlement.Payout{Ref: "P9", Currency: "CNY",
		Start: day.AddDate(0, 0, -7), End: day, DepositAt: day.AddDate(0, 0, 1)}},
		lines: []settlement.StoredLine{line(1, settlement.Sale, "交易", 1900), line(2, settlement.Commission, "技术服务费", -90), line(3, settlement.Fee, "花呗手续费", -21)}}
	uc := &app.SettlementReconcile{Unit: unit.New(h.db), Settlements: func(app.Stores) settlement.Reader { return fake }}
	req := app.ReconcileRequest{PayoutID: 9, Contract: recon.Contract{Commission: money.MustRate("0.05"), CycleDays: 2}, Rules: recon.Rules{Version: 1}}
	_, err = uc.Reconcile(ctx, req)
	must(t, err)
	lines, actuals := checked("reconciled")
	sum = lines[0].Figures.Add(lines[1].Figures)
	if sum.ActCommission != 90 || sum.ActFees != 21 || sum.EstCommission != 96 || sum.EstFees != 20 || sum.Fees != 111 || sum.ActualLines != 2 || len(actuals) != 2 {
		t.Fatalf("actuals replace estimates, both kept: %+v, %+v", sum, actuals)
	}

	// The platform corrects its commission; the re-run replaces the payout's actuals.
	fake.lines[1].Amount = cny(-80)
	req.Rules.Version = 2
	_, err = uc.Reconcile(ctx, req)
	must(t, err)
	lines, actuals = checked("re-run")
	sum = lines[0].Figures.Add(lines[1].Figures)
	if sum.ActCommission != 80 || sum.Fees != 101 || sum.ActualLines != 2 || len(actuals) != 2 || lines[0].Payouts != 1 {
		t.Fatalf("re-run: %+v, %+v", sum, actuals)
	}

	refunded, err := h.orders.RefundPart(ctx, a1.Order.ID, "rp-1", cny(565))
	must(t, err)
	lines, _ = checked("refunded")
	sum = lines[0].Figures.Add(lines[1].Figures)
	back := refunded.Order.Refunded - refunded.Order.RefundedTax
	if back <= 0 || back >= 565 || sum.Returns != back {
		t.Fatalf("returns %d of %+v; refunded net of VAT %d", sum.Returns, lines, back)
	}
	if want := sum.Revenue + 50 - back - cogs - 101 - 800; sum.Margin() != want {
		t.Fatalf("margin %d, want %d", sum.Margin(), want)
	}

	rows, err := ps.Report(ctx, profit.Filter{FromHour: 0, ToHour: 1 << 40, Group: []string{profit.ByChannel, profit.ByCampaign, profit.ByDay}})
	must(t, err)
	if len(rows) != 1 || rows[0].Figures != sum || rows[0].Channel != "web" || rows[0].Campaign != "double11" {
		t.Fatalf("report %+v, lines sum %+v", rows, sum)
	}
	// The same by UTC+8 day over whole days of that zone reads the per-day
	// campaign rollup (ADR 57); both sides agree.
	cstDay := ((lines[0].Key.Hour+profitdb.DaysOffset)/24)*24 - profitdb.DaysOffset
	eight := int64(profitdb.DaysOffset)
	rows, err = ps.Report(ctx, profit.Filter{FromHour: cstDay - 24, ToHour: cstDay + 48, Group: []string{profit.ByCampaign, profit.ByDay}, DaysAt: &eight})
	must(t, err)
	if len(rows) != 1 || rows[0].Figures != sum || rows[0].Hour != cstDay || rows[0].Campaign != "double11" {
		t.Fatalf("report by UTC+8 day %+v (day %d), lines sum %+v", rows, cstDay, sum)
	}
	h.assertInvariants(t)
	// A per-day rollup off by one fen is named by the check.
	_, err = h.db.Writer().ExecContext(ctx, `UPDATE profit_campaign_days SET revenue = revenue + 1`)
	must(t, err)
	if ms, err := ps.Check(ctx); err != nil || len(ms) != 1 || ms[0].Figure != "revenue" || !strings.HasPrefix(ms[0].Where, "day ") {
		t.Fatalf("a per-day rollup off by one: %v %v", ms, err)
	}
}
