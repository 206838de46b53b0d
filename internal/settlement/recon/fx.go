package recon

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

// FXRate is an exchange rate: how many units of the target currency one
// unit of the source buys. It is not a money.Rate, which is a fraction
// below 1 (a tax or commission); 1 USD is 7.2 CNY.
type FXRate struct{ d decimal.Decimal }

// ParseFXRate reads a positive decimal rate, "7.1234".
func ParseFXRate(s string) (FXRate, error) {
	d, err := decimal.NewFromString(s)
	// A rate beyond a billion is a typo (the most extreme pairs, such as
	// VND per BTC aside, are far below); bounding it keeps Convert exact.
	if err != nil || d.Sign() <= 0 || d.Exponent() < -10 || d.GreaterThan(decimal.New(1, 9)) {
		return FXRate{}, fault.Invalidf("rate", "fx_rate_invalid", "exchange rate %q must be a positive decimal below a billion with at most 10 places, e.g. 7.1234", s)
	}
	return FXRate{d: d}, nil
}

// MustFXRate is ParseFXRate for constants and tests; it panics on bad input.
func MustFXRate(s string) FXRate {
	r, err := ParseFXRate(s)
	if err != nil {
		panic(err)
	}
	return r
}

// String returns the rate as a decimal.
func (r FXRate) String() string { return r.d.String() }

// Convert returns a in currency to at rate r, rounded once, half away from
// zero, to to's minor unit: the conversion a platform makes when it
// settles an order in another currency.
func (r FXRate) Convert(a money.Amount, to money.Currency) (money.Amount, error) {
	shift := int32(to.Exponent() - a.Currency().Exponent())
	v := decimal.NewFromInt(a.Minor()).Mul(r.d).Shift(shift).Round(0)
	b := v.BigInt()
	if !b.IsInt64() {
		return money.Amount{}, fmt.Errorf("recon: converting %s into %s overflows", a.Format(), to)
	}
	return money.New(b.Int64(), to), nil
}

// converter converts order amounts into the payout's currency, asking FX
// once per currency and day: a month of orders needs a few hundred rates,
// not one per order.
type converter struct {
	fx    FX
	to    money.Currency
	cache map[fxKey]FXRate
}

type fxKey struct {
	from money.Currency
	day  int64
}

func newConverter(fx FX, to money.Currency) *converter {
	return &converter{fx: fx, to: to, cache: map[fxKey]FXRate{}}
}

// convert returns a in the payout's currency at the rate of on's day.
func (c *converter) convert(a money.Amount, on time.Time) (money.Amount, error) {
	if a.Currency() == c.to {
		return a, nil
	}
	if c.fx == nil {
		return money.Amount{}, fault.Invalidf("fx", "fx_rate_missing",
			"an order is in %s and the payout in %s; give the reconciliation exchange rates", a.Currency(), c.to)
	}
	k := fxKey{a.Currency(), on.UTC().Truncate(24 * time.Hour).Unix()}
	r, ok := c.cache[k]
	if !ok {
		var err error
		if r, err = c.fx(a.Currency(), c.to, on); err != nil {
			return money.Amount{}, err
		}
		c.cache[k] = r
	}
	return r.Convert(a, c.to)
}
