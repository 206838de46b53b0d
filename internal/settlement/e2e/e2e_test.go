package e2e_test

import (
	"context"
	"testing"

	"github.com/fnshub/fnshub/internal/profit/profitdb"
	"github.com/fnshub/fnshub/internal/settlement/e2e"
	"github.com/fnshub/fnshub/internal/store"
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
			checkProfit(t, ctx, db)
			t.Log(rep)
		})
	}
}

// checkProfit holds the seeded profit facts to what reconciliation must
// leave: actuals on the lines of matched orders, and rollups equal to the
// facts (profitdb's check, as fnshub check runs it).
func checkProfit(t *testing.T, ctx context.Context, db *store.DB) {
	t.Helper()
	var lines, actual int64
	err := db.Read(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN payouts > 0 THEN 1 ELSE 0 END), 0) FROM profit_lines`).Scan(&lines, &actual)
	})
	if err != nil {
		t.Fatal(err)
	}
	if lines == 0 || actual == 0 {
		t.Fatalf("%d profit lines, %d with a payout's actuals: want the seeded facts and actuals from reconciliation", lines, actual)
	}
	ms, err := profitdb.New(db).Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) > 0 {
		t.Fatalf("profit rollups differ from the facts: %v", ms)
	}
}
