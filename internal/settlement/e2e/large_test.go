package e2e_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/settlement/e2e"
	"github.com/fnshub/fnshub/internal/store/sqlite"
)

// LinesVar sizes TestEndToEndLarge: unset, it does not run (CI never
// does); FNSHUB_E2E_LINES=10000000 is item 10's month. BaselineVar=1 runs
// the plain SQL-join baseline on the same database and files after it.
const (
	LinesVar    = "FNSHUB_E2E_LINES"
	BaselineVar = "FNSHUB_E2E_BASELINE"
	// OneByOneVar=1 reconciles payout by payout, nothing read ahead.
	OneByOneVar = "FNSHUB_E2E_ONE_BY_ONE"
)

// TestEndToEndLarge is the benchmark of BENCHMARKS.md "Issue 10 —
// settlement end to end": a month of FNSHUB_E2E_LINES lines on a SQLite
// file database, peak RSS taken over the timed phases only.
func TestEndToEndLarge(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv(LinesVar))
	if n <= 0 {
		t.Skip(LinesVar + " not set")
	}
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sqlite.Open(filepath.Join(dir, "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	m := e2e.Month(n, 200, 7)
	lines := e2e.Lines(m)
	shops, err := e2e.Shops(ctx, db, m)
	if err != nil {
		t.Fatal(err)
	}
	orders, err := e2e.SeedOrders(ctx, db, m)
	if err != nil {
		t.Fatal(err)
	}
	files, err := e2e.WriteFiles(dir, m)
	if err != nil {
		t.Fatal(err)
	}
	pl := e2e.PlanOf(m)
	m = nil
	t.Logf("generated %d lines, seeded %d orders in %.1f s", lines, orders, time.Since(start).Seconds())
	e2e.FreeMemory()
	e2e.ResetPeakRSS()
	rep, err := e2e.RunWith(ctx, db, shops, files, pl, lines, e2e.Options{OneByOne: os.Getenv(OneByOneVar) != ""})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", rep)
	if len(rep.Missed) > 0 || len(rep.Invented) > 0 {
		t.Errorf("missed %d %v\ninvented %d %v", len(rep.Missed), head(rep.Missed), len(rep.Invented), head(rep.Invented))
	}
	if os.Getenv(BaselineVar) == "" {
		return
	}
	e2e.FreeMemory()
	e2e.ResetPeakRSS()
	base, diffs, err := e2e.Baseline(ctx, db, files, pl)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s(baseline reports %d lines as differences)\nratio baseline/ours: %.2f", base, diffs, total(base)/total(rep))
}

func total(r e2e.Report) float64 {
	var s float64
	for _, p := range r.Phases {
		s += p.Elapsed.Seconds()
	}
	return s
}

func head(s []string) []string { return s[:min(len(s), 8)] }
