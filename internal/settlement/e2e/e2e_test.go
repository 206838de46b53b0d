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
			// On SQLite, over 1,000 lines in a payout (a page of the
			// store); PostgreSQL, slower to write, holds the same checks
			// to a smaller month.
			lines := 60_000
			if eng.Name != "sqlite" {
				lines = 20_000
			}
			m := e2e.Month(lines, 60, 11)
			rep := runMonth(t, ctx, db, m)
			if len(rep.Missed) > 0 || len(rep.Invented) > 0 {
				t.Fatalf("missed %v\ninvented %v", rep.Missed, rep.Invented)
			}
			t.Log(rep)
		})
	}
}
