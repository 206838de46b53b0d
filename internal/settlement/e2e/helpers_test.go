package e2e_test

import (
	"context"
	"testing"

	"github.com/fnshub/fnshub/internal/settlement/e2e"
	"github.com/fnshub/fnshub/internal/settlement/recon/recontest"
	"github.com/fnshub/fnshub/internal/store"
)

func runMonth(t testing.TB, ctx context.Context, db *store.DB, m *recontest.Month) e2e.Report {
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
	rep, err := e2e.Run(ctx, db, shops, files, e2e.PlanOf(m), e2e.Lines(m))
	if err != nil {
		t.Fatal(err)
	}
	return rep
}
