package eventdb_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/event"
	"github.com/fnshub/fnshub/internal/event/eventdb"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// recorder is a bus that keeps what it was sent and fails while failing is set.
type recorder struct {
	mu      sync.Mutex
	got     []event.Event
	failing bool
}

func (r *recorder) Publish(_ context.Context, evs []event.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failing {
		return errors.New("bus down")
	}
	r.got = append(r.got, evs...)
	return nil
}

func (r *recorder) ids() []int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []int64
	for _, e := range r.got {
		out = append(out, e.ID)
	}
	return out
}

var t0 = time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)

// seed writes n stock.changed rows over three levels, one transaction each.
func seed(t *testing.T, db *store.DB, n int, at time.Time) {
	t.Helper()
	for i := range n {
		p, _ := json.Marshal(map[string]any{"n": i})
		row := eventdb.Row{Topic: "stock.changed", Aggregate: fmt.Sprintf("stock:SKU-%d@WH", i%3), Payload: p, CreatedAt: at}
		if err := db.InTx(context.Background(), func(tx *store.Tx) error { return eventdb.InsertTx(context.Background(), tx, []eventdb.Row{row}) }); err != nil {
			t.Fatal(err)
		}
	}
}

func pending(t *testing.T, db *store.DB) int {
	t.Helper()
	evs, err := eventdb.New(db).Pending(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	return len(evs)
}

func TestRelay(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			t.Run("delivers oldest first and marks delivered only what every bus took", func(t *testing.T) { testDeliver(t, e.Open(t)) })
			t.Run("a failed publish leaves the batch for the next run", func(t *testing.T) { testFailure(t, e.Open(t)) })
			t.Run("one holder at a time; another takes over when the lease lapses", func(t *testing.T) { testLease(t, e.Open(t)) })
			t.Run("two nodes at once deliver every event, in order per aggregate", func(t *testing.T) { testTwoNodes(t, e.Open(t)) })
			t.Run("prunes delivered events past the retention, never undelivered ones", func(t *testing.T) { testPrune(t, e.Open(t)) })
		})
	}
}

func testDeliver(t *testing.T, db *store.DB) {
	ctx := context.Background()
	seed(t, db, 7, t0)
	a, b := &recorder{}, &recorder{}
	r := &event.Relay{Outbox: eventdb.New(db), Buses: []event.Bus{a, b}, Holder: "n1", Now: func() time.Time { return t0 }}
	n, err := r.Deliver(ctx, 5)
	if err != nil || n != 5 {
		t.Fatalf("Deliver = %d, %v; want 5", n, err)
	}
	if n, err = r.Deliver(ctx, 5); err != nil || n != 2 {
		t.Fatalf("second Deliver = %d, %v; want the 2 left", n, err)
	}
	if n, err = r.Deliver(ctx, 5); err != nil || n != 0 {
		t.Fatalf("third Deliver = %d, %v; want 0", n, err)
	}
	for _, bus := range []*recorder{a, b} {
		if got := bus.ids(); len(got) != 7 || !slices.IsSorted(got) {
			t.Fatalf("bus got %v, want 7 ids in order", got)
		}
	}
	e := a.got[0]
	if e.Topic != "stock.changed" || e.Aggregate != "stock:SKU-0@WH" || e.Version != 1 || !e.OccurredAt.Equal(t0) || string(e.Payload) != `{"n":0}` {
		t.Fatalf("first event %+v", e)
	}
}

func testFailure(t *testing.T, db *store.DB) {
	ctx := context.Background()
	seed(t, db, 3, t0)
	good, bad := &recorder{}, &recorder{failing: true}
	r := &event.Relay{Outbox: eventdb.New(db), Buses: []event.Bus{good, bad}, Holder: "n1"}
	if n, err := r.Deliver(ctx, 10); err == nil || n != 0 {
		t.Fatalf("Deliver with a bus down = %d, %v; want an error", n, err)
	}
	if got := pending(t, db); got != 3 {
		t.Fatalf("%d pending after a failed publish, want 3", got)
	}
	bad.failing = false
	if n, err := r.Deliver(ctx, 10); err != nil || n != 3 {
		t.Fatalf("Deliver after recovery = %d, %v", n, err)
	}
	// The bus that took the first attempt sees the batch again: at least once.
	if got := fmt.Sprint(good.ids()); got != fmt.Sprint(append(bad.ids(), bad.ids()...)) {
		t.Fatalf("good bus saw %s, bad bus %v", got, bad.ids())
	}
}

