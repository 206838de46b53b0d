package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/inventory/inventorydb"
	"github.com/fnshub/fnshub/internal/store"
)

// ExerciseStockRetry holds inventorydb.InTx to its promise: a stock change
// runs a second time only when a same-key twin committed meanwhile, which
// the second run then replays; every other failure is returned after one.
func ExerciseStockRetry(t *testing.T, open Opener) {
	ctx := context.Background()
	sh := func(q int64) inventory.Line { return inventory.Line{SKU: "SKU-1", Warehouse: "SH", Quantity: q} }
	// runs counts the runs of a stock change under key whose first run
	// fails with first (run after the change's own statements, if any).
	runs := func(db *store.DB, key string, first func(*store.Tx) error, change func(*store.Tx) error) (int, error) {
		n := 0
		err := inventorydb.InTx(ctx, db, key, func(tx *store.Tx) error {
			n++
			if err := change(tx); err != nil || n > 1 {
				return err
			}
			return first(tx)
		})
		return n, err
	}
	noop := func(*store.Tx) error { return nil }
	t.Run("a twin that committed the key meanwhile is run again, and replayed", func(t *testing.T) {
		t.Parallel()
		s, db := NewInventory(t, open) // po-1 is committed: the twin
		var replayed bool
		n, err := runs(db, "po-1", func(*store.Tx) error {
			return fault.New(fault.Conflict, "stock_below_reserved", "what a twin's committed decrease causes")
		}, func(tx *store.Tx) (err error) {
			_, replayed, err = inventorydb.MoveTx(ctx, tx, "po-1", inventory.KindReceipt, sh(100), time.Now())
			return err
		})
		if err != nil || n != 2 || !replayed {
			t.Fatalf("runs %d, replayed %v, err %v: want a second run that replays", n, replayed, err)
		}
		n, err = runs(db, "po-1", func(tx *store.Tx) error { // the key's own unique index
			_, err := tx.Exec(ctx, `INSERT INTO stock_movements (source_key, kind, sku, warehouse_code, on_hand_delta, reserved_delta, created_at)
				VALUES ('po-1', 'receipt', 'SKU-1', 'SH', 100, 0, 1)`)
			return err
		}, noop)
		if err != nil || n != 2 {
			t.Fatalf("after a unique violation on the key: runs %d, err %v; want 2 and success", n, err)
		}
		assertLevel(t, s, 100, 0)
	})
	t.Run("a key reused with another body is refused after one run", func(t *testing.T) {
		t.Parallel()
		_, db := NewInventory(t, open)
		n, err := runs(db, "po-1", noop, func(tx *store.Tx) error {
			_, _, err := inventorydb.MoveTx(ctx, tx, "po-1", inventory.KindReceipt, sh(99), time.Now())
			return err
		})
		wantKind(t, err, fault.Conflict)
		if n != 1 {
			t.Fatalf("a reused key ran %d times, want once", n)
		}
	})
	t.Run("a conflict without a twin, or another unique violation, is returned after one run", func(t *testing.T) {
		t.Parallel()
		_, db := NewInventory(t, open)
		n, err := runs(db, "count-1", noop, func(tx *store.Tx) error {
			_, _, err := inventorydb.MoveTx(ctx, tx, "count-1", inventory.KindAdjustment, sh(-101), time.Now())
			return err
		})
		wantKind(t, err, fault.Conflict)
		if n != 1 {
			t.Fatalf("a decrease below zero ran %d times, want once", n)
		}
		n, err = runs(db, "wh-1", func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO warehouses (code, name, province, priority, active, created_at) VALUES ('SH', 'again', '', 0, 1, 0)`)
			return err
		}, noop)
		if !db.UniqueViolation(err) || n != 1 {
			t.Fatalf("a unique violation not on the key: runs %d, err %v; want one run and the violation", n, err)
		}
	})
	t.Run("racing same-key twins of a decrease to zero all answer: one applies, the rest replay", func(t *testing.T) {
		t.Parallel()
		s, _ := NewInventory(t, open)
		const twins = 8
		replays := make([]bool, twins)
		ok := FlashSale(twins, func(i int) (err error) {
			_, replays[i], err = s.Adjust(ctx, "count-all", sh(-100))
			if err != nil {
				err = fmt.Errorf("twin %d: %w", i, err)
				t.Error(err)
			}
			return err
		})
		applied := 0
		for _, r := range replays {
			if !r {
				applied++
			}
		}
		if ok != twins || applied != 1 {
			t.Fatalf("%d of %d twins answered, %d applied; want all, one", ok, twins, applied)
		}
		assertLevel(t, s, 0, 0)
		assertStockChecks(t, s)
	})
}
