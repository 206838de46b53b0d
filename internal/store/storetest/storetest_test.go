package storetest

import (
	"context"
	"strings"
	"testing"
)

func TestConformance(t *testing.T) {
	for _, e := range Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			t.Run("ledger", func(t *testing.T) { ExerciseLedger(t, e.Open) })
			t.Run("periods", func(t *testing.T) { ExercisePeriods(t, e.Open) })
			t.Run("inventory", func(t *testing.T) { ExerciseInventory(t, e.Open) })
			t.Run("stock retry", func(t *testing.T) { ExerciseStockRetry(t, e.Open) })
			t.Run("atp", func(t *testing.T) { ExerciseATP(t, e.Open) })
			t.Run("catalog", func(t *testing.T) { ExerciseCatalog(t, e.Open) })
			t.Run("auth", func(t *testing.T) { ExerciseAuth(t, e.Open) })
			t.Run("sessions", func(t *testing.T) { ExerciseSessions(t, e.Open) })
			t.Run("orders", func(t *testing.T) { ExerciseOrders(t, e.Open) })
			t.Run("analytics backfill", func(t *testing.T) { ExerciseAnalyticsBackfill(t, e.Open) })
			t.Run("shops", func(t *testing.T) { ExerciseShops(t, e.Open) })
			t.Run("shop secrets", func(t *testing.T) { ExerciseShopSecrets(t, e.Open) })
			t.Run("ids", func(t *testing.T) { ExerciseIDs(t, e.Open) })
			t.Run("keycheck", func(t *testing.T) { ExerciseKeyChecks(t, e.Open) })
			t.Run("buyer keys", func(t *testing.T) { ExerciseBuyerKeys(t, e.Open) })
			t.Run("pipeline", func(t *testing.T) { ExercisePipeline(t, e.Open) })
			t.Run("audit", func(t *testing.T) { ExerciseAudit(t, e.Open) })
			t.Run("arap documents entity", func(t *testing.T) { ExerciseARAPDocumentsEntity(t, e.Open) })
		})
	}
}

// TestLedgerProperties runs at least 10,000 random steps per engine
// (rapid's 100 checks × 2 sequences × 50 steps), checking invariants after
// each.
func TestLedgerProperties(t *testing.T) {
	const sequencesPerCheck, stepsPerCheck, minSteps = 2, 50, 10_000
	for _, e := range Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			steps := ExerciseLedgerProperties(t, e.Fresh, sequencesPerCheck, stepsPerCheck)
			t.Logf("%d steps on %s", steps, e.Name)
			if steps < minSteps && !t.Failed() {
				t.Fatalf("ran %d steps, want at least %d (do not lower -rapid.checks below 100)", steps, minSteps)
			}
		})
	}
}

// TestPeriodProperties holds posts, closes and reopens to the closed-prefix
// model (rapid's 100 checks × 20 steps per engine).
func TestPeriodProperties(t *testing.T) {
	for _, e := range Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			steps := ExercisePeriodProperties(t, e.Fresh, 20)
			t.Logf("%d steps on %s", steps, e.Name)
		})
	}
}

// TestStockProperties holds stock to a reference model over random steps
// (rapid's 100 checks × 30 steps per engine).
func TestStockProperties(t *testing.T) {
	for _, e := range Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			steps := ExerciseStockProperties(t, e.Fresh, 30)
			t.Logf("%d steps on %s", steps, e.Name)
		})
	}
}

// TestSchemasMatch migrates both engines and holds their schemas to each
// other: the same tables, columns, type classes and unique column sets.
func TestSchemasMatch(t *testing.T) {
	engines := Engines(t)
	if len(engines) < 2 {
		t.Skip("needs PostgreSQL too")
	}
	ctx := context.Background()
	var schemas []Schema
	for _, e := range engines {
		s, err := ReadSchema(ctx, e.Open(t))
		if err != nil {
			t.Fatalf("%s: %v", e.Name, err)
		}
		if len(s) < 10 {
			t.Fatalf("%s: read %d tables, which cannot be the whole schema", e.Name, len(s))
		}
		schemas = append(schemas, s)
	}
	if diff := DiffSchemas(engines[0].Name, schemas[0], engines[1].Name, schemas[1]); len(diff) > 0 {
		t.Errorf("the engines' schemas differ (fix with a migration for both):\n%s", strings.Join(diff, "\n"))
	}
}

// TestLedgerMigratesIntoEntity1 migrates a database holding entries from
// before entities, on each engine.
func TestLedgerMigratesIntoEntity1(t *testing.T) {
	for _, e := range Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ExerciseLedgerMigration(t, openUnmigrated(t, e.Name))
		})
	}
}
