package money_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/money"
)

func TestParse_roundTrip(t *testing.T) {
	tests := []struct {
		in    string
		cur   money.Currency
		minor int64
		str   string
	}{
		{"12.50", "CNY", 1250, "12.50"},
		{"12.5", "CNY", 1250, "12.50"},
		{"12", "CNY", 1200, "12.00"},
		{"0.01", "CNY", 1, "0.01"},
		{"-0.01", "CNY", -1, "-0.01"},
		{"-12.3", "CNY", -1230, "-12.30"},
		{"-0", "CNY", 0, "0.00"},
		{"-0.00", "CNY", 0, "0.00"},
		{"007.50", "CNY", 750, "7.50"},
		{"92233720368547758.07", "CNY", math.MaxInt64, "92233720368547758.07"},
		{"-92233720368547758.08", "CNY", math.MinInt64, "-92233720368547758.08"},
		{"1200", "JPY", 1200, "1200"},
		{"-5", "JPY", -5, "-5"},
		{"0", "JPY", 0, "0"},
		{"9223372036854775807", "JPY", math.MaxInt64, "9223372036854775807"},
		{"-9223372036854775808", "JPY", math.MinInt64, "-9223372036854775808"},
		{"1.005", "KWD", 1005, "1.005"},
		{"1.5", "KWD", 1500, "1.500"},
		{"-0.001", "KWD", -1, "-0.001"},
		{"0.1", "KWD", 100, "0.100"},
	}
	for _, tc := range tests {
		t.Run(string(tc.cur)+" "+tc.in, func(t *testing.T) {
			a, err := money.Parse(tc.in, tc.cur)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if a.Minor() != tc.minor || a.Currency() != tc.cur || a.String() != tc.str {
				t.Fatalf("got %d %s %q, want %d %s %q", a.Minor(), a.Currency(), a.String(), tc.minor, tc.cur, tc.str)
			}
			back, err := money.Parse(a.String(), tc.cur)
			if err != nil || back != a {
				t.Fatalf("Parse(String()) = %v, %v; want %v", back, err, a)
			}
		})
	}
}

// Each rejection class must say what is wrong; want is a substring of the
// Reason that a sender could act on.
func TestParse_rejects(t *testing.T) {
	tests := []struct {
		in   string
		cur  money.Currency
		want string
	}{
		{"", "CNY", "empty"},
		{"+1.00", "CNY", "'+' sign is not allowed"},
		{" 1.00", "CNY", "whitespace"},
		{"1.00\n", "CNY", "whitespace"},
		{"1 000", "CNY", "whitespace"},
		{"1\u00a0000", "CNY", "whitespace"},
		{"1,234.56", "CNY", "remove the thousands separator: send 1234.56"},
		{"-1,234,567", "JPY", "remove the thousands separator: send -1234567"},
		{"12,50", "CNY", "use '.' as the decimal point"},
		{"1e3", "CNY", "exponent notation"},
		{"1.5E2", "CNY", "exponent notation"},
		{"1.005", "CNY", "CNY has 2 decimal places, got 3; amounts are never rounded"},
		{"0.0001", "KWD", "KWD has 3 decimal places"},
		{"1200.0", "JPY", `JPY has no decimal places; send a whole number such as "1200"`},
		{"-1.5", "JPY", `such as "-1"`},
		{".5", "CNY", `no digit before '.'; write a leading zero, e.g. "0.5"`},
		{"-.5", "CNY", `"-0.5"`},
		{"5.", "CNY", `no digit after '.'; drop the point, e.g. "5"`},
		{".", "CNY", "no digit before '.'"},
		{"1.2.3", "CNY", "more than one '.'"},
		{"-", "CNY", "no digits"},
		{"--1", "CNY", "unexpected character '-'"},
		{"1-", "CNY", "unexpected character '-'"},
		{"12a", "CNY", "unexpected character 'a'"},
		{"0x10", "CNY", "unexpected character 'x'"},
		{"1_000", "CNY", "unexpected character '_'"},
		{"NaN", "CNY", "unexpected character 'N'"},
		{"\u22121", "CNY", "unexpected character '−'"},
		{"١٢", "CNY", "unexpected character"},
		{"92233720368547758.08", "CNY", "out of range: CNY amounts must lie between -92233720368547758.08 and 92233720368547758.07"},
		{"-92233720368547758.09", "CNY", "out of range"},
		{"9223372036854775808", "JPY", "out of range"},
		{"99999999999999999999999", "JPY", "out of range"},
		{"1.00", "XYZ", `unknown currency "XYZ"`},
		{"1.00", "", `unknown currency ""`},
	}
	for _, tc := range tests {
		t.Run(string(tc.cur)+" "+tc.in, func(t *testing.T) {
			a, err := money.Parse(tc.in, tc.cur)
			assertParseError(t, a, err, tc.in, tc.want)
		})
	}
}

func assertParseError(t *testing.T, a money.Amount, err error, in, want string) {
	t.Helper()
	var pe *money.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, %v; want a *ParseError", a, err)
	}
	if pe.Input != in || !strings.Contains(pe.Reason, want) {
		t.Fatalf("ParseError{%q, %q}; want input %q and a reason containing %q", pe.Input, pe.Reason, in, want)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "money: cannot parse ") {
		t.Fatalf("Error() = %q", msg)
	}
	if a != (money.Amount{}) {
		t.Fatalf("failed parse returned %v, want the zero Amount", a)
	}
}
