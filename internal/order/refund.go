package order

import (
	"math/bits"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

// RefundSplit splits a refund of amount after shipping into the revenue and
// the output VAT it takes back. The VAT taken back by all refunds so far is
// always the order's VAT in proportion to what has been refunded,
// round(VAT × refunded ÷ total), so each refund takes the difference: never
// negative, never more than the refund, and the refund that completes the
// order takes back exactly what is left, to the fen. refunded and
// refundedTax are what earlier refunds took.
// Errors: Invalid (not positive, another currency), Conflict (more than is
// left to refund).
func (o Order) RefundSplit(amount money.Amount, refunded, refundedTax int64) (net, tax money.Amount, err error) {
	total, err := o.Total()
	if err != nil {
		return net, tax, err
	}
	left := total.Minor() - refunded
	switch {
	case amount.Currency() != o.Currency || amount.Sign() <= 0:
		return net, tax, fault.Invalidf("amount", "refund_invalid", "the refund must be a positive amount in %s", o.Currency)
	case amount.Minor() > left:
		return net, tax, fault.New(fault.Conflict, "refund_exceeds_order",
			"%s is more than the %s left to refund of this order", amount, money.New(left, o.Currency))
	}
	orderTax := int64(0)
	for _, l := range o.Lines {
		orderTax += l.Tax.Minor()
	}
	tax = money.New(proportion(orderTax, refunded+amount.Minor(), total.Minor())-refundedTax, o.Currency)
	net, err = amount.Sub(tax)
	return net, tax, err
}

// proportion is round(part × x ÷ whole), half up, for 0 ≤ part ≤ whole and
// 0 ≤ x ≤ whole, in 128-bit arithmetic.
func proportion(part, x, whole int64) int64 {
	if whole == 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(part), uint64(x))
	q, r := bits.Div64(hi, lo, uint64(whole))
	if 2*r >= uint64(whole) {
		q++
	}
	return int64(q)
}

// ShareOf is the part of the line's total that units (from, to] of its
// quantity carry: round(total × to ÷ quantity) − round(total × from ÷
// quantity), so the shares of units returned one by one add up to the
// line's total exactly. It needs 0 ≤ from ≤ to ≤ Quantity.
func (l Line) ShareOf(from, to int64) money.Amount {
	t := l.Total.Minor()
	return money.New(proportion(t, to, l.Quantity)-proportion(t, from, l.Quantity), l.Total.Currency())
}
