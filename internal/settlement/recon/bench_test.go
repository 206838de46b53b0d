package recon_test

import (
	"syscall"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/settlement/recon"
	"github.com/fnshub/fnshub/internal/settlement/recon/recontest"
)

// BenchmarkReconcile_1MLines reconciles a generated month of about a
// million settlement lines (three platforms, 75 payouts, 200 injected
// differences) in memory and reports lines per second, of wall time and
// of the process's CPU time (the machine is shared; CPU time is what the
// engine costs).
func BenchmarkReconcile_1MLines(b *testing.B) {
	m := recontest.Generate(recontest.Options{Seed: 7, OrdersPerPayout: 6200, Injections: 200})
	var lines int
	for _, p := range m.Platforms {
		for _, r := range p.Runs {
			lines += len(r.Input.Lines)
		}
	}
	before := cpuTime()
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
	cpu := cpuTime() - before
	b.ReportMetric(float64(lines), "lines/op")
	b.ReportMetric(float64(lines)*float64(b.N)/cpu.Seconds(), "lines/cpu-s")
	b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
