package money_test

import (
	"math"
	"slices"
	"testing"

	"github.com/fnshub/fnshub/internal/money"
)

func TestAmount_Allocate(t *testing.T) {
	const maxI = math.MaxInt64
	tests := []struct {
		name    string
		amount  int64
		weights []int64
		want    []int64
	}{
		{"even thirds give the extra unit to the first", 100, []int64{1, 1, 1}, []int64{34, 33, 33}},
		{"negative amount mirrors the positive one", -100, []int64{1, 1, 1}, []int64{-34, -33, -33}},
		{"zero weights get zero", 100, []int64{0, 1, 0, 1}, []int64{0, 50, 0, 50}},
		{"zero weight never takes a leftover unit", 5, []int64{1, 0, 1}, []int64{3, 0, 2}},
		{"single unit goes to the lowest index", 1, []int64{1, 1, 1}, []int64{1, 0, 0}},
		{"leftover follows the largest remainder", 7, []int64{2, 1}, []int64{5, 2}},
		{"larger remainder beats lower index", 10, []int64{1, 2}, []int64{3, 7}},
		{"exact split needs no leftover", 10, []int64{3, 7}, []int64{3, 7}},
		{"zero amount", 0, []int64{1, 2}, []int64{0, 0}},
		{"one weight takes everything", -42, []int64{9}, []int64{-42}},
		{"huge weights", 1000, []int64{maxI, maxI, 1}, []int64{500, 500, 0}},
		{"weight sum beyond int64", maxI, []int64{maxI, maxI, maxI},
			[]int64{3074457345618258603, 3074457345618258602, 3074457345618258602}},
		{"max amount, huge weights", maxI, []int64{maxI, maxI - 1}, []int64{4611686018427387904, 4611686018427387903}},
		{"min amount halves", math.MinInt64, []int64{1, 1}, []int64{-4611686018427387904, -4611686018427387904}},
		{"min amount, mixed weights", math.MinInt64, []int64{maxI, 1, 1 << 40},
			[]int64{-9223370937343279103, -1, -1099511496704}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			parts, err := money.New(tc.amount, "KWD").Allocate(tc.weights)
			if err != nil {
				t.Fatalf("Allocate: %v", err)
			}
			got := make([]int64, len(parts))
			for i, p := range parts {
				if p.Currency() != "KWD" {
					t.Fatalf("part %d has currency %q", i, p.Currency())
				}
				got[i] = p.Minor()
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestAmount_Allocate_rejectsBadWeights(t *testing.T) {
	for name, weights := range map[string][]int64{
		"nil":       nil,
		"empty":     {},
		"negative":  {3, -1, 2},
		"all zero":  {0, 0},
		"min int64": {math.MinInt64, 1},
	} {
		t.Run(name, func(t *testing.T) {
			if parts, err := cny(100).Allocate(weights); err == nil {
				t.Fatalf("Allocate(%v) = %v, want an error", weights, parts)
			}
		})
	}
}
