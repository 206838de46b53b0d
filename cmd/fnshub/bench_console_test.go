package main

import (
	"strings"
	"testing"
)

// bench console seeds an empty directory through migration 00027, finds
// the rollups equal to their recomputation, and times every row it
// promises through the API; run again, it measures without seeding.
func TestBenchConsole_SeedsChecksAndMeasures(t *testing.T) {
	c := newCLI(t)
	out := c.mustRun("", "bench", "console", "--orders", "3000", "--skus", "40", "--reps", "2")
	for _, want := range []string{"seeded 3000 orders", "migrated [27", "database ", ": 3000 orders",
		"rollup check (fnshub check --only rollups): 0 mismatches", "| shop+status+sku+month |", "| no filter, page 50 |",
		"| month |", "| quarter |", "| year |"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if got := c.mustRun("", "check", "--only", "rollups"); !strings.HasPrefix(got, "ok:") {
		t.Errorf("check --only rollups on the seeded database: %s", got)
	}
	again := c.mustRun("", "bench", "console", "--orders", "3000", "--reps", "1")
	if strings.Contains(again, "seeded") || !strings.Contains(again, "0 mismatches") {
		t.Errorf("a second run seeded again or lost the rollups:\n%s", again)
	}
	if code, _, errw := c.run(t.Context(), "", "bench", "console", "--reps", "0"); code == 0 || !strings.Contains(errw, "--reps") {
		t.Errorf("--reps 0 exited %d: %s", code, errw)
	}
}
