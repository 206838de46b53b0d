package eventdb_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/event"
	"github.com/fnshub/fnshub/internal/event/eventdb"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// BenchmarkRelay measures how many events a second one relay moves from
// the outbox to a bus that takes them at once (local) and to NATS
// JetStream (nats), in batches of 500: scan, publish, mark delivered.
//
//	go test ./internal/event/eventdb -run '^$' -bench Relay -benchtime 20000x
func BenchmarkRelay(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		for _, to := range []string{"local", "nats"} {
			b.Run(e.Name+"/"+to, func(b *testing.B) {
				db := e.Open(b)
				bus := event.Bus(event.NewLocal())
				if to == "nats" {
					bus = benchNATS(b)
				}
				rows := make([]eventdb.Row, b.N)
				for i := range rows {
					rows[i] = eventdb.Row{Topic: "stock.changed", Aggregate: fmt.Sprintf("stock:SKU-%d@SH", i%100),
						Payload: []byte(`{"sku":"SKU-1","warehouse":"SH","on_hand":10,"reserved":1,"available":9}`), CreatedAt: t0}
				}
				if err := db.InTx(context.Background(), func(tx *store.Tx) error { return eventdb.InsertTx(context.Background(), tx, rows) }); err != nil {
					b.Fatal(err)
				}
				r := &event.Relay{Outbox: eventdb.New(db), Buses: []event.Bus{bus}, Holder: "bench"}
				b.ResetTimer()
				start := time.Now()
				for done := 0; done < b.N; {
					n, err := r.Deliver(context.Background(), 500)
					if err != nil {
						b.Fatal(err)
					}
					done += n
				}
				b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
			})
		}
	}
}

func benchNATS(b *testing.B) *event.NATS {
	url := os.Getenv("FNSHUB_TEST_NATS_URL")
	if url == "" {
		url = "nats://127.0.0.1:4222"
	}
	name := fmt.Sprintf("B%d", time.Now().UnixNano())
	bus, err := event.OpenNATS(context.Background(), event.NATSConfig{URL: url, Stream: "FNSHUB_" + name, Prefix: "fnshubbench." + name})
	if err != nil {
		b.Fatalf("NATS with JetStream must run at %s: %v", url, err)
	}
	b.Cleanup(func() {
		_ = bus.JetStream().DeleteStream(context.Background(), "FNSHUB_"+name)
		_ = bus.Close()
	})
	return bus
}
