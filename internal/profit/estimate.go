package profit

import (
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
)

// Spread splits total over weights by largest remainder (money.Allocate),
// so the parts sum to total exactly. Negative weights count as zero; when
// no weight is positive the parts are spread evenly, so an amount is never
// lost. Empty weights give nil.
func Spread(total int64, weights []int64) []int64 {
	if len(weights) == 0 {
		return nil
	}
	w := make([]int64, len(weights))
	any := false
	for i, v := range weights {
		if v > 0 {
			w[i], any = v, true
		}
	}
	if !any {
		for i := range w {
			w[i] = 1
		}
	}
	parts, err := money.New(total, "XXX").Allocate(w)
	if err != nil { // unreachable: weights are non-empty, non-negative and positive in sum
		panic(err)
	}
	out := make([]int64, len(parts))
	for i, p := range parts {
		out[i] = p.Minor()
	}
	return out
}

// Estimate returns the profit facts of r's lines as the order says them,
// with commission and fees estimated at rates. Cost of goods and actuals
// are not the order's to say: the caller carries them over (Carry). An
// order not (or no longer) a sale counts for nothing but those.
func Estimate(r *order.Record, rates Rates, key Key) ([]Line, error) {
	n := len(r.Lines)
	out := make([]Line, n)
	totals, discounts := make([]int64, n), make([]int64, n)
	for i, l := range r.Lines {
		out[i] = Line{OrderID: int64(r.ID), LineNo: i + 1, Key: key, SKU: l.SKU, Quantity: l.Quantity}
		totals[i] = l.Total.Minor()
		discounts[i] = l.LineDiscount.Minor() + l.Allocated.Minor()
	}
	if n == 0 || !counted(r) {
		return out, nil
	}
	ship := Spread(r.ShippingFee.Minor(), totals)
	platform := Spread(r.PlatformDiscount.Minor(), discounts)
	revenue := make([]int64, n)
	for i, l := range r.Lines {
		f := &out[i].Figures
		f.Lines = 1
		f.Revenue = l.Net.Minor() + ship[i]
		revenue[i] = f.Revenue
		f.DiscountPlatform = min(platform[i], discounts[i])
		f.DiscountShop = discounts[i] - f.DiscountPlatform
		base := money.New(totals[i]+ship[i], r.Currency)
		c, err := base.MulRate(rates.Commission)
		if err != nil {
			return nil, err
		}
		f.EstCommission = c.Minor()
		for _, rate := range rates.Fees {
			fee, err := base.MulRate(rate)
			if err != nil {
				return nil, err
			}
			f.EstFees += fee.Minor()
		}
	}
	returns, shipping := Spread(refundedNet(r, revenue), revenue), Spread(rates.Shipping, revenue)
	for i := range out {
		out[i].Returns, out[i].EstShipping = returns[i], shipping[i]
	}
	return out, nil
}

// refundedNet is what has been refunded of the order net of VAT: all of
// its revenue when it was refunded whole before any partial refund.
func refundedNet(r *order.Record, revenue []int64) int64 {
	if r.Status == order.Refunded && r.Refunded == 0 {
		var all int64
		for _, v := range revenue {
			all += v
		}
		return all
	}
	return r.Refunded - r.RefundedTax
}

// Carry moves what is known of the lines from elsewhere (cost of goods,
// actuals) onto now, by line number. What was on a line the
// order no longer has goes to its first line, so no posted cost is lost.
// A shipping cost entered by hand is the order's: spread again over now.
func Carry(was, now []Line) {
	if len(now) == 0 {
		return
	}
	var ship, shipSet int64
	for _, w := range was {
		ship, shipSet = ship+w.ActShipping, max(shipSet, w.ShipSet)
	}
	for _, w := range was {
		i := w.LineNo - 1
		if i < 0 || i >= len(now) {
			i = 0
		}
		l := &now[i]
		l.COGS += w.COGS
		l.ActCommission += w.ActCommission
		l.ActFees += w.ActFees
		l.ActAdjust += w.ActAdjust
		l.Payouts += w.Payouts
	}
	for i := range now {
		now[i].settle()
	}
	if shipSet > 0 {
		SetShipping(now, ship)
	}
}

// Weights are the lines' revenue, by which order-level costs (cost of
// goods posted per order, a payout's fees) are spread over them.
func Weights(lines []Line) []int64 {
	w := make([]int64, len(lines))
	for i, l := range lines {
		w[i] = l.Revenue
		if w[i] <= 0 {
			w[i] = 0
		}
	}
	return w
}
