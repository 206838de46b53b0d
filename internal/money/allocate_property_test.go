package money_test

import (
	"math"
	"math/big"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/fnshub/fnshub/internal/money"
)

// The allocation contract over arbitrary amounts and weights: parts sum to
// the whole, each part is the floor or ceiling of its exact quota (so within
// one minor unit), zero weights get zero, and the answer never changes.
func TestAmount_Allocate_properties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		amount := rapid.OneOf(rapid.Int64(), rapid.Int64Range(-1000, 1000)).Draw(t, "amount")
		weight := rapid.OneOf(rapid.Int64Range(0, 5), rapid.Int64Range(0, math.MaxInt64))
		weights := rapid.SliceOfN(weight, 1, 12).Draw(t, "weights")
		a := cny(amount)
		parts, err := a.Allocate(weights)
		total := new(big.Int)
		for _, w := range weights {
			total.Add(total, big.NewInt(w))
		}
		if total.Sign() == 0 {
			if err == nil {
				t.Fatalf("zero-sum weights accepted")
			}
			return
		}
		if err != nil {
			t.Fatalf("Allocate: %v", err)
		}
		checkSumsToWhole(t, a, parts)
		checkNearQuota(t, amount, weights, total, parts)
		checkLargestRemainder(t, amount, weights, total, parts)
		again, _ := a.Allocate(slices.Clone(weights))
		if !slices.Equal(parts, again) {
			t.Fatalf("not deterministic: %v then %v", parts, again)
		}
	})
}

func checkSumsToWhole(t *rapid.T, a money.Amount, parts []money.Amount) {
	sum, err := money.Sum("CNY", parts...)
	if err != nil || sum != a {
		t.Fatalf("parts sum to %v (%v), want %v", sum.Format(), err, a.Format())
	}
}

// checkNearQuota asserts |part*total - amount*w| < total, i.e. the part is
// strictly less than one minor unit from its exact quota.
func checkNearQuota(t *rapid.T, amount int64, weights []int64, total *big.Int, parts []money.Amount) {
	for i, w := range weights {
		exact := new(big.Int).Mul(big.NewInt(amount), big.NewInt(w))
		diff := new(big.Int).Mul(big.NewInt(parts[i].Minor()), total)
		diff.Sub(diff, exact)
		if diff.CmpAbs(total) >= 0 {
			t.Fatalf("part %d = %d is a minor unit or more from %s/%s", i, parts[i].Minor(), exact, total)
		}
		if w == 0 && !parts[i].IsZero() {
			t.Fatalf("zero weight %d got %v", i, parts[i].Format())
		}
	}
}

// checkLargestRemainder asserts the Hamilton rule: every part that was
// rounded up has a larger remainder than every part rounded down, or an
// equal one and a lower index.
func checkLargestRemainder(t *rapid.T, amount int64, weights []int64, total *big.Int, parts []money.Amount) {
	mag := new(big.Int).Abs(big.NewInt(amount))
	rems := make([]*big.Int, len(weights))
	up := make([]bool, len(weights))
	for i, w := range weights {
		q, r := new(big.Int).QuoRem(new(big.Int).Mul(mag, big.NewInt(w)), total, new(big.Int))
		rems[i] = r
		up[i] = new(big.Int).Abs(big.NewInt(parts[i].Minor())).Cmp(q) > 0
	}
	for i := range weights {
		for j := range weights {
			if !up[i] || up[j] {
				continue
			}
			if c := rems[i].Cmp(rems[j]); c < 0 || (c == 0 && i > j) {
				t.Fatalf("part %d rounded up ahead of part %d (remainders %s, %s)", i, j, rems[i], rems[j])
			}
		}
	}
}
