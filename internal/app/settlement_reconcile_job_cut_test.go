package app

import (
	"fmt"
	"testing"

	"github.com/fnshub/fnshub/internal/settlement"
)

// After an import, the payouts from the first it touched on are
// reconciled, in reconcile order (not id order): those before read
// nothing of what it changed.
func TestFromFirstTouched(t *testing.T) {
	ps := []settlement.StoredPayout{{ID: 7}, {ID: 3}, {ID: 9}, {ID: 5}} // in reconcile order
	for _, c := range []struct {
		touched []int64
		want    string
	}{
		{[]int64{9}, "[9 5]"}, {[]int64{5, 9}, "[9 5]"}, {[]int64{3, 9}, "[3 9 5]"}, {[]int64{7}, "[7 3 9 5]"},
		{nil, "[7 3 9 5]"}, {[]int64{42}, "[]"},
	} {
		var ids []int64
		for _, p := range fromFirstTouched(ps, c.touched) {
			ids = append(ids, p.ID)
		}
		if got := fmt.Sprint(append([]int64{}, ids...)); got != c.want {
			t.Errorf("touched %v: %s, want %s", c.touched, got, c.want)
		}
	}
}
