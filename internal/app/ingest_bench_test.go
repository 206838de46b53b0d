package app_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// BenchmarkIngest measures end-to-end ingestion, durable when acknowledged:
// paid orders of 1–5 lines from 64 producers, each one raw payload, order,
// lines, version, routing, reservation, ledger entry and three events in a
// shared transaction. dup30 resends 30% of the orders; p512 has 512
// producers, for throughput with larger groups. It reports orders/s and the
// p99 acknowledgement latency.
//
//	go test ./internal/app -run '^$' -bench Ingest -benchtime 20000x
func BenchmarkIngest(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		for _, producers := range []int{64, 512} {
			for _, dup := range []int{0, 30} {
				b.Run(fmt.Sprintf("%s/p%d/dup%d", e.Name, producers, dup), func(b *testing.B) { benchIngest(b, e.Open, producers, dup) })
			}
		}
	}
}

func benchIngest(b *testing.B, open storetest.Opener, producers, dupPercent int) {
	benchIngestHook(b, open, producers, dupPercent, func() {})
}

// benchIngestHook is benchIngest calling started as the timer starts.
func benchIngestHook(b *testing.B, open storetest.Opener, producers, dupPercent int, started func()) {
	h := newHub(b, open, app.OrderOptions{})
	for i, sku := range []string{"TEA-250", "TEA-500", "CUP"} {
		h.receive(b, fmt.Sprintf("po-%d", i), sku, "SH", 1<<40)
	}
	skus := []string{"TEA-250", "TEA-500", "CUP", "GIFT"}
	inputs := make([]app.Input, b.N)
	rng := rand.New(rand.NewPCG(7, 8))
	for i := range inputs {
		if i > 0 && rng.IntN(100) < dupPercent {
			inputs[i] = inputs[rng.IntN(i)]
			continue
		}
		lines := make([]string, 1+rng.IntN(5))
		for j := range lines {
			lines[j] = skus[rng.IntN(len(skus))]
		}
		inputs[i] = paid(fmt.Sprintf("B%d", i), 1, lines...)
	}
	latencies := make([]time.Duration, b.N)
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	started()
	for range producers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				start := time.Now()
				if r := h.orders.Ingest(ctx, inputs[i]); r.Err != nil {
					b.Error(r.Err)
					return
				}
				latencies[i] = time.Since(start)
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	slices.Sort(latencies)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "orders/s")
	b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds())/1000, "p99-ms")
}
