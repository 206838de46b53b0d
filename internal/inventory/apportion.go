package inventory

import (
	"cmp"
	"math/bits"
	"slices"
)

// largestRemainder splits total into parts proportional to weights that sum
// to exactly total: each part is its quota rounded down, and the units left
// over go one each to the largest remainders, ties to the lower index. A
// part is never more than its quota rounded up, so a weight of 0 gets 0.
// Weights are non-negative; when they are all 0 every part is 0.
func largestRemainder(total int64, weights []int64) []int64 {
	parts := make([]int64, len(weights))
	w := sum(weights)
	if w == 0 || total <= 0 {
		return parts
	}
	rems := make([]uint64, len(weights))
	given := int64(0)
	for i, wi := range weights {
		q, r := mulDiv(total, wi, w)
		parts[i], rems[i] = int64(q), r
		given += int64(q)
	}
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	// Every remainder is over the same denominator w, so they compare as is.
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(rems[b], rems[a]) })
	for _, i := range order[:total-given] {
		parts[i]++
	}
	return parts
}

// mulDiv returns a×b/c and its remainder in 128-bit arithmetic, so stock of
// 10¹² units times a weight cannot overflow. It needs 0 ≤ a, 0 ≤ b ≤ c,
// c > 0, which keeps the quotient ≤ a.
func mulDiv(a, b, c int64) (q, r uint64) {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	return bits.Div64(hi, lo, uint64(c))
}
