package app_test

import (
	"fmt"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// TestARAP_AgingBoundaries books bills due 0, 30, 31, 60, 61, 90 and 91
// days before the as-of day, of 1, 2, 4 … 64 fen so each bucket's sum
// says which bills fell in it, on each engine.
func TestARAP_AgingBoundaries(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			h := newHub(t, e.Open, app.OrderOptions{})
			uc := &app.ARAP{Unit: unit.New(h.db), Books: h.books}
			_, err := uc.PutParty(ctx, arap.Party{Kind: arap.Supplier, Code: "S", Name: "s", Currency: "CNY"})
			must(t, err)
			asOf := day(2026, 12, 31)
			for i, d := range []int{0, 30, 31, 60, 61, 90, 91} {
				due := asOf.AddDate(0, 0, -d)
				_, err := uc.AddDocument(ctx, arap.Document{Kind: arap.Bill, Party: "S", Number: fmt.Sprint("B", d), Date: due.AddDate(0, 0, -1),
					DueDate: due, Amount: cny(1 << i), Account: "6602"}, "t")
				must(t, err)
			}
			rows, err := uc.Aging(ctx, asOf)
			must(t, err)
			if len(rows) != 1 {
				t.Fatalf("rows %+v", rows)
			}
			// current: day 0 (1); 1-30: day 30 (2); 31-60: 31, 60 (4+8); 61-90: 61, 90 (16+32); over 90: 91 (64).
			if want := [...]int64{1, 2, 12, 48, 64}; rows[0].Buckets != want {
				t.Fatalf("buckets %v, want %v", rows[0].Buckets, want)
			}
			h.assertInvariants(t)
		})
	}
}
