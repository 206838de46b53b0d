package recon_test

import (
	"testing"

	"github.com/fnshub/fnshub/internal/settlement/recon"
	"github.com/fnshub/fnshub/internal/settlement/recon/recontest"
)

// BenchmarkReconcile_1MLines reconciles a generated month of about a
// million settlement lines (three platforms, 75 payouts, 200 injected
// differences) in memory and reports lines per second.
func BenchmarkReconcile_1MLines(b *testing.B) {
	m := recontest.Generate(recontest.Options{Seed: 7, OrdersPerPayout: 4000, Injections: 200})
	var lines int
	for _, p := range m.Platforms {
		for _, r := range p.Runs {
			lines += len(r.Input.Lines)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, p := range m.Platforms {
			for _, r := range p.Runs {
				in := r.Input
				in.Rules = recontest.Lenient
				if _, err := recon.Reconcile(in); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.ReportMetric(float64(lines), "lines/op")
	b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}
