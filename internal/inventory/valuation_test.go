package inventory

import (
	"testing"

	"pgregory.net/rapid"
)

func TestValuation_MovingAverage(t *testing.T) {
	v := Valuation{SKU: "A", Currency: "CNY"}
	v.Receive(3, 1000) // 3 at 3.333…
	v.Receive(1, 200)  // 4 worth 12.00: 3.00 each
	if got := v.Issue(1); got != 300 {
		t.Fatalf("issue 1 = %d, want 300", got)
	}
	if got := v.CostOf(2); got != 600 {
		t.Fatalf("cost of 2 = %d, want 600", got)
	}
	v = Valuation{Quantity: 3, Value: 1000}
	if a, b, c := v.Issue(1), v.Issue(1), v.Issue(1); a != 333 || b != 334 || c != 333 || v.Value != 0 {
		t.Fatalf("issues = %d %d %d, left %+v; want 333 334 333 and nothing left", a, b, c, v)
	}
}

// Whatever the receipts and issues, value is conserved: what came in is
// what went out plus what is left, the value never goes negative, and no
// stock means no value.
func TestValuation_ConservesValue(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var v Valuation
		var in, out int64
		for range rapid.IntRange(1, 100).Draw(t, "steps") {
			if rapid.Bool().Draw(t, "receive") {
				q, c := rapid.Int64Range(1, 1000).Draw(t, "q"), rapid.Int64Range(0, 1_000_000).Draw(t, "cost")
				v.Receive(q, c)
				in += c
			} else {
				out += v.Issue(rapid.Int64Range(1, 1200).Draw(t, "q"))
			}
			if v.Value < 0 || v.Quantity < 0 || in != out+v.Value || (v.Quantity == 0 && v.Value != 0) {
				t.Fatalf("valuation %+v after in %d out %d", v, in, out)
			}
		}
	})
}
