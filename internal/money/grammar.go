package money

import (
	"fmt"
	"strings"
	"unicode"
)

// literal is a decimal number exactly as written, split at its '.'.
// Amounts and rates share this grammar so that both reject the same
// mistakes with the same words.
type literal struct {
	neg   bool
	whole string // digits before the point, never empty
	dot   bool   // whether a '.' was present
	frac  string // digits after the point, non-empty when dot is set
}

// scanLiteral accepts only: an optional leading '-', one or more ASCII
// digits, and optionally a '.' followed by one or more digits. Anything else
// returns a reason aimed at the person who sent the value, saying what to
// send instead. Each check names one common mistake, so the order matters:
// the most specific explanation wins.
func scanLiteral(s string) (literal, string) {
	switch {
	case s == "":
		return literal{}, "empty string; send a number such as \"12.50\""
	case strings.IndexFunc(s, unicode.IsSpace) >= 0:
		return literal{}, "contains whitespace; send the number with no spaces"
	case s[0] == '+':
		return literal{}, "a '+' sign is not allowed; send the number without it"
	case strings.Contains(s, ","):
		return literal{}, commaReason(s)
	case strings.ContainsAny(s, "eE"):
		return literal{}, "exponent notation is not allowed; write all digits out, e.g. \"1500\" not \"1.5e3\""
	}
	var lit literal
	body := s
	if body[0] == '-' {
		lit.neg, body = true, body[1:]
	}
	lit.whole, lit.frac, lit.dot = strings.Cut(body, ".")
	return lit, lit.check(s)
}

// check explains the first structural problem in an already split literal.
func (lit literal) check(s string) string {
	switch {
	case lit.whole == "" && !lit.dot:
		return "no digits; send a number such as \"12.50\""
	case strings.Contains(lit.frac, "."):
		return "more than one '.'"
	case lit.whole == "":
		return fmt.Sprintf("no digit before '.'; write a leading zero, e.g. %q", strings.Replace(s, ".", "0.", 1))
	case lit.dot && lit.frac == "":
		return fmt.Sprintf("no digit after '.'; drop the point, e.g. %q", strings.TrimSuffix(s, "."))
	}
	if r, ok := firstNonDigit(lit.whole + lit.frac); ok {
		return fmt.Sprintf("unexpected character %q; only digits, one '.' and a leading '-' are allowed", r)
	}
	return ""
}

func firstNonDigit(s string) (rune, bool) {
	for _, r := range s {
		if r < '0' || r > '9' {
			return r, true
		}
	}
	return 0, false
}

// commaReason tells a thousands separator ("1,234.56") apart from a decimal
// comma ("12,50"), because the fix differs and guessing wrong would change
// the value by a factor of a hundred.
func commaReason(s string) string {
	intPart, _, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	groups := strings.Split(intPart, ",")
	if len(groups[0]) < 1 || len(groups[0]) > 3 {
		return "',' is not allowed; use '.' as the decimal point and no thousands separator"
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return "',' is not allowed; use '.' as the decimal point and no thousands separator"
		}
	}
	return "remove the thousands separator: send " + strings.ReplaceAll(s, ",", "")
}
