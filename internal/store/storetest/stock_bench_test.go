package storetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/inventory"
)

// BenchmarkHotSKUReserve is a flash sale: 1,000 concurrent buyers reserve
// one unit each of a single SKU with b.N units in stock, until they are
// refused, each in a transaction of its own through inventorydb.ReserveTx
// (the path production takes; ingestion groups orders on top of it, which
// BenchmarkIngest in internal/app measures). Every reservation is durable before it is acknowledged; the run
// fails if more than b.N are sold (oversell) or fewer (lost stock).
func BenchmarkHotSKUReserve(b *testing.B) {
	for _, e := range Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			ctx := context.Background()
			s, _ := NewInventory(b, e.Open)
			_, _, err := s.Receive(ctx, "flash-stock", inventory.Line{SKU: "HOT", Warehouse: "SH", Quantity: int64(b.N)})
			must(b, err)
			var sold, attempt atomic.Int64
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for range 1000 {
				wg.Go(func() {
					for {
						n := attempt.Add(1)
						_, err := s.ReserveOne(ctx, fmt.Sprint("buyer-", n), "flash", inventory.Line{SKU: "HOT", Warehouse: "SH", Quantity: 1})
						if err != nil {
							return // sold out (or broken: checked below)
						}
						sold.Add(1)
					}
				})
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			if sold.Load() != int64(b.N) {
				b.Fatalf("sold %d of %d units", sold.Load(), b.N)
			}
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "reservations/s")
		})
	}
}
