package inventory

import (
	"math"
	"math/bits"

	"github.com/fnshub/fnshub/internal/money"
)

// Valuation is what the stock of one SKU is worth, across warehouses: a
// quantity and its total value, so the moving-average unit cost is
// Value / Quantity, exact, with no rounding carried between movements.
type Valuation struct {
	SKU      string         `json:"sku"`
	Currency money.Currency `json:"currency"`
	Quantity int64          `json:"quantity"`
	Value    int64          `json:"value"` // minor units
}

// Receive adds q units that cost cost (minor units) in total.
func (v *Valuation) Receive(q, cost int64) {
	v.Quantity += q
	v.Value += cost
}

// CostOf is what q units cost at the moving average, rounded half up; q at
// or above the quantity held costs the whole value, so the last unit out
// takes the rounding of all before it and the value never goes negative.
func (v Valuation) CostOf(q int64) int64 {
	if q >= v.Quantity {
		return v.Value
	}
	quo, rem := mulDiv(v.Value, q, v.Quantity)
	if 2*rem >= uint64(v.Quantity) {
		quo++
	}
	return int64(quo)
}

// Issue takes q units out at the moving average and returns their cost.
// Taking more than is held (stock that was never valued) takes what is.
func (v *Valuation) Issue(q int64) int64 {
	cost := v.CostOf(q)
	v.Quantity, v.Value = max(v.Quantity-q, 0), v.Value-cost
	return cost
}

// AtAverage is what q more units are worth at the moving average, rounded
// half up; nothing when no stock is valued. ok is false when the result
// would overflow.
func (v Valuation) AtAverage(q int64) (cost int64, ok bool) {
	if v.Quantity <= 0 || q <= 0 {
		return 0, true
	}
	hi, lo := bits.Mul64(uint64(v.Value), uint64(q))
	if hi >= uint64(v.Quantity) {
		return 0, false
	}
	quo, rem := bits.Div64(hi, lo, uint64(v.Quantity))
	if 2*rem >= uint64(v.Quantity) {
		quo++
	}
	if quo > math.MaxInt64 {
		return 0, false
	}
	return int64(quo), true
}
