package money_test

import (
	"math/big"
	"strconv"
	"testing"

	"github.com/fnshub/fnshub/internal/money"
)

// FuzzParse checks that Parse never panics, that every accepted input
// round-trips through String, and that an accepted value equals the input
// exactly (so nothing was rounded). ParseMinor gets the same treatment.
func FuzzParse(f *testing.F) {
	seeds := []string{
		"12.50", "12.5", "-0", "-0.00", "0.01", "1,234.56", "12,50", "+1", " 1", "1 ",
		"1e3", "1E-2", ".5", "5.", ".", "-", "--1", "1.2.3", "NaN", "Inf", "0x1p3",
		"\u22121", "١٢", "1_000", "007", "92233720368547758.07", "92233720368547758.08",
		"-92233720368547758.08", "9223372036854775807", "-9223372036854775808",
		"18446744073709551616", "1.005", "0.0001", "\x00", "\xff", "1.00\n",
	}
	for i, s := range seeds {
		f.Add(s, uint8(i))
	}
	currencies := []money.Currency{"CNY", "JPY", "KWD", "CLF", "XYZ"}
	f.Fuzz(func(t *testing.T, s string, pick uint8) {
		cur := currencies[int(pick)%len(currencies)]
		if a, err := money.Parse(s, cur); err == nil {
			checkRoundTrip(t, s, a)
			checkExact(t, s, a)
		}
		if a, err := money.ParseMinor(s, cur); err == nil {
			back, err := money.ParseMinor(strconv.FormatInt(a.Minor(), 10), cur)
			if err != nil || back != a {
				t.Fatalf("ParseMinor(%q) = %v, but re-parsing gives %v, %v", s, a, back, err)
			}
		}
		_, _ = money.ParseRate(s)
	})
}

func checkRoundTrip(t *testing.T, s string, a money.Amount) {
	back, err := money.Parse(a.String(), a.Currency())
	if err != nil || back != a {
		t.Fatalf("Parse(%q) = %s, but Parse(%q) = %v, %v", s, a.Format(), a.String(), back.Format(), err)
	}
}

// checkExact compares with math/big, an independent decimal reader: the
// parsed minor units scaled down must equal the input text exactly.
func checkExact(t *testing.T, s string, a money.Amount) {
	want, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("Parse accepted %q, which math/big cannot read", s)
	}
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(a.Currency().Exponent())), nil)
	got := new(big.Rat).SetFrac(big.NewInt(a.Minor()), scale)
	if got.Cmp(want) != 0 {
		t.Fatalf("Parse(%q) = %s, a different value", s, a.Format())
	}
}
