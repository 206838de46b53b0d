package money

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseError reports text that is not a valid amount or rate. Reason is
// written for the person who sent the value: it says what is wrong and what
// to send instead.
type ParseError struct {
	Input  string
	Reason string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("money: cannot parse %q: %s", e.Input, e.Reason)
}

// Parse reads a decimal amount such as "12.50" in cur.
//
// The grammar is strict on purpose: an optional leading '-', digits, and an
// optional '.' followed by 1 to cur.Exponent() digits. Fewer fraction digits
// are padded ("12.5" CNY is 1250 fen); more are rejected, never rounded.
// Signs other than a leading '-', whitespace, thousands separators, exponent
// notation, a bare leading or trailing '.', a '.' in a zero-decimal currency
// such as JPY, values beyond int64 minor units and unknown currencies all
// return a *ParseError. "-0" and "-0.00" are zero.
func Parse(s string, cur Currency) (Amount, error) {
	if !cur.Valid() {
		return Amount{}, &ParseError{s, fmt.Sprintf("unknown currency %q", string(cur))}
	}
	lit, reason := scanLiteral(s)
	if reason == "" {
		reason = fitsCurrency(lit, cur)
	}
	if reason != "" {
		return Amount{}, &ParseError{s, reason}
	}
	pad := strings.Repeat("0", cur.Exponent()-len(lit.frac))
	return fromDigits(s, lit.neg, lit.whole+lit.frac+pad, cur)
}

// ParseMinor reads an integer count of minor units, the form several
// marketplaces use in their APIs: "1250" CNY is 12.50 CNY. It applies the
// same strictness as Parse, and a '.' is always an error.
func ParseMinor(s string, cur Currency) (Amount, error) {
	if !cur.Valid() {
		return Amount{}, &ParseError{s, fmt.Sprintf("unknown currency %q", string(cur))}
	}
	lit, reason := scanLiteral(s)
	if reason == "" && lit.dot {
		reason = "minor units are whole numbers, so '.' is not allowed; use Parse for decimal amounts"
	}
	if reason != "" {
		return Amount{}, &ParseError{s, reason}
	}
	return fromDigits(s, lit.neg, lit.whole, cur)
}

// fitsCurrency rejects fraction digits the currency cannot hold. Rounding
// them away would quietly change a price, so the sender has to decide.
func fitsCurrency(lit literal, cur Currency) string {
	exp := cur.Exponent()
	switch {
	case lit.dot && exp == 0:
		whole := lit.whole
		if lit.neg {
			whole = "-" + whole
		}
		return fmt.Sprintf("%s has no decimal places; send a whole number such as %q", cur, whole)
	case len(lit.frac) > exp:
		return fmt.Sprintf("%s has %d decimal places, got %d; amounts are never rounded, send at most %d",
			cur, exp, len(lit.frac), exp)
	}
	return ""
}

// fromDigits turns validated ASCII digits (minor units) into an Amount,
// reporting values outside int64 instead of wrapping.
func fromDigits(s string, neg bool, digits string, cur Currency) (Amount, error) {
	mag, err := strconv.ParseUint(digits, 10, 64)
	minor, ok := fromMagnitude(neg, mag)
	if err != nil || !ok {
		lo, hi := New(-1<<63, cur).String(), New(1<<63-1, cur).String()
		return Amount{}, &ParseError{s, fmt.Sprintf("out of range: %s amounts must lie between %s and %s", cur, lo, hi)}
	}
	return Amount{minor: minor, cur: cur}, nil
}
