package money_test

import (
	"testing"

	"github.com/fnshub/fnshub/internal/money"
)

func TestParseMinor(t *testing.T) {
	accepts := []struct {
		in   string
		cur  money.Currency
		want string
	}{
		{"1250", "CNY", "12.50"},
		{"-1", "CNY", "-0.01"},
		{"-0", "CNY", "0.00"},
		{"1005", "KWD", "1.005"},
		{"1200", "JPY", "1200"},
		{"-9223372036854775808", "CNY", "-92233720368547758.08"},
	}
	for _, tc := range accepts {
		t.Run("accepts "+tc.in, func(t *testing.T) {
			a, err := money.ParseMinor(tc.in, tc.cur)
			if err != nil || a.String() != tc.want || a.Currency() != tc.cur {
				t.Fatalf("ParseMinor = %s, %v; want %s %s", a.Format(), err, tc.want, tc.cur)
			}
		})
	}
	rejects := []struct{ in, want string }{
		{"", "empty"},
		{"12.50", "minor units are whole numbers"},
		{"+5", "'+' sign"},
		{"1,250", "send 1250"},
		{"1e3", "exponent notation"},
		{"12 50", "whitespace"},
		{"9223372036854775808", "out of range"},
		{"-9223372036854775809", "out of range"},
	}
	for _, tc := range rejects {
		t.Run("rejects "+tc.in, func(t *testing.T) {
			a, err := money.ParseMinor(tc.in, "CNY")
			assertParseError(t, a, err, tc.in, tc.want)
		})
	}
	t.Run("rejects an unknown currency", func(t *testing.T) {
		a, err := money.ParseMinor("1", "ABC")
		assertParseError(t, a, err, "1", `unknown currency "ABC"`)
	})
}

func TestAmount_accessors(t *testing.T) {
	a := money.New(-1250, "CNY")
	if a.Minor() != -1250 || a.Currency() != "CNY" || a.Sign() != -1 || a.IsZero() {
		t.Fatalf("accessors of %v are wrong", a.Format())
	}
	if got := a.Format(); got != "-12.50 CNY" {
		t.Fatalf("Format() = %q", got)
	}
	z := money.Zero("JPY")
	if !z.IsZero() || z.Sign() != 0 || z.Currency() != "JPY" || z.Format() != "0 JPY" {
		t.Fatalf("Zero(JPY) = %v", z.Format())
	}
	if s := money.New(5, "CNY").Sign(); s != 1 {
		t.Fatalf("Sign() = %d, want 1", s)
	}
}
