package money

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// maxRatePlaces bounds a rate's precision. Tax and commission rates are
// quoted in whole or fractional percent; six places (0.0001%) is far beyond
// any real rate and keeps a typo such as a pasted float from slipping in.
const maxRatePlaces = 6

// Rate is a fraction in [0, 1), such as a VAT rate of 0.13 or a commission
// of 0.05. It is the only place this package uses decimal arithmetic: a rate
// is a ratio, not money, and it meets an Amount only in SplitVAT and MulRate,
// which round once. The zero value is a rate of 0.
type Rate struct {
	d decimal.Decimal
}

// ParseRate reads a rate as a fraction ("0.13") or a percentage ("13%").
// It uses the same strict grammar as Parse and returns a *ParseError for a
// negative rate, a rate of 1 (100%) or more, or more than six decimal places
// as a fraction ("12.5%" is 0.125, three places).
func ParseRate(s string) (Rate, error) {
	body, percent := strings.CutSuffix(s, "%")
	lit, reason := scanLiteral(body)
	if reason == "" {
		reason = rateShape(lit, percent)
	}
	if reason != "" {
		return Rate{}, &ParseError{s, reason}
	}
	// The grammar above is narrower than decimal's, so this cannot fail.
	d, err := decimal.NewFromString(body)
	if err != nil {
		return Rate{}, &ParseError{s, err.Error()}
	}
	if percent {
		d = d.Shift(-2)
	}
	if d.Cmp(decimal.NewFromInt(1)) >= 0 {
		return Rate{}, &ParseError{s, "a rate must be below 1 (100%); send a fraction such as \"0.13\" or a percentage such as \"13%\""}
	}
	return Rate{d: d}, nil
}

// rateShape checks what the amount grammar does not: sign and precision.
func rateShape(lit literal, percent bool) string {
	places := len(lit.frac)
	if percent {
		places += 2
	}
	switch {
	case lit.neg:
		return "a rate cannot be negative"
	case places > maxRatePlaces:
		return fmt.Sprintf("too precise: a rate has at most %d decimal places as a fraction (%d as a percentage)",
			maxRatePlaces, maxRatePlaces-2)
	}
	return ""
}

// MustRate is ParseRate for constants and tests; it panics on bad input.
func MustRate(s string) Rate {
	r, err := ParseRate(s)
	if err != nil {
		panic(err)
	}
	return r
}

// String returns the rate as a fraction without trailing zeros, "0.13".
func (r Rate) String() string { return r.d.String() }

// IsZero reports whether the rate is 0, e.g. a VAT-exempt line.
func (r Rate) IsZero() bool { return r.d.IsZero() }

// MarshalJSON writes the rate as a JSON string, "0.13", for the same reason
// amounts are strings: JSON numbers are floats to most readers.
func (r Rate) MarshalJSON() ([]byte, error) {
	return json.Marshal(r.String())
}

// UnmarshalJSON accepts only a JSON string holding a valid rate.
func (r *Rate) UnmarshalJSON(data []byte) error {
	if len(data) == 0 || data[0] != '"' {
		return errors.New(`money: decode rate: rates are strings, e.g. "0.13"`)
	}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("money: decode rate: %w", err)
	}
	parsed, err := ParseRate(s)
	if err != nil {
		return fmt.Errorf("money: decode rate: %w", err)
	}
	*r = parsed
	return nil
}
