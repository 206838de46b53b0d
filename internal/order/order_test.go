package order

import (
	"testing"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"pgregory.net/rapid"
)

func cny(minor int64) money.Amount { return money.New(minor, "CNY") }

func TestOrder_PriceSpreadsTheDiscountAndSplitsVAT(t *testing.T) {
	vat := money.MustRate("0.13")
	o := Order{Currency: "CNY", Discount: cny(1000), ShippingFee: cny(800), Lines: []Line{
		{SKU: "A", Quantity: 1, UnitPrice: cny(5000), TaxRate: vat},
		{SKU: "B", Quantity: 3, UnitPrice: cny(1000), TaxRate: vat},
		{SKU: "C", Quantity: 1, UnitPrice: cny(2500), LineDiscount: cny(500), TaxRate: money.MustRate("0")},
	}}
	if err := o.Price(); err != nil {
		t.Fatal(err)
	}
	wantShares := []int64{500, 300, 200} // over 50.00, 30.00, 20.00
	wantTax := []int64{518, 311, 0}      // 45.00 and 27.00 at 13% inclusive, rounded once each
	for i, l := range o.Lines {
		if l.Allocated.Minor() != wantShares[i] || l.Tax.Minor() != wantTax[i] || l.Net.Minor()+l.Tax.Minor() != l.Total.Minor() {
			t.Errorf("line %d: share %s tax %s net %s total %s", i, l.Allocated, l.Tax, l.Net, l.Total)
		}
	}
	total, err := o.Total()
	if err != nil || total.Minor() != 9000+800 {
		t.Fatalf("total = %s, %v; want 98.00 (100.00 - 10.00 + 8.00 shipping)", total, err)
	}
}

func TestOrder_PriceRefusesWhatCannotBePaid(t *testing.T) {
	cases := map[string]Order{
		"a line without a SKU":           {Currency: "CNY", Lines: []Line{{Quantity: 1, UnitPrice: cny(100)}}},
		"a zero quantity":                {Currency: "CNY", Lines: []Line{{SKU: "A", UnitPrice: cny(100)}}},
		"a price in another currency":    {Currency: "CNY", Lines: []Line{{SKU: "A", Quantity: 1, UnitPrice: money.New(100, "USD")}}},
		"a line discount above the line": {Currency: "CNY", Lines: []Line{{SKU: "A", Quantity: 1, UnitPrice: cny(100), LineDiscount: cny(101)}}},
		"a discount on free lines":       {Currency: "CNY", Discount: cny(1), Lines: []Line{{SKU: "A", Quantity: 1, UnitPrice: cny(0)}}},
		"a negative order discount":      {Currency: "CNY", Discount: cny(-1), Lines: []Line{{SKU: "A", Quantity: 1, UnitPrice: cny(100)}}},
		"a discount above the order":     {Currency: "CNY", Discount: cny(201), Lines: []Line{{SKU: "A", Quantity: 2, UnitPrice: cny(100)}}},
	}
	for name, o := range cases {
		t.Run(name, func(t *testing.T) {
			if err := o.Price(); !fault.Is(err, fault.Invalid) {
				t.Fatalf("Price() = %v, want an Invalid error", err)
			}
		})
	}
}

// The order discount is always spent exactly, and every line's net and tax
// add up to its total, whatever the prices, quantities and rates.
func TestOrder_PriceProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 8).Draw(t, "lines")
		o := Order{Currency: "CNY"}
		var gross int64
		for range n {
			l := Line{SKU: "S", Quantity: rapid.Int64Range(1, 50).Draw(t, "qty"), UnitPrice: cny(rapid.Int64Range(0, 1_000_000).Draw(t, "price")),
				TaxRate: money.MustRate(rapid.SampledFrom([]string{"0", "0.06", "0.09", "0.13"}).Draw(t, "rate"))}
			o.Lines = append(o.Lines, l)
			gross += l.Quantity * l.UnitPrice.Minor()
		}
		if gross == 0 {
			return
		}
		o.Discount = cny(rapid.Int64Range(0, gross).Draw(t, "discount"))
		if err := o.Price(); err != nil {
			t.Fatal(err)
		}
		var spent, paid int64
		for _, l := range o.Lines {
			spent += l.Allocated.Minor()
			paid += l.Total.Minor()
			if l.Net.Minor()+l.Tax.Minor() != l.Total.Minor() || l.Total.Sign() < 0 {
				t.Fatalf("line %+v does not add up", l)
			}
		}
		if spent != o.Discount.Minor() || paid != gross-o.Discount.Minor() {
			t.Fatalf("spent %d of discount %d; lines pay %d of %d", spent, o.Discount.Minor(), paid, gross-o.Discount.Minor())
		}
	})
}
