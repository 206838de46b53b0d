package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/ledger/ledgerbench"
	"github.com/fnshub/fnshub/internal/ledger/ledgerdb"
)

// BenchmarkLedgerPost measures durable posting throughput per engine: one
// entry per commit, and grouped commits with concurrent posters on one hot
// account and on spread accounts. `fnshub bench ledger --matrix` runs the
// same workload at a fixed size for BENCHMARKS.md.
func BenchmarkLedgerPost(b *testing.B) {
	cases := []struct {
		name                   string
		batch, posters, spread int
		sequential             bool
	}{
		{"single", 1, 16, 0, false},
		{"grouped-hot", 256, 64, 0, false},
		{"grouped-hot-512", 1024, 512, 0, false},
		{"grouped-spread", 256, 64, 1000, false},
		{"grouped-hot-rising-keys", 256, 64, 0, true},
	}
	for _, e := range Engines(b) {
		for _, c := range cases {
			b.Run(fmt.Sprintf("%s/%s", e.Name, c.name), func(b *testing.B) {
				ctx := context.Background()
				l := ledger.New(ledgerdb.New(e.Open(b)), ledger.Options{MaxBatch: c.batch})
				defer l.Close()
				w := ledgerbench.Workload{Entries: b.N, Posters: c.posters, Spread: c.spread, Sequential: c.sequential}
				if err := l.InstallDefaultChart(ctx); err != nil {
					b.Fatal(err)
				}
				if err := ledgerbench.Setup(ctx, l, w); err != nil {
					b.Fatal(err)
				}
				b.ResetTimer()
				res, err := ledgerbench.Run(ctx, l, w)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(res.PerSecond(), "entries/s")
				b.ReportMetric(float64(res.P99.Microseconds()), "p99-µs")
			})
		}
	}
}
