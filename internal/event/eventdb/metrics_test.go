package eventdb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/event"
	"github.com/fnshub/fnshub/internal/event/eventdb"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// The backlog gauges follow the outbox: the count and the oldest event's
// age while events wait, zero once the relay delivered them.
func TestMetrics_Backlog(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			db := e.Open(t)
			now := t0.Add(90 * time.Second)
			m := eventdb.NewMetrics(db, func() time.Time { return now })
			want := func(pending, age string) {
				t.Helper()
				exp := "# HELP fnshub_outbox_oldest_pending_seconds Age of the oldest undelivered event; 0 when none waits.\n" +
					"# TYPE fnshub_outbox_oldest_pending_seconds gauge\nfnshub_outbox_oldest_pending_seconds " + age + "\n" +
					"# HELP fnshub_outbox_pending Events in the outbox not yet delivered by the relay.\n" +
					"# TYPE fnshub_outbox_pending gauge\nfnshub_outbox_pending " + pending + "\n"
				if err := testutil.CollectAndCompare(m, strings.NewReader(exp)); err != nil {
					t.Fatal(err)
				}
			}
			want("0", "0")
			seed(t, db, 3, t0)
			seed(t, db, 2, t0.Add(time.Minute))
			want("5", "90")
			r := &event.Relay{Outbox: eventdb.New(db), Buses: []event.Bus{&recorder{}}, Holder: "n1"}
			if n, err := r.Deliver(context.Background(), 3); err != nil || n != 3 {
				t.Fatalf("Deliver = %d, %v", n, err)
			}
			want("2", "30")
			if _, err := r.Deliver(context.Background(), 10); err != nil {
				t.Fatal(err)
			}
			want("0", "0")
		})
	}
}
