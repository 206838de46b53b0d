package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/order/orderdb"
	"github.com/fnshub/fnshub/internal/store"
)

// ExerciseIDs runs the contract of order and raw event ids taken from the
// engine (orderdb.NextIDs, migration 00017, docs/adr/0026): ascending and
// never handed out twice, however many transactions take them at once; on
// PostgreSQL without waiting for another transaction; after the migration,
// continuing past the highest id.
func ExerciseIDs(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("concurrent transactions never get the same id", func(t *testing.T) {
		t.Parallel()
		db := open(t)
		const workers, rounds, per = 8, 10, 5
		var mu sync.Mutex
		seen := map[int64]bool{}
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for r := range rounds {
					err := db.InTx(ctx, func(tx *store.Tx) error {
						ids, err := orderdb.NextIDs(ctx, tx, "raw_events", per)
						if err != nil {
							return err
						}
						if len(ids) != per {
							return fmt.Errorf("%d ids, want %d", len(ids), per)
						}
						for i := 1; i < len(ids); i++ {
							if ids[i] <= ids[i-1] {
								return fmt.Errorf("ids %v not ascending", ids)
							}
						}
						evs := make([]order.RawEvent, len(ids))
						for i, id := range ids {
							evs[i] = order.RawEvent{ID: id, Source: fmt.Sprintf("w%d-%d", w, r), ReceivedAt: at(1), Body: []byte("{}")}
						}
						if err := orderdb.InsertRawEvents(ctx, tx, evs); err != nil {
							return err
						}
						mu.Lock()
						defer mu.Unlock()
						for _, id := range ids {
							if seen[id] {
								return fmt.Errorf("raw event id %d handed out twice", id)
							}
							seen[id] = true
						}
						return nil
					})
					if err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	})
	t.Run("one transaction's store hands out ids it has not stored yet only once", func(t *testing.T) {
		t.Parallel()
		db := open(t)
		must(t, db.InTx(ctx, func(tx *store.Tx) error {
			s := orderdb.Bind(tx)
			a, err := s.NextIDs(ctx, "orders", 3)
			if err != nil {
				return err
			}
			b, err := s.NextIDs(ctx, "orders", 2)
			if err != nil {
				return err
			}
			if len(a) != 3 || len(b) != 2 || b[0] <= a[2] {
				return fmt.Errorf("ids %v then %v in one transaction, want the second all above the first", a, b)
			}
			return nil
		}))
		err := db.InTx(ctx, func(tx *store.Tx) error { _, err := orderdb.NextIDs(ctx, tx, "order_lines", 1); return err })
		if err == nil {
			t.Fatal("ids for order_lines: want an error, there is no such id")
		}
	})
	t.Run("on PostgreSQL taking ids waits for no other transaction", func(t *testing.T) {
		t.Parallel()
		db := open(t)
		if db.Engine() != store.Postgres {
			// SQLite's one writer holds the whole database (ADR 26): a
			// second writer waits by design, so there is nothing to check.
			return
		}
		holding, release := make(chan struct{}), make(chan struct{})
		done := make(chan error, 1)
		go func() {
			done <- db.InTx(ctx, func(tx *store.Tx) error {
				if _, err := orderdb.NextIDs(ctx, tx, "orders", 2); err != nil {
					return err
				}
				close(holding)
				<-release
				return nil
			})
		}()
		select {
		case <-holding:
		case err := <-done:
			t.Fatalf("the holding transaction ended early: %v", err)
		}
		short, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		err := db.InTx(short, func(tx *store.Tx) error { _, err := orderdb.NextIDs(short, tx, "orders", 2); return err })
		close(release)
		must(t, err)
		must(t, <-done)
	})
	t.Run("migration 00017 continues after the highest id, and its down keeps them", func(t *testing.T) {
		t.Parallel()
		db := open(t)
		recs := []*order.Record{newOrder("web", "S1", "m1", 1), newOrder("web", "S1", "m2", 2), newOrder("web", "S1", "m3", 1)}
		insertOrders(t, db, recs...)
		stored := int64(recs[2].ID)
		var handed []int64 // taken and committed but never stored
		must(t, db.InTx(ctx, func(tx *store.Tx) (err error) { handed, err = orderdb.NextIDs(ctx, tx, "orders", 4); return err }))
		must(t, db.MigrateDownTo(ctx, 16))
		var last int64
		must(t, db.Read(ctx, func(tx *store.Tx) error {
			return tx.QueryRow(ctx, `SELECT last FROM id_counters WHERE name = 'orders'`).Scan(&last)
		}))
		if last < stored {
			t.Fatalf("down: id_counters orders at %d, below the highest stored id %d", last, stored)
		}
		if db.Engine() == store.Postgres && last < handed[3] {
			t.Fatalf("down: id_counters orders at %d, below the highest id the sequence handed out, %d", last, handed[3])
		}
		// Ids the counter handed out before the migration: on PostgreSQL
		// the sequence starts after them; SQLite starts after the highest
		// stored, as an id never stored is held by nothing.
		must(t, db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, `UPDATE id_counters SET last = last + 10 WHERE name = 'raw_events'`)
			return err
		}))
		var rawLast int64
		must(t, db.Read(ctx, func(tx *store.Tx) error {
			return tx.QueryRow(ctx, `SELECT last FROM id_counters WHERE name = 'raw_events'`).Scan(&rawLast)
		}))
		_, err := db.Migrate(ctx)
		must(t, err)
		var next, rawNext []int64
		must(t, db.InTx(ctx, func(tx *store.Tx) (err error) {
			if next, err = orderdb.NextIDs(ctx, tx, "orders", 1); err != nil {
				return err
			}
			rawNext, err = orderdb.NextIDs(ctx, tx, "raw_events", 1)
			return err
		}))
		if next[0] <= last || next[0] <= stored {
			t.Fatalf("up: next order id %d, want above the counter %d and the highest stored %d", next[0], last, stored)
		}
		rawStored := recs[2].RawEventID
		switch {
		case rawNext[0] <= rawStored:
			t.Fatalf("up: next raw event id %d, want above the highest stored %d", rawNext[0], rawStored)
		case db.Engine() == store.Postgres && rawNext[0] <= rawLast:
			t.Fatalf("up: next raw event id %d, want above the counter %d", rawNext[0], rawLast)
		}
		insertOrders(t, db, newOrder("web", "S1", "m4", 1))
	})
}
