package money

import (
	"errors"
	"fmt"
	"math/bits"
)

// Sentinel errors for arithmetic. The returned errors wrap them with the
// values involved, so test with errors.Is and log the full message.
var (
	// ErrCurrencyMismatch means two amounts in different currencies met.
	// Conversion is a business decision with a dated rate, never implicit.
	ErrCurrencyMismatch = errors.New("money: currency mismatch")
	// ErrOverflow means a result does not fit in int64 minor units. Results
	// never wrap around: a wrapped total is a wrong total that looks fine.
	ErrOverflow = errors.New("money: amount overflows int64 minor units")
)

// Add returns a+b. It can return ErrCurrencyMismatch or ErrOverflow.
func (a Amount) Add(b Amount) (Amount, error) {
	if a.cur != b.cur {
		return Amount{}, fmt.Errorf("%w: cannot add %s to %s", ErrCurrencyMismatch, b.Format(), a.Format())
	}
	sum := a.minor + b.minor
	// Signed overflow happened iff both operands share a sign the sum lacks.
	if (a.minor >= 0) == (b.minor >= 0) && (sum >= 0) != (a.minor >= 0) {
		return Amount{}, fmt.Errorf("%w: %s + %s", ErrOverflow, a.Format(), b.Format())
	}
	return Amount{minor: sum, cur: a.cur}, nil
}

// Sub returns a-b. It can return ErrCurrencyMismatch or ErrOverflow.
func (a Amount) Sub(b Amount) (Amount, error) {
	if a.cur != b.cur {
		return Amount{}, fmt.Errorf("%w: cannot subtract %s from %s", ErrCurrencyMismatch, b.Format(), a.Format())
	}
	diff := a.minor - b.minor
	// Signed overflow happened iff the operands differ in sign and the
	// result does not share a's sign.
	if (a.minor >= 0) != (b.minor >= 0) && (diff >= 0) != (a.minor >= 0) {
		return Amount{}, fmt.Errorf("%w: %s - %s", ErrOverflow, a.Format(), b.Format())
	}
	return Amount{minor: diff, cur: a.cur}, nil
}

// Neg returns -a. It returns ErrOverflow only for the most negative amount,
// whose positive counterpart does not fit in int64.
func (a Amount) Neg() (Amount, error) {
	m, ok := fromMagnitude(a.minor > 0, magnitude(a.minor))
	if !ok {
		return Amount{}, fmt.Errorf("%w: -(%s)", ErrOverflow, a.Format())
	}
	return Amount{minor: m, cur: a.cur}, nil
}

// Mul returns a*n, e.g. a unit price times a quantity. It can return
// ErrOverflow.
func (a Amount) Mul(n int64) (Amount, error) {
	// Multiply magnitudes in 128 bits so the overflow test is exact.
	hi, lo := bits.Mul64(magnitude(a.minor), magnitude(n))
	m, ok := fromMagnitude((a.minor < 0) != (n < 0), lo)
	if hi != 0 || !ok {
		return Amount{}, fmt.Errorf("%w: %s × %d", ErrOverflow, a.Format(), n)
	}
	return Amount{minor: m, cur: a.cur}, nil
}

// Sum adds amounts that must all be in cur; with no amounts it returns
// Zero(cur). Passing the currency explicitly makes an empty sum well
// defined. It can return ErrCurrencyMismatch or ErrOverflow; overflow is
// checked on the running total, in argument order.
func Sum(cur Currency, as ...Amount) (Amount, error) {
	total := Zero(cur)
	for _, a := range as {
		var err error
		if total, err = total.Add(a); err != nil {
			return Amount{}, err
		}
	}
	return total, nil
}