func testLease(t *testing.T, db *store.DB) {
	ctx := context.Background()
	now := t0
	clock := func() time.Time { return now }
	busA, busB := &recorder{}, &recorder{}
	a := &event.Relay{Outbox: eventdb.New(db), Buses: []event.Bus{busA}, Holder: "a", Lease: time.Minute, Now: clock}
	b := &event.Relay{Outbox: eventdb.New(db), Buses: []event.Bus{busB}, Holder: "b", Lease: time.Minute, Now: clock}
	seed(t, db, 2, t0)
	if n, err := a.Deliver(ctx, 10); err != nil || n != 2 {
		t.Fatalf("a: %d, %v", n, err)
	}
	seed(t, db, 2, t0)
	now = now.Add(30 * time.Second)
	if n, err := b.Deliver(ctx, 10); err != nil || n != 0 {
		t.Fatalf("b delivered %d (%v) while a held the lease", n, err)
	}
	now = now.Add(31 * time.Second) // a renewed nothing: its lease lapsed
	if n, err := b.Deliver(ctx, 10); err != nil || n != 2 {
		t.Fatalf("b after the lapse: %d, %v", n, err)
	}
	seed(t, db, 1, t0)
	if n, err := a.Deliver(ctx, 10); err != nil || n != 0 {
		t.Fatalf("a delivered %d (%v) after b took the lease", n, err)
	}
	if len(busA.ids()) != 2 || len(busB.ids()) != 2 {
		t.Fatalf("a got %v, b got %v", busA.ids(), busB.ids())
	}
}

func testTwoNodes(t *testing.T, db *store.DB) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	bus := &recorder{}
	var wg sync.WaitGroup
	for _, holder := range []string{"n1", "n2"} {
		r := &event.Relay{Outbox: eventdb.New(db), Buses: []event.Bus{bus}, Holder: holder}
		wg.Go(func() {
			for ctx.Err() == nil {
				if _, err := r.Deliver(ctx, 7); err != nil && ctx.Err() == nil {
					t.Error(err)
					return
				}
			}
		})
	}
	seed(t, db, 60, t0)
	deadline := time.Now().Add(20 * time.Second)
	for pending(t, db) > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	got := bus.ids()
	if len(got) != 60 || !slices.IsSorted(got) || slices.Compact(slices.Clone(got)) == nil || len(slices.Compact(slices.Clone(got))) != 60 {
		t.Fatalf("delivered %d events %v; want 60 distinct in id order", len(got), got)
	}
}

