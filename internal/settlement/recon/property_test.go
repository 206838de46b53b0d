package recon_test

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/fnshub/fnshub/internal/settlement/recon"
	"github.com/fnshub/fnshub/internal/settlement/recon/recontest"
)

// TestProperty_RandomMonths draws small months — any seed, any mix of
// classes, any number of injections — and holds every one to the same
// bar as the big month: every injection found with its class, nothing
// invented, remainders zero, entries balanced, receivables cleared. Each
// check reconciles three months of 75 payouts, so the default 100 checks
// are over 20,000 payouts.
func TestProperty_RandomMonths(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		for i := 0; i < 3; i++ {
			all := recon.Classes()
			classes := rapid.SliceOfNDistinct(rapid.SampledFrom(all), 1, len(all), func(c recon.Class) recon.Class { return c }).Draw(t, "classes")
			opt := recontest.Options{
				Seed:            rapid.Uint64().Draw(t, "seed"),
				OrdersPerPayout: rapid.IntRange(5, 9).Draw(t, "orders"),
				// At most 15 of one class: the month's 75 payouts hold
				// about 30 missing settlements (interior, never two side
				// by side), and a random 30 of one class can run out.
				Injections: rapid.IntRange(0, min(30, 15*len(classes))).Draw(t, "injections"),
				Classes:    classes,
				Tiny:       rapid.IntRange(0, 3).Draw(t, "tiny"),
				RefLess:    rapid.IntRange(0, 3).Draw(t, "refless"),
			}
			m := recontest.Generate(opt)
			r := reconcileMonth(t, m, recontest.Lenient)
			sameSet(t, r.found, m.Injected)
			checkBooks(t, m, r)
		}
	})
}
