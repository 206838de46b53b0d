package money

import (
	"cmp"
	"errors"
	"fmt"
	"math/big"
	"slices"
)

// Allocate splits a into len(weights) parts proportional to weights, for
// example an order discount across its lines or a shipping fee across
// parcels.
//
// It uses the largest-remainder (Hamilton) method: each part first gets the
// floor of its exact quota |a|*w/Σw, then the minor units left over go one
// each to the parts with the largest remainders, ties going to the lower
// index. So the parts always sum exactly to a, each part is within one minor
// unit of its exact quota, a zero weight always gets zero, and the result
// depends only on the inputs. A negative amount is allocated by magnitude
// and every part negated, so the rounding is symmetric.
//
// Quotas are computed with math/big, so weights up to math.MaxInt64 cannot
// overflow. It returns an error if weights is empty, has a negative entry or
// sums to zero.
func (a Amount) Allocate(weights []int64) ([]Amount, error) {
	total, err := weightTotal(weights)
	if err != nil {
		return nil, err
	}
	mag := magnitude(a.minor)
	shares, rems := quotas(mag, weights, total)
	left := mag
	for _, s := range shares {
		left -= s
	}
	// left < len(weights): each part lost less than one minor unit.
	for _, i := range byRemainder(rems)[:left] {
		shares[i]++
	}
	parts := make([]Amount, len(shares))
	for i, s := range shares {
		// A share never exceeds |a|, so it always fits back into int64.
		m, _ := fromMagnitude(a.minor < 0, s)
		parts[i] = Amount{minor: m, cur: a.cur}
	}
	return parts, nil
}

// weightTotal validates weights and returns their sum, which may exceed
// int64 when many weights are large.
func weightTotal(weights []int64) (*big.Int, error) {
	if len(weights) == 0 {
		return nil, errors.New("money: allocate: no weights given")
	}
	total := new(big.Int)
	for i, w := range weights {
		if w < 0 {
			return nil, fmt.Errorf("money: allocate: weight %d is negative (%d); weights must be >= 0", i, w)
		}
		total.Add(total, big.NewInt(w))
	}
	if total.Sign() == 0 {
		return nil, errors.New("money: allocate: weights sum to zero; at least one must be positive")
	}
	return total, nil
}

// quotas returns, per weight, floor(mag*w/total) and the remainder of that
// division, which orders the parts for the leftover minor units.
func quotas(mag uint64, weights []int64, total *big.Int) ([]uint64, []*big.Int) {
	shares := make([]uint64, len(weights))
	rems := make([]*big.Int, len(weights))
	whole := new(big.Int).SetUint64(mag)
	for i, w := range weights {
		q, r := new(big.Int), new(big.Int)
		q.QuoRem(new(big.Int).Mul(whole, big.NewInt(w)), total, r)
		shares[i], rems[i] = q.Uint64(), r
	}
	return shares, rems
}

// byRemainder returns indices ordered by descending remainder, lower index
// first among equals, so the allocation is deterministic.
func byRemainder(rems []*big.Int) []int {
	order := make([]int, len(rems))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		if c := rems[j].Cmp(rems[i]); c != 0 {
			return c
		}
		return cmp.Compare(i, j)
	})
	return order
}
