package parse

import (
	"strings"

	"github.com/fnshub/fnshub/internal/money"
)

// parseDecimal reads an amount written the way a marketplace's locale
// writes it: "1234.56", "-4.50", and the European forms Amazon.de/.fr/.it/.es
// use, "95,00" and "1.234,56"; "1,234.56" too. money.Parse does the exact
// conversion once the separators are normalised, so more decimals than the
// currency holds is an error, never a rounding.
//
// Which separator is the decimal point is decided by shape, not guessed
// from the marketplace: when both occur the last one is the decimal point;
// a separator repeated ("1.234.567") is a thousands separator; a lone ','
// followed by exactly three digits ("1,234") is a thousands separator
// unless the currency has three decimals (KWD, BHD …); a lone '.' is
// always the decimal point, so "12.345" USD is rejected (three decimals)
// rather than read as twelve thousand.
func parseDecimal(s string, cur money.Currency) (money.Amount, error) {
	if a, ok := plainDecimal(s, cur); ok {
		return a, nil
	}
	if strings.IndexByte(s, ',') < 0 && strings.Count(s, ".") <= 1 {
		return money.Parse(s, cur) // the common case costs nothing extra
	}
	return money.Parse(normaliseSeparators(s, cur), cur)
}

// normaliseSeparators rewrites s with '.' as the only decimal point and no
// thousands separators. Text that is not a number is passed on as is, less
// its separators, so money.Parse explains what is wrong.
func normaliseSeparators(s string, cur money.Currency) string {
	dec := byte(0)
	lastComma, lastDot := strings.LastIndexByte(s, ','), strings.LastIndexByte(s, '.')
	switch {
	case lastComma >= 0 && lastDot >= 0:
		dec = s[max(lastComma, lastDot)]
	case lastComma >= 0 && strings.Count(s, ",") == 1 && !threeAfterLone(s, ',', cur):
		dec = ','
	case lastDot >= 0 && strings.Count(s, ".") == 1:
		dec = '.'
	}
	if !groupedByThousands(s, dec) {
		return s // money.Parse says what is wrong with it
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == dec:
			b = append(b, '.')
		case c == ',' || c == '.':
			// a thousands separator: dropped
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

// threeAfterLone reports whether sep occurs once in s, followed by exactly
// three digits, in a currency that does not have three decimals: the shape
// of a thousands separator.
func threeAfterLone(s string, sep byte, cur money.Currency) bool {
	i := strings.IndexByte(s, sep)
	if i < 0 || strings.LastIndexByte(s, sep) != i || cur.Exponent() == 3 {
		return false
	}
	return len(s)-i-1 == 3
}

// groupedByThousands reports whether the separators other than dec, in the
// part of s before dec, split it into groups of three digits after a first
// group of one to three: "1.234.567,8" yes, "1,2,3" no.
func groupedByThousands(s string, dec byte) bool {
	whole := strings.TrimPrefix(s, "-")
	if dec != 0 {
		whole = whole[:strings.LastIndexByte(whole, dec)]
	}
	groups := strings.FieldsFunc(whole, func(r rune) bool { return r == ',' || r == '.' })
	if strings.Count(whole, ",")+strings.Count(whole, ".") != len(groups)-1 || len(groups) == 0 {
		return false // empty groups: "1,,234" or ",5"
	}
	if len(groups[0]) > 3 && len(groups) > 1 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// plainDecimal reads the shape nearly every settlement amount has — an
// optional '-', up to 15 digits, and either no fraction or exactly the
// currency's number of decimals after one '.' or ',' ("-4.50", "95,00",
// "1500" JPY) — straight into minor units, exactly, with no allocation:
// it runs for every line of ten-million-line files. Anything else (other
// fraction lengths, thousands separators, signs, text) returns false and
// takes the money.Parse route, which also explains errors. The fuzz and
// table tests hold the two routes to the same answers.
func plainDecimal(s string, cur money.Currency) (money.Amount, bool) {
	exp := cur.Exponent()
	if !cur.Valid() || s == "" {
		return money.Amount{}, false
	}
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	whole, frac := s, ""
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		whole, frac = s[:i], s[i+1:]
		if len(frac) != exp || exp == 0 || (s[i] == ',' && exp == 3) {
			return money.Amount{}, false // "1,234" JPY/KWD: a thousands separator, for normaliseSeparators
		}
	}
	if whole == "" || len(whole)+exp > 15 {
		return money.Amount{}, false
	}
	var minor int64
	for _, part := range [2]string{whole, frac} {
		for i := 0; i < len(part); i++ {
			c := part[i]
			if c < '0' || c > '9' {
				return money.Amount{}, false
			}
			minor = minor*10 + int64(c-'0')
		}
	}
	if frac == "" {
		for range exp {
			minor *= 10
		}
	}
	if neg {
		minor = -minor
	}
	return money.New(minor, cur), true
}