func testPrune(t *testing.T, db *store.DB) {
	ctx := context.Background()
	seed(t, db, 4, t0)                      // delivered below, then old enough
	seed(t, db, 2, t0.Add(40*24*time.Hour)) // delivered but recent
	now := t0.Add(40 * 24 * time.Hour)
	bus := &recorder{}
	r := &event.Relay{Outbox: eventdb.New(db), Buses: []event.Bus{bus}, Holder: "n1", Now: func() time.Time { return now }}
	if n, err := r.Deliver(ctx, 6); err != nil || n != 6 {
		t.Fatalf("Deliver = %d, %v", n, err)
	}
	seed(t, db, 1, t0) // old but never delivered
	if n, err := r.Prune(ctx, 3); err != nil || n != 3 {
		t.Fatalf("Prune = %d, %v; want a first batch of 3", n, err)
	}
	if n, err := r.Prune(ctx, 3); err != nil || n != 1 {
		t.Fatalf("Prune = %d, %v; want the last old delivered one", n, err)
	}
	var left []string
	err := db.Read(ctx, func(tx *store.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, delivered_at IS NULL FROM outbox ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var undelivered bool
			if err := rows.Scan(&id, &undelivered); err != nil {
				return err
			}
			left = append(left, fmt.Sprintf("%d:%v", id, undelivered))
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(left) != "[5:false 6:false 7:true]" {
		t.Fatalf("left %v, want the two recent delivered ones and the undelivered one", left)
	}
}

// TestRelay_LowerIDCommittedLaterIsDelivered: on PostgreSQL an identity
// value is taken at insert, so id n can commit after id n+1 was already
// delivered. The relay reads what is pending, not "after the last id", so
// n still goes out. (SQLite has one writer: its ids commit in order, and
// this interleaving cannot be built there.)
func TestRelay_LowerIDCommittedLaterIsDelivered(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		if e.Name != "postgres" {
			continue
		}
		db := e.Open(t)
		ctx := context.Background()
		row := func(agg string) []eventdb.Row {
			return []eventdb.Row{{Topic: "stock.changed", Aggregate: agg, Payload: []byte(`{}`), CreatedAt: t0}}
		}
		inserted, commit, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
		go func() {
			done <- db.InTx(ctx, func(tx *store.Tx) error {
				if err := eventdb.InsertTx(ctx, tx, row("stock:A@WH")); err != nil {
					return err
				}
				// The insert is held for the next round trip (store.Tx.Later):
				// a statement sends it, so its id is taken now.
				if _, err := tx.Exec(ctx, `SELECT 1`); err != nil {
					return err
				}
				close(inserted)
				<-commit
				return nil
			})
		}()
		<-inserted
		seed(t, db, 1, t0) // a later id, committed first
		bus := &recorder{}
		r := &event.Relay{Outbox: eventdb.New(db), Buses: []event.Bus{bus}, Holder: "n1"}
		if n, err := r.Deliver(ctx, 10); err != nil || n != 1 {
			t.Fatalf("first Deliver = %d, %v; want the committed one", n, err)
		}
		close(commit)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if n, err := r.Deliver(ctx, 10); err != nil || n != 1 {
			t.Fatalf("second Deliver = %d, %v; want the lower id that committed later", n, err)
		}
		if got := bus.ids(); len(got) != 2 || got[0] <= got[1] {
			t.Fatalf("delivered %v; want the higher id first, then the lower one", got)
		}
	}
}

// TestRelay_Drain delivers whole batches until the outbox is empty or the
// run's bound, in id order, leaving the rest to the next run.
func TestRelay_Drain(t *testing.T) {
	db := storetest.SQLite(t)
	seed(t, db, 2500, t0)
	bus := &recorder{}
	r := &event.Relay{Outbox: eventdb.New(db), Buses: []event.Bus{bus}, Holder: "n1"}
	ctx := context.Background()
	if n, err := r.Drain(ctx, 2); err != nil || n != 2000 || pending(t, db) != 500 {
		t.Fatalf("Drain(2 batches) = %d, %v with %d pending; want 2000 delivered, 500 left", n, err, pending(t, db))
	}
	if n, err := r.Drain(ctx, 20); err != nil || n != 500 || pending(t, db) != 0 {
		t.Fatalf("Drain(20 batches) = %d, %v with %d pending; want the last 500", n, err, pending(t, db))
	}
	if got := bus.ids(); len(got) != 2500 || !slices.IsSorted(got) {
		t.Fatalf("Drain delivered %d ids (sorted %v), want 2500 in order", len(got), slices.IsSorted(got))
	}
}

// TestRelay_Follow: two nodes following the outbox deliver every event,
// each once, in id order.
func TestRelay_Follow(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db := e.Open(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			bus := &recorder{}
			var wg sync.WaitGroup
			for _, holder := range []string{"n1", "n2"} {
				r := &event.Relay{Outbox: eventdb.New(db), Buses: []event.Bus{bus}, Holder: holder}
				wg.Go(func() { r.Follow(ctx, 5*time.Millisecond, func(err error) { t.Error(err) }) })
			}
			seed(t, db, 30, t0)
			for deadline := time.Now().Add(20 * time.Second); pending(t, db) > 0 && time.Now().Before(deadline); {
				time.Sleep(5 * time.Millisecond)
			}
			cancel()
			wg.Wait()
			got := bus.ids()
			if len(got) != 30 || !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != 30 {
				t.Fatalf("delivered %v; want 30 distinct events in id order", got)
			}
		})
	}
}
