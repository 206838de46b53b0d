package e2e_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/settlement/e2e"
	"github.com/fnshub/fnshub/internal/settlement/recon/recontest"
	"github.com/fnshub/fnshub/internal/store"
)

func runMonth(t testing.TB, ctx context.Context, db *store.DB, m *recontest.Month) e2e.Report {
	t.Helper()
	return runMonthWith(t, ctx, db, m, e2e.Options{})
}

func runMonthWith(t testing.TB, ctx context.Context, db *store.DB, m *recontest.Month, o e2e.Options) e2e.Report {
	t.Helper()
	shops, err := e2e.Shops(ctx, db, m)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e2e.SeedOrders(ctx, db, m); err != nil {
		t.Fatal(err)
	}
	files, err := e2e.WriteFiles(t.TempDir(), m)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := e2e.RunWith(ctx, db, shops, files, e2e.PlanOf(m), e2e.Lines(m), o)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestReportTotalsEitherRun: the end-to-end line sums the import and
// reconcile phases of the hub's run and of the baseline's alike (the
// baseline's once read "0 lines in 0.00 s").
func TestReportTotalsEitherRun(t *testing.T) {
	for _, prefix := range []string{"", "baseline "} {
		rep := e2e.Report{Phases: []e2e.Phase{{Name: prefix + "import", Lines: 1000, Elapsed: time.Second},
			{Name: prefix + "reconcile", Lines: 1000, Elapsed: 3 * time.Second}}}
		if got := rep.String(); !strings.Contains(got, "end to end: 1000 lines in 4.00 s, 250 lines/s") {
			t.Errorf("%q report:\n%s", prefix, got)
		}
	}
}
