package money

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// SplitVAT splits a VAT-inclusive amount, as Chinese prices are quoted, into
// its net part and its tax:
//
//	tax = a × r / (1 + r), rounded once, half away from zero, to a minor unit
//	net = a − tax
//
// The division is carried out exactly and rounded a single time, so no
// intermediate rounding can push the result one unit off. Tax is the
// rounded figure and net takes the remainder, which makes net + tax == a
// hold always; a negative amount (a refund) splits into a negative net and
// tax mirroring the positive case. With a zero rate, tax is zero.
//
// For example 113.00 CNY at 13% is 100.00 net + 13.00 tax, and 1.00 CNY at
// 13% is 0.88 net + 0.12 tax (exact tax 0.11504…). An error (ErrOverflow)
// is not possible for a valid Rate and is returned only defensively.
func (a Amount) SplitVAT(r Rate) (net, tax Amount, err error) {
	one := decimal.NewFromInt(1)
	exact := decimal.NewFromInt(a.minor).Mul(r.d)
	// DivRound computes the exact quotient and remainder before rounding
	// half away from zero: a single rounding step.
	t, err := toMinor(exact.DivRound(one.Add(r.d), 0), a, "VAT on")
	if err != nil {
		return Amount{}, Amount{}, err
	}
	tax = Amount{minor: t, cur: a.cur}
	if net, err = a.Sub(tax); err != nil {
		return Amount{}, Amount{}, err
	}
	return net, tax, nil
}

// MulRate returns a × r rounded once, half away from zero, to a minor unit,
// e.g. a platform commission on a sale: 10.05 CNY at 5% is 0.50 (exact
// 0.5025), and 0.10 CNY at 5% is 0.01 (exact 0.005 rounds away from zero).
// Because a rate is below 1 the result cannot outgrow a, so ErrOverflow is
// returned only defensively.
func (a Amount) MulRate(r Rate) (Amount, error) {
	// Decimal multiplication is exact; Round(0) is the only rounding and is
	// half away from zero.
	m, err := toMinor(decimal.NewFromInt(a.minor).Mul(r.d).Round(0), a, "rate on")
	if err != nil {
		return Amount{}, err
	}
	return Amount{minor: m, cur: a.cur}, nil
}

// toMinor converts an integral decimal back to int64 minor units, refusing
// to truncate a value that does not fit.
func toMinor(d decimal.Decimal, a Amount, op string) (int64, error) {
	b := d.BigInt()
	if !b.IsInt64() {
		return 0, fmt.Errorf("%w: %s %s", ErrOverflow, op, a.Format())
	}
	return b.Int64(), nil
}
