package storetest

import "testing"

func TestConformance(t *testing.T) {
	for _, e := range Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			t.Run("ledger", func(t *testing.T) { ExerciseLedger(t, e.Open) })
			t.Run("inventory", func(t *testing.T) { ExerciseInventory(t, e.Open) })
			t.Run("atp", func(t *testing.T) { ExerciseATP(t, e.Open) })
			t.Run("catalog", func(t *testing.T) { ExerciseCatalog(t, e.Open) })
			t.Run("auth", func(t *testing.T) { ExerciseAuth(t, e.Open) })
			t.Run("keycheck", func(t *testing.T) { ExerciseKeyChecks(t, e.Open) })
		})
	}
}

// TestLedgerProperties runs at least 10,000 random steps per engine
// (rapid's 100 checks × 100 steps), checking invariants after each.
func TestLedgerProperties(t *testing.T) {
	const stepsPerCheck, minSteps = 100, 10_000
	for _, e := range Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			steps := ExerciseLedgerProperties(t, e.Fresh, stepsPerCheck)
			t.Logf("%d steps on %s", steps, e.Name)
			if steps < minSteps && !t.Failed() {
				t.Fatalf("ran %d steps, want at least %d (do not lower -rapid.checks below 100)", steps, minSteps)
			}
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
