package money_test

import (
	"fmt"
	"math/big"
	"testing"

	"pgregory.net/rapid"

	"github.com/fnshub/fnshub/internal/money"
)

func TestAmount_SplitVAT(t *testing.T) {
	tests := []struct {
		gross    string
		cur      money.Currency
		rate     string
		net, tax string
	}{
		{"113.00", "CNY", "13%", "100.00", "13.00"},
		{"1.00", "CNY", "13%", "0.88", "0.12"},
		{"106.00", "CNY", "0.06", "100.00", "6.00"},
		{"109.00", "CNY", "9%", "100.00", "9.00"},
		{"100.00", "CNY", "0", "100.00", "0.00"},
		{"0.00", "CNY", "13%", "0.00", "0.00"},
		{"-113.00", "CNY", "13%", "-100.00", "-13.00"},
		{"-1.00", "CNY", "13%", "-0.88", "-0.12"},
		// 0.12 × 0.6 / 1.6 = 0.045 exactly: half away from zero, not to even.
		{"0.12", "CNY", "60%", "0.07", "0.05"},
		{"-0.12", "CNY", "60%", "-0.07", "-0.05"},
		{"1100", "JPY", "10%", "1000", "100"},
		{"1.130", "KWD", "13%", "1.000", "0.130"},
		{"92233720368547758.07", "CNY", "13%", "81622761388095361.12", "10610958980452396.95"},
		{"-92233720368547758.08", "CNY", "13%", "-81622761388095361.13", "-10610958980452396.95"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s %s at %s", tc.gross, tc.cur, tc.rate), func(t *testing.T) {
			gross := mustParse(t, tc.gross, tc.cur)
			net, tax, err := gross.SplitVAT(money.MustRate(tc.rate))
			if err != nil {
				t.Fatalf("SplitVAT: %v", err)
			}
			if net.String() != tc.net || tax.String() != tc.tax || net.Currency() != tc.cur || tax.Currency() != tc.cur {
				t.Fatalf("got net %s tax %s, want net %s %s tax %s", net.Format(), tax.Format(), tc.net, tc.cur, tc.tax)
			}
		})
	}
}

func TestAmount_MulRate(t *testing.T) {
	tests := []struct{ amount, rate, want string }{
		{"10.05", "5%", "0.50"},  // exact 0.5025
		{"0.10", "5%", "0.01"},   // exact 0.005: half away from zero
		{"-0.10", "5%", "-0.01"}, // and symmetric for refunds
		{"0.05", "0.5", "0.03"},  // exact 0.025: not rounded to even
		{"100.00", "0", "0.00"},
		{"92233720368547758.07", "0.999999", "92233628134827389.52"}, // exact …952.224193 fen
	}
	for _, tc := range tests {
		t.Run(tc.amount+" at "+tc.rate, func(t *testing.T) {
			got, err := mustParse(t, tc.amount, "CNY").MulRate(money.MustRate(tc.rate))
			if err != nil || got.String() != tc.want {
				t.Fatalf("MulRate = %s, %v; want %s", got.Format(), err, tc.want)
			}
		})
	}
}

// For any gross amount and rate: net + tax == gross, and tax is the exact
// a×r/(1+r) rounded once, half away from zero.
func TestAmount_SplitVAT_properties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		gross := cny(rapid.OneOf(rapid.Int64(), rapid.Int64Range(-100000, 100000)).Draw(t, "gross"))
		r, exactRate := drawRate(t)
		net, tax, err := gross.SplitVAT(r)
		if err != nil {
			t.Fatalf("SplitVAT(%s, %s): %v", gross.Format(), r, err)
		}
		if sum, err := net.Add(tax); err != nil || sum != gross {
			t.Fatalf("net %s + tax %s = %s, %v; want %s", net.Format(), tax.Format(), sum.Format(), err, gross.Format())
		}
		exact := new(big.Rat).Mul(new(big.Rat).SetInt64(gross.Minor()), exactRate)
		exact.Quo(exact, new(big.Rat).Add(big.NewRat(1, 1), exactRate))
		checkRoundedOnce(t, tax, exact)
	})
}

func TestAmount_MulRate_properties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := cny(rapid.Int64().Draw(t, "amount"))
		r, exactRate := drawRate(t)
		got, err := a.MulRate(r)
		if err != nil {
			t.Fatalf("MulRate(%s, %s): %v", a.Format(), r, err)
		}
		checkRoundedOnce(t, got, new(big.Rat).Mul(new(big.Rat).SetInt64(a.Minor()), exactRate))
	})
}

// drawRate returns a random valid Rate and its exact value, built
// independently of the package's own arithmetic.
func drawRate(t *rapid.T) (money.Rate, *big.Rat) {
	places := rapid.IntRange(0, 6).Draw(t, "places")
	scale := int64(1)
	for range places {
		scale *= 10
	}
	num := rapid.Int64Range(0, scale-1).Draw(t, "numerator")
	text := fmt.Sprint(num)
	if places > 0 {
		text = fmt.Sprintf("0.%0*d", places, num)
	}
	return money.MustRate(text), big.NewRat(num, scale)
}

// checkRoundedOnce asserts got is exact rounded half away from zero:
// |got - exact| <= 1/2, with an exact half always moving away from zero.
func checkRoundedOnce(t *rapid.T, got money.Amount, exact *big.Rat) {
	diff := new(big.Rat).Sub(new(big.Rat).SetInt64(got.Minor()), exact)
	twice := new(big.Rat).Abs(new(big.Rat).Add(diff, diff))
	switch c := twice.Cmp(big.NewRat(1, 1)); {
	case c > 0:
		t.Fatalf("%s is more than half a minor unit from %s", got.Format(), exact.FloatString(6))
	case c == 0 && diff.Sign() != exact.Sign():
		t.Fatalf("%s: exact half %s was not rounded away from zero", got.Format(), exact.FloatString(6))
	}
}

func mustParse(t testing.TB, s string, cur money.Currency) money.Amount {
	t.Helper()
	a, err := money.Parse(s, cur)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
