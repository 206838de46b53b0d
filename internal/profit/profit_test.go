package profit_test

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/profit"
)

// Over thousands of random orders the lines' shares add up to the order's
// figures exactly: revenue to the lines' net plus the shipping fee, the
// discounts to what was discounted, the platform's part to its funding,
// returns to the refunded net; and a cost spread over the lines sums to it.
func TestEstimate_sharesSumToOrderTotals(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := order.Order{Currency: "CNY", Status: order.Shipped, ShippingFee: money.New(rapid.Int64Range(0, 5000).Draw(t, "ship"), "CNY")}
		n := rapid.IntRange(1, 8).Draw(t, "lines")
		var gross int64
		for i := range n {
			price := rapid.Int64Range(0, 100_000).Draw(t, "price")
			q := rapid.Int64Range(1, 20).Draw(t, "qty")
			ld := rapid.Int64Range(0, price*q).Draw(t, "line discount")
			gross += price*q - ld
			o.Lines = append(o.Lines, order.Line{SKU: "S" + string(rune('A'+i)), Quantity: q, UnitPrice: money.New(price, "CNY"),
				LineDiscount: money.New(ld, "CNY"), TaxRate: money.MustRate(rapid.SampledFrom([]string{"0", "0.06", "0.09", "0.13"}).Draw(t, "vat"))})
		}
		if gross > 0 {
			o.Discount = money.New(rapid.Int64Range(0, gross).Draw(t, "discount"), "CNY")
		}
		if err := o.Price(); err != nil {
			t.Fatal(err)
		}
		var discounts, net int64
		for _, l := range o.Lines {
			discounts += l.LineDiscount.Minor() + l.Allocated.Minor()
			net += l.Net.Minor()
		}
		o.PlatformDiscount = money.New(rapid.Int64Range(0, discounts).Draw(t, "platform"), "CNY")
		rec := &order.Record{Order: o}
		if rapid.Bool().Draw(t, "refunded") {
			rec.Refunded = rapid.Int64Range(0, net).Draw(t, "refund")
			rec.RefundedTax = rapid.Int64Range(0, rec.Refunded).Draw(t, "refund tax")
		}
		ls, err := profit.Estimate(rec, profit.Rates{Commission: money.MustRate("0.05"), Fees: []money.Rate{money.MustRate("0.006")}}, profit.Key{})
		if err != nil {
			t.Fatal(err)
		}
		var sum profit.Figures
		for _, l := range ls {
			sum = sum.Add(l.Figures)
			if l.DiscountPlatform < 0 || l.DiscountShop < 0 || l.Returns < 0 && rec.Refunded-rec.RefundedTax >= 0 {
				t.Fatalf("negative share %+v", l)
			}
		}
		if sum.Revenue != net+o.ShippingFee.Minor() || sum.DiscountShop+sum.DiscountPlatform != discounts ||
			sum.DiscountPlatform != o.PlatformDiscount.Minor() || sum.Returns != rec.Refunded-rec.RefundedTax || sum.Lines != int64(n) {
			t.Fatalf("shares %+v of order with net %d, discounts %d, platform %d, refunded net %d", sum, net, discounts, o.PlatformDiscount.Minor(), rec.Refunded-rec.RefundedTax)
		}
		cost := rapid.Int64Range(-1_000_000, 1_000_000).Draw(t, "cost")
		var spread int64
		for _, v := range profit.Spread(cost, profit.Weights(ls)) {
			spread += v
		}
		if spread != cost {
			t.Fatalf("a cost of %d spread to %d", cost, spread)
		}
	})
}

