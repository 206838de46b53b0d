package money

import (
	"strconv"
	"strings"
)

// Amount is an exact monetary value: a count of the currency's minor units
// (fen for CNY, cents for USD, yen for JPY) plus the currency itself.
//
// The fields are unexported so that the only ways to build an Amount are
// New, Zero and the parsers, and the only ways to change one are the checked
// operations in this package. The zero value is zero of no currency; it
// combines with nothing and is mostly useful as "not set".
type Amount struct {
	minor int64
	cur   Currency
}

// New returns minor units of cur, e.g. New(1250, "CNY") is 12.50 CNY.
// It does not validate cur; use ParseCurrency at the boundary.
func New(minor int64, cur Currency) Amount {
	return Amount{minor: minor, cur: cur}
}

// Zero returns zero in cur, the starting point for sums.
func Zero(cur Currency) Amount {
	return Amount{cur: cur}
}

// Minor returns the amount in minor units, the form stored in *_minor columns.
func (a Amount) Minor() int64 { return a.minor }

// Currency returns the amount's currency.
func (a Amount) Currency() Currency { return a.cur }

// IsZero reports whether the amount is zero, whatever its currency.
func (a Amount) IsZero() bool { return a.minor == 0 }

// Sign returns -1, 0 or +1.
func (a Amount) Sign() int {
	switch {
	case a.minor < 0:
		return -1
	case a.minor > 0:
		return 1
	}
	return 0
}

// String returns the amount as a plain decimal with exactly the currency's
// number of decimal places and no currency: "12.50", "-0.01", "1200" (JPY),
// "1.005" (KWD). It is the exact inverse of Parse, which the fuzz test checks.
func (a Amount) String() string {
	digits := strconv.FormatUint(magnitude(a.minor), 10)
	if exp := a.cur.Exponent(); exp > 0 {
		// Pad so there is always at least one digit before the point.
		if len(digits) <= exp {
			digits = strings.Repeat("0", exp+1-len(digits)) + digits
		}
		cut := len(digits) - exp
		digits = digits[:cut] + "." + digits[cut:]
	}
	if a.minor < 0 {
		return "-" + digits
	}
	return digits
}

// Format returns the amount followed by its currency code, "12.50 CNY",
// for logs and error messages.
func (a Amount) Format() string {
	return a.String() + " " + string(a.cur)
}

// magnitude returns |m| as uint64. Converting before negating keeps
// math.MinInt64 exact: its magnitude, 2^63, does not fit in int64.
func magnitude(m int64) uint64 {
	if m < 0 {
		return -uint64(m)
	}
	return uint64(m)
}

// fromMagnitude is the inverse of magnitude. It reports false when the
// signed value does not fit in int64, which callers turn into an overflow.
func fromMagnitude(neg bool, mag uint64) (int64, bool) {
	const maxPos = uint64(1)<<63 - 1
	if !neg {
		return int64(mag), mag <= maxPos
	}
	// Two's complement: -mag as uint64 reinterpreted as int64 is the
	// negative value, including 2^63 -> math.MinInt64.
	return int64(-mag), mag <= maxPos+1
}
