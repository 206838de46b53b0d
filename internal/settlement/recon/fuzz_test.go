package recon

import (
	"fmt"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
)

// FuzzReconcile reads settlement lines from arbitrary bytes — any kind,
// any order ref (known, unknown, none), any amount and Type — and holds
// every result to the invariants: no panic, a waterfall with no
// remainder, plan groups balanced in every currency.
func FuzzReconcile(f *testing.F) {
	f.Add([]byte{0, 0, 100, 0, 3, 0, 250, 0})
	f.Add([]byte{2, 1, 5, 1, 10, 2, 1, 3, 11, 3, 9, 9, 5, 0, 200, 2})
	f.Add([]byte{0, 0, 0x80, 0, 0, 0, 0x7f, 1, 6, 3, 1, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		in := small()
		in.Lines = nil
		in.Orders = append(in.Orders,
			Expected{OrderID: 8, Ref: "111-2", Shop: "AMZ", Currency: "USD", Gross: usd(500), PaidAt: day, Refunds: []Refund{{Ref: "R1", Amount: usd(100), At: day}}},
			Expected{OrderID: 9, Ref: "111-3", Shop: "AMZ", Currency: "CAD", Gross: money.New(900, "CAD"), PaidAt: day})
		in.FX = func(from, to money.Currency, _ time.Time) (FXRate, error) { return MustFXRate("0.73"), nil }
		in.Contract.FeeRates = map[string]money.Rate{"fee": money.MustRate("0.03")}
		in.Rules = Rules{AmountTolerance: int64(len(data) % 7), RefundWindow: 1e12, SplitPayouts: true}
		refs := []string{"", "111-1", "111-2", "111-3", "999"}
		types := []string{"Principal", "Commission", "fee", "Mystery"}
		kinds := settlement.Kinds()
		for i := 0; i+3 < len(data) && len(in.Lines) < 200; i += 4 {
			l := settlement.Line{Key: fmt.Sprint("k", i), PayoutRef: "S1", Kind: kinds[int(data[i])%len(kinds)],
				OrderRef: refs[int(data[i+1])%len(refs)], Amount: usd(int64(int8(data[i+2])) * 37), Type: types[int(data[i+3])%len(types)],
				PostedAt: day}
			if data[i+3]%5 == 0 {
				l.RefundRef = "R1"
			}
			in.Lines = append(in.Lines, l)
		}
		in.Payout.HasTotal = len(data)%2 == 0
		res, err := Reconcile(in)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Waterfall.Remainder.IsZero() {
			t.Fatalf("remainder %s", res.Waterfall.Remainder)
		}
		for _, g := range res.Plan.Groups {
			sums := map[money.Currency]int64{}
			for _, p := range g {
				sums[p.Amount.Currency()] += p.Amount.Minor()
			}
			for c, s := range sums {
				if s != 0 {
					t.Fatalf("group unbalanced in %s: %+v", c, g)
				}
			}
		}
	})
}
