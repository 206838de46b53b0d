package money_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/money"
)

func TestParseRate(t *testing.T) {
	accepts := []struct{ in, want string }{
		{"0.13", "0.13"},
		{"13%", "0.13"},
		{"0.09", "0.09"},
		{"6%", "0.06"},
		{"0", "0"},
		{"0%", "0"},
		{"0.130", "0.13"},
		{"12.5%", "0.125"},
		{"0.999999", "0.999999"},
		{"99.9999%", "0.999999"},
	}
	for _, tc := range accepts {
		t.Run("accepts "+tc.in, func(t *testing.T) {
			r, err := money.ParseRate(tc.in)
			if err != nil || r.String() != tc.want {
				t.Fatalf("ParseRate(%q) = %s, %v; want %s", tc.in, r, err, tc.want)
			}
		})
	}
	rejects := []struct{ in, want string }{
		{"", "empty"},
		{"%", "empty"},
		{"-0.13", "cannot be negative"},
		{"-13%", "cannot be negative"},
		{"1", "below 1 (100%)"},
		{"1.0", "below 1 (100%)"},
		{"100%", "below 1 (100%)"},
		{"250%", "below 1 (100%)"},
		{"0.1234567", "at most 6 decimal places"},
		{"12.34567%", "at most 6 decimal places"},
		{"13 %", "whitespace"},
		{"+0.13", "'+' sign"},
		{"1e-1", "exponent notation"},
		{".13", "no digit before '.'"},
		{"0,13", "use '.' as the decimal point"},
		{"13%%", "unexpected character '%'"},
		{"%13", "unexpected character '%'"},
		{"abc", "unexpected character 'a'"},
	}
	for _, tc := range rejects {
		t.Run("rejects "+tc.in, func(t *testing.T) {
			r, err := money.ParseRate(tc.in)
			var pe *money.ParseError
			if !errors.As(err, &pe) || pe.Input != tc.in || !strings.Contains(pe.Reason, tc.want) {
				t.Fatalf("ParseRate(%q) = %s, %v; want a *ParseError mentioning %q", tc.in, r, err, tc.want)
			}
		})
	}
}

func TestRate_IsZero(t *testing.T) {
	if !money.MustRate("0%").IsZero() || !(money.Rate{}).IsZero() || money.MustRate("0.000001").IsZero() {
		t.Fatal("IsZero disagrees with the rate's value")
	}
}

func TestMustRate_panicsOnBadInput(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("MustRate(\"1.5\") did not panic")
		}
	}()
	money.MustRate("1.5")
}
