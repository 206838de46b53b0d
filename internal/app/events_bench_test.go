package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/event"
	"github.com/fnshub/fnshub/internal/event/eventdb"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// BenchmarkIngestWithRelay is BenchmarkIngest's p64/dup0 with the outbox
// relay running beside it, as serve runs it, to an in-process bus: what
// marking events delivered costs the one writer. "events/s" is what the
// relay delivered while ingestion ran.
//
//	go test ./internal/app -run '^$' -bench IngestWithRelay -benchtime 20000x
func BenchmarkIngestWithRelay(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			var relay *event.Relay
			open := func(t testing.TB) *store.DB {
				db := e.Open(t)
				relay = &event.Relay{Outbox: eventdb.New(db), Buses: []event.Bus{event.NewLocal()}, Holder: "bench"}
				return db
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var delivered int
			done := make(chan struct{})
			var start time.Time
			started := func() {
				start = time.Now()
				go func() {
					defer close(done)
					for ctx.Err() == nil {
						n, err := relay.Deliver(ctx, 1000)
						if err != nil && ctx.Err() == nil {
							b.Error(err)
							return
						}
						delivered += n
						if n < 1000 {
							time.Sleep(time.Millisecond)
						}
					}
				}()
			}
			benchIngestHook(b, open, 64, 0, started)
			elapsed := time.Since(start)
			cancel()
			<-done
			b.ReportMetric(float64(delivered)/elapsed.Seconds(), "events/s")
		})
	}
}
