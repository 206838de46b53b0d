package money_test

import (
	"errors"
	"math"
	"math/big"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/fnshub/fnshub/internal/money"
)

func cny(minor int64) money.Amount { return money.New(minor, "CNY") }

func TestAmount_AddSub(t *testing.T) {
	tests := []struct {
		name       string
		op         func(a, b money.Amount) (money.Amount, error)
		a, b       int64
		want       int64
		isOverflow bool
	}{
		{"add", money.Amount.Add, 1250, 75, 1325, false},
		{"add negative", money.Amount.Add, 100, -250, -150, false},
		{"add reaching max", money.Amount.Add, math.MaxInt64 - 1, 1, math.MaxInt64, false},
		{"add past max", money.Amount.Add, math.MaxInt64, 1, 0, true},
		{"add past min", money.Amount.Add, math.MinInt64, -1, 0, true},
		{"add min to min", money.Amount.Add, math.MinInt64, math.MinInt64, 0, true},
		{"add max and min", money.Amount.Add, math.MaxInt64, math.MinInt64, -1, false},
		{"sub", money.Amount.Sub, 1250, 75, 1175, false},
		{"sub to min", money.Amount.Sub, math.MinInt64 + 1, 1, math.MinInt64, false},
		{"sub past min", money.Amount.Sub, math.MinInt64, 1, 0, true},
		{"sub min from zero", money.Amount.Sub, 0, math.MinInt64, 0, true},
		{"sub min from -1", money.Amount.Sub, -1, math.MinInt64, math.MaxInt64, false},
		{"sub past max", money.Amount.Sub, math.MaxInt64, -1, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.op(cny(tc.a), cny(tc.b))
			assertResult(t, got, err, tc.want, tc.isOverflow)
		})
	}
}

func TestAmount_NegMul(t *testing.T) {
	tests := []struct {
		name       string
		op         func() (money.Amount, error)
		want       int64
		isOverflow bool
	}{
		{"neg", cny(5).Neg, -5, false},
		{"neg zero", cny(0).Neg, 0, false},
		{"neg max", cny(math.MaxInt64).Neg, math.MinInt64 + 1, false},
		{"neg min", cny(math.MinInt64).Neg, 0, true},
		{"mul", func() (money.Amount, error) { return cny(3).Mul(-4) }, -12, false},
		{"mul by zero", func() (money.Amount, error) { return cny(math.MinInt64).Mul(0) }, 0, false},
		{"mul min by one", func() (money.Amount, error) { return cny(1).Mul(math.MinInt64) }, math.MinInt64, false},
		{"mul to min", func() (money.Amount, error) { return cny(-1 << 32).Mul(1 << 31) }, math.MinInt64, false},
		{"mul to 2^63", func() (money.Amount, error) { return cny(1 << 32).Mul(1 << 31) }, 0, true},
		{"mul max by two", func() (money.Amount, error) { return cny(math.MaxInt64).Mul(2) }, 0, true},
		{"mul min by -1", func() (money.Amount, error) { return cny(math.MinInt64).Mul(-1) }, 0, true},
		{"mul -1 by min", func() (money.Amount, error) { return cny(-1).Mul(math.MinInt64) }, 0, true},
		{"mul past 128-bit low word", func() (money.Amount, error) { return cny(1 << 40).Mul(1 << 40) }, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.op()
			assertResult(t, got, err, tc.want, tc.isOverflow)
		})
	}
}

func assertResult(t *testing.T, got money.Amount, err error, want int64, isOverflow bool) {
	t.Helper()
	if isOverflow {
		if !errors.Is(err, money.ErrOverflow) {
			t.Fatalf("got %v, %v; want ErrOverflow", got.Format(), err)
		}
		if !strings.Contains(err.Error(), "CNY") {
			t.Fatalf("overflow error %q does not show the values", err)
		}
		return
	}
	if err != nil || got != cny(want) {
		t.Fatalf("got %v, %v; want %v", got.Format(), err, cny(want).Format())
	}
}

func TestAmount_currencyMismatch(t *testing.T) {
	usd := money.New(100, "USD")
	ops := map[string]func() (money.Amount, error){
		"add": func() (money.Amount, error) { return cny(100).Add(usd) },
		"sub": func() (money.Amount, error) { return cny(100).Sub(usd) },
		"sum": func() (money.Amount, error) { return money.Sum("CNY", cny(1), usd) },
	}
	for name, op := range ops {
		t.Run(name, func(t *testing.T) {
			_, err := op()
			if !errors.Is(err, money.ErrCurrencyMismatch) {
				t.Fatalf("err = %v, want ErrCurrencyMismatch", err)
			}
			if msg := err.Error(); !strings.Contains(msg, "CNY") || !strings.Contains(msg, "1.00 USD") {
				t.Fatalf("error %q does not name both amounts", msg)
			}
		})
	}
}

func TestSum(t *testing.T) {
	if got, err := money.Sum("JPY"); err != nil || got != money.Zero("JPY") {
		t.Fatalf("empty Sum = %v, %v; want 0 JPY", got, err)
	}
	if got, err := money.Sum("CNY", cny(1), cny(2), cny(-10)); err != nil || got != cny(-7) {
		t.Fatalf("Sum = %v, %v; want -0.07 CNY", got.Format(), err)
	}
	if _, err := money.Sum("CNY", cny(math.MaxInt64), cny(1)); !errors.Is(err, money.ErrOverflow) {
		t.Fatalf("err = %v, want ErrOverflow", err)
	}
}

// The checked operations must agree with unbounded integer arithmetic:
// a result when it fits in int64, ErrOverflow exactly when it does not.
func TestAmount_arithmeticMatchesBigInt(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		x, y := rapid.Int64().Draw(t, "x"), rapid.Int64().Draw(t, "y")
		bx, by := big.NewInt(x), big.NewInt(y)
		checkAgainst(t, "add", new(big.Int).Add(bx, by), func() (money.Amount, error) { return cny(x).Add(cny(y)) })
		checkAgainst(t, "sub", new(big.Int).Sub(bx, by), func() (money.Amount, error) { return cny(x).Sub(cny(y)) })
		checkAgainst(t, "mul", new(big.Int).Mul(bx, by), func() (money.Amount, error) { return cny(x).Mul(y) })
		checkAgainst(t, "neg", new(big.Int).Neg(bx), cny(x).Neg)
	})
}

func checkAgainst(t *rapid.T, name string, want *big.Int, op func() (money.Amount, error)) {
	got, err := op()
	if !want.IsInt64() {
		if !errors.Is(err, money.ErrOverflow) {
			t.Fatalf("%s: got %v, %v; want ErrOverflow for %s", name, got.Format(), err, want)
		}
		return
	}
	if err != nil || got.Minor() != want.Int64() {
		t.Fatalf("%s: got %v, %v; want %s", name, got.Minor(), err, want)
	}
}
