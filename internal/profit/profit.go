// Package profit computes what each order line earned (docs/adr/0050-profit.md):
// revenue net of VAT, the discounts and who funded them, the commission and
// fees estimated from the shop's contract when the order is written and
// the actual ones when its settlement is reconciled (both kept), shipping,
// cost of goods as posted at shipment, and returns.
package profit

import (
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
)

// Key is a rollup bucket: the UTC hour the order was created in, its shop,
// channel, campaign and currency. Every figure of an order, whenever it
// becomes known, counts at its order's key, so a day's margin is the
// margin of the orders of that day.
type Key struct {
	Hour     int64
	Shop     string
	Channel  string
	Campaign string
	Currency string
}

// Figures are what a line (or a bucket of lines) counts for, minor units
// of the order's currency; costs are positive.
type Figures struct {
	Lines            int64 // lines of paid, not cancelled orders
	Revenue          int64 // what the buyer paid net of VAT, the buyer's shipping fee spread over the lines
	DiscountShop     int64 // discounts the shop funded (VAT included)
	DiscountPlatform int64 // discounts the platform funded, paid back to the shop
	EstCommission    int64 // estimated at order time from the contract
	EstFees          int64
	ActCommission    int64 // from reconciled settlements
	ActFees          int64
	ActAdjust        int64 // adjustments, as a cost (a reimbursement is negative)
	ActualLines      int64 // lines whose actuals arrived
	Fees             int64 // commission and fees in effect: actual where known, else estimated
	Shipping         int64 // shipping cost in effect: entered by hand where it was, else estimated
	COGS             int64
	Returns          int64 // revenue refunded, net of VAT
	EstShipping      int64 // estimated from the carrier rate table at every order write
	ActShipping      int64 // entered by hand for the order (docs/adr/0057), spread by revenue
}

// Add returns f + o.
func (f Figures) Add(o Figures) Figures { return f.combine(o, 1) }

// Sub returns f − o.
func (f Figures) Sub(o Figures) Figures { return f.combine(o, -1) }

func (f Figures) combine(o Figures, s int64) Figures {
	return Figures{f.Lines + s*o.Lines, f.Revenue + s*o.Revenue, f.DiscountShop + s*o.DiscountShop, f.DiscountPlatform + s*o.DiscountPlatform,
		f.EstCommission + s*o.EstCommission, f.EstFees + s*o.EstFees, f.ActCommission + s*o.ActCommission, f.ActFees + s*o.ActFees,
		f.ActAdjust + s*o.ActAdjust, f.ActualLines + s*o.ActualLines, f.Fees + s*o.Fees, f.Shipping + s*o.Shipping, f.COGS + s*o.COGS,
		f.Returns + s*o.Returns, f.EstShipping + s*o.EstShipping, f.ActShipping + s*o.ActShipping}
}

// IsZero reports whether every figure is zero.
func (f Figures) IsZero() bool { return f == Figures{} }

// Margin is the net margin: revenue and the platform's discount funding,
// less returns, cost of goods, fees in effect and shipping.
func (f Figures) Margin() int64 {
	return f.Revenue + f.DiscountPlatform - f.Returns - f.COGS - f.Fees - f.Shipping
}

// Values lists the figures in column order (Columns).
func (f Figures) Values() []any {
	return []any{f.Lines, f.Revenue, f.DiscountShop, f.DiscountPlatform, f.EstCommission, f.EstFees, f.ActCommission, f.ActFees,
		f.ActAdjust, f.ActualLines, f.Fees, f.Shipping, f.COGS, f.Returns, f.EstShipping, f.ActShipping}
}

// Pointers lists pointers to the figures in column order, for Scan.
func (f *Figures) Pointers() []any {
	return []any{&f.Lines, &f.Revenue, &f.DiscountShop, &f.DiscountPlatform, &f.EstCommission, &f.EstFees, &f.ActCommission, &f.ActFees,
		&f.ActAdjust, &f.ActualLines, &f.Fees, &f.Shipping, &f.COGS, &f.Returns, &f.EstShipping, &f.ActShipping}
}

// Columns are the stored names of the figures, in Values order.
var Columns = []string{"lines", "revenue", "discount_shop", "discount_platform", "est_commission", "est_fees", "act_commission",
	"act_fees", "act_adjust", "actual_lines", "fees", "shipping", "cogs", "returns", "est_shipping", "act_shipping"}

// Actual is what one reconciled payout says of a line: costs positive.
type Actual struct{ Commission, Fees, Adjust int64 }

// IsZero reports whether the payout charged nothing.
func (a Actual) IsZero() bool { return a == Actual{} }

// Line is the profit fact of one order line.
type Line struct {
	OrderID  int64
	LineNo   int // 1-based, as order_lines
	Key      Key
	SKU      string
	Quantity int64
	Figures
	Payouts int64 // payouts whose actuals are in Act*
	// ShipSet is 1 when the order's shipping cost was entered by hand
	// (ActShipping is then in effect, even when zero).
	ShipSet int64
}

// settle sets Fees, ActualLines and Shipping from the estimates and the
// actuals.
func (l *Line) settle() {
	l.ActualLines, l.Fees = 0, l.EstCommission+l.EstFees
	if l.Payouts > 0 {
		l.ActualLines, l.Fees = 1, l.ActCommission+l.ActFees+l.ActAdjust
	}
	l.Shipping = l.EstShipping
	if l.ShipSet > 0 {
		l.Shipping = l.ActShipping
	}
}

// SetShipping makes total, entered by hand, the lines' shipping cost in
// effect, spread by revenue; the estimate stays beside it.
func SetShipping(lines []Line, total int64) {
	for i, v := range Spread(total, Weights(lines)) {
		lines[i].ActShipping, lines[i].ShipSet = v, 1
		lines[i].settle()
	}
}

// AddActual adds (sign 1) or takes back (−1) one payout's actual of l.
func (l *Line) AddActual(a Actual, sign int64) {
	l.ActCommission += sign * a.Commission
	l.ActFees += sign * a.Fees
	l.ActAdjust += sign * a.Adjust
	l.Payouts += sign
	l.settle()
}

// Rates are the contract rates an estimate uses.
type Rates struct {
	Commission money.Rate
	Fees       []money.Rate // every rated fee of the contract
	Shipping   int64        // the order's estimated shipping cost (carrier rate table)
}

// KeyOf is the bucket an order's lines count in.
func KeyOf(r *order.Record, hourOf func(int64) int64, micros int64) Key {
	return Key{Hour: hourOf(micros), Shop: r.Shop, Channel: r.Channel, Campaign: r.Campaign, Currency: string(r.Currency)}
}

// counted is whether the order is a sale: paid and not cancelled.
func counted(r *order.Record) bool {
	return r.Status != order.AwaitingPayment && r.Status != order.Cancelled
}
