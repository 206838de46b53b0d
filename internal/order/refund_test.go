package order

import (
	"testing"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"pgregory.net/rapid"
)

func TestOrder_RefundSplit(t *testing.T) {
	o := Order{Currency: "CNY", ShippingFee: cny(1000), Lines: []Line{
		{SKU: "A", Quantity: 1, UnitPrice: cny(11300), TaxRate: money.MustRate("0.13")},
		{SKU: "B", Quantity: 1, UnitPrice: cny(10900), TaxRate: money.MustRate("0.09")},
	}}
	if err := o.Price(); err != nil {
		t.Fatal(err)
	}
	// VAT is 13.00 + 9.00 of 232.00; refunding 113.00 takes back round(22.00 × 113 / 232) = 10.72.
	net, tax, err := o.RefundSplit(cny(11300), 0, 0)
	if err != nil || net.Minor()+tax.Minor() != 11300 || tax.Minor() != 1072 {
		t.Fatalf("split = %s + %s, %v", net, tax, err)
	}
	if _, _, err := o.RefundSplit(cny(23201), 0, 0); !fault.Is(err, fault.Conflict) {
		t.Fatalf("refunding more than the order = %v, want Conflict", err)
	}
	if _, _, err := o.RefundSplit(cny(0), 0, 0); !fault.Is(err, fault.Invalid) {
		t.Fatalf("refunding nothing = %v, want Invalid", err)
	}
}

// However an order is refunded in parts, the parts take back exactly the
// VAT the order charged, and each part's net and tax add up to it.
func TestOrder_PartialRefundsEndWhereAFullRefundWould(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := Order{Currency: "CNY", ShippingFee: cny(rapid.Int64Range(0, 2000).Draw(t, "shipping"))}
		for range rapid.IntRange(1, 5).Draw(t, "lines") {
			o.Lines = append(o.Lines, Line{SKU: "X", Quantity: rapid.Int64Range(1, 5).Draw(t, "q"),
				UnitPrice: cny(rapid.Int64Range(1, 100_000).Draw(t, "price")),
				TaxRate:   money.MustRate(rapid.SampledFrom([]string{"0", "0.06", "0.09", "0.13"}).Draw(t, "rate"))})
		}
		if err := o.Price(); err != nil {
			t.Fatal(err)
		}
		total, _ := o.Total()
		var refunded, refundedTax, orderTax int64
		for _, l := range o.Lines {
			orderTax += l.Tax.Minor()
		}
		for refunded < total.Minor() {
			amount := rapid.Int64Range(1, total.Minor()-refunded).Draw(t, "refund")
			net, tax, err := o.RefundSplit(cny(amount), refunded, refundedTax)
			if err != nil || net.Minor()+tax.Minor() != amount || tax.Sign() < 0 || net.Sign() < 0 {
				t.Fatalf("refund %d: %s + %s, %v", amount, net, tax, err)
			}
			refunded, refundedTax = refunded+amount, refundedTax+tax.Minor()
		}
		if refundedTax != orderTax {
			t.Fatalf("refunds took back %d of VAT, the order charged %d", refundedTax, orderTax)
		}
	})
}
