package recon

import (
	"errors"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
)

func usd(m int64) money.Amount { return money.New(m, "USD") }

var day = time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)

// small is one Amazon-like payout of one order, charged as contracted.
func small() Input {
	line := func(key string, k settlement.Kind, typ string, m int64) settlement.Line {
		return settlement.Line{Key: key, PayoutRef: "S1", Kind: k, Type: typ, OrderRef: "111-1", Amount: usd(m), PostedAt: day, SKU: "A"}
	}
	return Input{Shop: "AMZ", Channel: "amazon",
		Payout: settlement.Payout{Ref: "S1", Currency: "USD", Start: day.AddDate(0, 0, -1), End: day.AddDate(0, 0, 1),
			HasTotal: true, Total: usd(10000 - 1500 - 350), DepositAt: day.AddDate(0, 0, 2)},
		Lines: []settlement.Line{
			line("k1", settlement.Sale, "Principal", 10000),
			line("k2", settlement.Commission, "Commission", -1500),
			line("k3", settlement.Fee, "FBAPerUnitFulfillmentFee", -350),
		},
		Orders: []Expected{{OrderID: 7, Ref: "111-1", Shop: "AMZ", Channel: "amazon", Currency: "USD", Gross: usd(10000),
			PaidAt: day.AddDate(0, 0, -3), ShippedAt: day.AddDate(0, 0, -2)}},
		Contract: Contract{Commission: money.MustRate("0.15"), KnownFees: map[string]bool{"FBAPerUnitFulfillmentFee": true}, CycleDays: 2, FeeTolerance: 1},
		Rules:    Rules{Version: 3},
	}
}

func TestReconcile_CleanOrderIsMatchedWithNoDifference(t *testing.T) {
	res, err := Reconcile(small())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Differences) != 0 || len(res.Matches) != 1 || res.Matches[0].Rule != RuleOrderRef || res.Matches[0].RulesVersion != 3 || res.Matches[0].OrderID != 7 {
		t.Fatalf("differences %+v, matches %+v", res.Differences, res.Matches)
	}
	want := map[string][2]int64{"sales": {10000, 10000}, "refunds": {0, 0}, "commission": {-1500, -1500}, "fees": {-350, -350},
		"adjustments": {0, 0}, "payout": {8150, 8150}}
	for _, s := range res.Waterfall.Steps {
		if w := want[s.Name]; s.Expected.Minor() != w[0] || s.Actual.Minor() != w[1] {
			t.Errorf("step %s = %s / %s, want %v", s.Name, s.Expected, s.Actual, w)
		}
	}
	if !res.Waterfall.Remainder.IsZero() || len(res.Reconciled) != 1 {
		t.Fatalf("waterfall %+v, reconciled %v", res.Waterfall, res.Reconciled)
	}
	got := map[finance.Role]int64{}
	for _, g := range res.Plan.Groups {
		for _, p := range g {
			got[p.Role] += p.Amount.Minor()
		}
	}
	wantRoles := map[finance.Role]int64{finance.Cash: 8150, finance.Receivable: -10000, finance.Commission: 1500, finance.PlatformFee: 350}
	for r, v := range wantRoles {
		if got[r] != v {
			t.Errorf("%s = %d, want %d (all: %v)", r, got[r], v, got)
		}
	}
	if got[finance.PlatformBalance] != 0 || got[finance.SettlementDifference] != 0 {
		t.Errorf("platform balance %d and differences %d should clear", got[finance.PlatformBalance], got[finance.SettlementDifference])
	}
}

func TestReconcile_CommissionDriftIsExplained(t *testing.T) {
	in := small()
	in.Lines[1].Amount = usd(-1800) // 18%, not 15%
	in.Payout.Total = usd(10000 - 1800 - 350)
	res, err := Reconcile(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Differences) != 1 {
		t.Fatalf("%+v", res.Differences)
	}
	d := res.Differences[0]
	if d.Class != FeeRateDrift || d.Expected.Minor() != -1500 || d.Actual.Minor() != -1800 || d.Impact.Minor() != -300 ||
		d.Subject != "order:111-1/type:Commission" || d.Message == "" {
		t.Fatalf("%+v", d)
	}
	if !res.Waterfall.Remainder.IsZero() {
		t.Fatal(res.Waterfall)
	}
}

func TestReconcile_RejectsWhatItCannotRead(t *testing.T) {
	cases := map[string]func(*Input){
		"line_currency_mismatch": func(in *Input) { in.Lines[0].Amount = money.New(1, "EUR") },
		"line_kind_invalid":      func(in *Input) { in.Lines[0].Kind = "gift" },
		"order_ref_duplicate":    func(in *Input) { in.Orders = append(in.Orders, in.Orders[0]) },
		"fx_rate_missing":        func(in *Input) { in.Orders[0].Currency, in.Orders[0].Gross = "CAD", money.New(10000, "CAD") },
		"payout_currency_invalid": func(in *Input) {
			in.Payout.Currency = ""
		},
	}
	for code, mutate := range cases {
		in := small()
		mutate(&in)
		_, err := Reconcile(in)
		var fe *fault.Error
		if !errors.As(err, &fe) || fe.Code != code {
			t.Errorf("%s: got %v", code, err)
		}
	}
}

func TestFXRate_ConvertsAcrossExponents(t *testing.T) {
	r := MustFXRate("0.7341")
	if got, _ := r.Convert(money.New(10000, "CAD"), "USD"); got != usd(7341) {
		t.Fatal(got)
	}
	// 1.00 USD at 149.505 JPY: 149.505 rounds half away from zero to 150.
	if got, _ := MustFXRate("149.505").Convert(usd(100), "JPY"); got != money.New(150, "JPY") {
		t.Fatal(got)
	}
	if got, _ := MustFXRate("149.505").Convert(usd(-100), "JPY"); got != money.New(-150, "JPY") {
		t.Fatal(got)
	}
	for _, bad := range []string{"0", "-1", "x", "1e400"} {
		if _, err := ParseFXRate(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestCharge_IsMulRate holds the integer rate arithmetic to money's.
func TestCharge_IsMulRate(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		base := rapid.Int64Range(-1e15, 1e15).Draw(t, "base")
		ppm := rapid.Int64Range(0, rateScale-1).Draw(t, "ppm")
		rate := money.MustRate(percent(ppm/100*100) + "%")
		want, err := money.New(base, "USD").MulRate(rate)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := charge(base, scaled(rate))
		if !ok || got != want.Minor() {
			t.Fatalf("%d × %s: %d, want %s", base, rate, got, want)
		}
	})
}