// A cancelled order counts for nothing but what posted against it; what
// was carried from a line the order lost lands on its first line.
func TestEstimate_cancelledAndCarry(t *testing.T) {
	o := order.Order{Currency: "CNY", Status: order.Cancelled, Lines: []order.Line{{SKU: "A", Quantity: 1, UnitPrice: money.New(100, "CNY")}}}
	if err := o.Price(); err != nil {
		t.Fatal(err)
	}
	ls, err := profit.Estimate(&order.Record{Order: o}, profit.Rates{Commission: money.MustRate("0.05")}, profit.Key{})
	if err != nil || len(ls) != 1 || !ls[0].Figures.IsZero() {
		t.Fatalf("cancelled: %+v %v", ls, err)
	}
	was := []profit.Line{{LineNo: 1, Figures: profit.Figures{COGS: 40}}, {LineNo: 2, Figures: profit.Figures{COGS: 7, ActFees: 3}, Payouts: 1}}
	profit.Carry(was, ls)
	if ls[0].COGS != 47 || ls[0].ActFees != 3 || ls[0].Fees != 3 || ls[0].ActualLines != 1 {
		t.Fatalf("carried %+v", ls[0])
	}
}

func TestParseGroup(t *testing.T) {
	if g, err := profit.ParseGroup("channel, day"); err != nil || len(g) != 2 || g[0] != "channel" || g[1] != "day" {
		t.Fatalf("channel,day: %v %v", g, err)
	}
	for _, bad := range []string{"chanel", "day,day", "sku,campaign"} {
		if _, err := profit.ParseGroup(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestCarrierRate_cost(t *testing.T) {
	r := profit.CarrierRate{Carrier: "SF", Province: "*", Currency: "CNY", FirstG: 1000, First: 1200, ExtraG: 500, Extra: 300, Flat: 900}
	for _, c := range []struct{ g, want int64 }{{0, 900}, {1, 1200}, {1000, 1200}, {1001, 1500}, {1500, 1500}, {1501, 1800}} {
		if got := r.Cost(c.g); got != c.want {
			t.Errorf("%dg = %d, want %d", c.g, got, c.want)
		}
	}
	if err := (profit.CarrierRate{Carrier: "SF", Province: "*", Currency: "CNY", FirstG: 0, ExtraG: 1}).Validate(); err == nil {
		t.Error("a zero first weight is accepted")
	}
}

// A shipping cost entered by hand is in effect, the estimate kept; an
// order rewritten with other lines keeps the whole entered cost, spread
// over its new lines; zero entered is zero in effect.
func TestSetShipping_carriedWithTheEstimateKept(t *testing.T) {
	lines := []profit.Line{{LineNo: 1, Figures: profit.Figures{Revenue: 300, EstShipping: 600}}, {LineNo: 2, Figures: profit.Figures{Revenue: 100, EstShipping: 200}}}
	for i := range lines {
		lines[i].Shipping = lines[i].EstShipping
	}
	profit.SetShipping(lines, 401)
	if lines[0].Shipping+lines[1].Shipping != 401 || lines[0].EstShipping != 600 || lines[0].ShipSet != 1 || lines[0].ActShipping != lines[0].Shipping {
		t.Fatalf("set: %+v", lines)
	}
	now := []profit.Line{{LineNo: 1, Figures: profit.Figures{Revenue: 50, EstShipping: 80}}, {LineNo: 2, Figures: profit.Figures{Revenue: 50, EstShipping: 80}},
		{LineNo: 3, Figures: profit.Figures{Revenue: 100, EstShipping: 160}}}
	profit.Carry(lines, now)
	var sum, est int64
	for _, l := range now {
		sum, est = sum+l.Shipping, est+l.EstShipping
		if l.ShipSet != 1 {
			t.Fatalf("line %d lost the entered cost: %+v", l.LineNo, now)
		}
	}
	if sum != 401 || est != 320 || now[2].Shipping != 201 {
		t.Fatalf("carried: %+v", now)
	}
	profit.SetShipping(now, 0)
	if now[0].Shipping != 0 || now[0].EstShipping != 80 || now[0].Margin() != 50 {
		t.Fatalf("zero entered: %+v", now[0])
	}
	plain := []profit.Line{{LineNo: 1, Figures: profit.Figures{Revenue: 10, EstShipping: 7}}}
	profit.Carry(nil, plain)
	if plain[0].Shipping != 7 || plain[0].ShipSet != 0 {
		t.Fatalf("no entered cost: the estimate is in effect: %+v", plain)
	}
}
