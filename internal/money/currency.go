package money

import "fmt"

// Currency is an upper-case ISO-4217 alphabetic code such as "CNY".
//
// It is a plain string so that it can be stored, compared and used as a map
// key without ceremony; [ParseCurrency] is the gate that turns untrusted text
// into a known code.
type Currency string

// ParseCurrency returns s as a Currency if it is a known ISO-4217 code.
//
// Lower-case input is rejected rather than folded, because a caller sending
// "cny" is probably not sending what the rest of the system expects either,
// and the error tells them the exact spelling to use.
func ParseCurrency(s string) (Currency, error) {
	c := Currency(s)
	if c.Valid() {
		return c, nil
	}
	if up := Currency(upperASCII(s)); up.Valid() {
		return "", fmt.Errorf("money: unknown currency %q: codes are upper-case, send %q", s, string(up))
	}
	return "", fmt.Errorf("money: unknown currency %q: want an ISO-4217 code such as \"CNY\" or \"USD\"", s)
}

// Valid reports whether c is in the ISO-4217 table this package knows.
func (c Currency) Valid() bool {
	_, ok := exponents[c]
	return ok
}

// Exponent returns the number of minor-unit digits of c: 2 for CNY (fen),
// 0 for JPY, 3 for KWD.
//
// An unknown currency reports 0 so that String and Format still show the raw
// minor units instead of inventing a decimal point; boundaries must call
// ParseCurrency or Valid before trusting a code.
func (c Currency) Exponent() int {
	return exponents[c]
}

// upperASCII folds a-z only; anything else cannot be a currency code anyway.
func upperASCII(s string) string {
	b := []byte(s)
	for i, ch := range b {
		if 'a' <= ch && ch <= 'z' {
			b[i] = ch - 'a' + 'A'
		}
	}
	return string(b)
}
