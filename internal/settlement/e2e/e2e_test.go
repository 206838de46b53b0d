package e2e_test

import (
	"context"
	"testing"

	"github.com/fnshub/fnshub/internal/settlement/e2e"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// TestEndToEnd runs the harness on a small month on both engines: every
// injected difference found, none invented. Amazon-like payouts hold
// more lines than one page of the settlement store.
func TestEndToEnd(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			db := eng.Open(t)
			m := e2e.Month(60_000, 60, 11) // over 1,000 lines in a payout: a page of the store
			rep := runMonth(t, ctx, db, m)
			if len(rep.Missed) > 0 || len(rep.Invented) > 0 {
				t.Fatalf("missed %v\ninvented %v", rep.Missed, rep.Invented)
			}
			t.Log(rep)
		})
	}
}
