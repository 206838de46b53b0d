package storetest

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/store"
)

// FlashSale starts buyers goroutines at once, each calling buy once, and
// returns how many succeeded. Buyers refused for want of stock do not count.
func FlashSale(buyers int, buy func(i int) error) int64 {
	var sold atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range buyers {
		wg.Go(func() {
			<-start
			if err := buy(i); err == nil {
				sold.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	return sold.Load()
}

// naiveReserve is the bug the flash-sale test must catch: it reads what is
// available, decides in Go, then writes back an absolute value. Between the
// read and the write other buyers do the same, and updates are lost.
func naiveReserve(db *store.DB, sku, wh string) error {
	ctx := context.Background()
	var onHand, reserved int64
	err := db.Read(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, `SELECT on_hand, reserved FROM stock_levels WHERE sku = ? AND warehouse_code = ?`, sku, wh).Scan(&onHand, &reserved)
	})
	if err != nil {
		return err
	}
	if onHand-reserved < 1 {
		return fault.New(fault.Conflict, "insufficient_stock", "sold out")
	}
	return db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE stock_levels SET reserved = ? WHERE sku = ? AND warehouse_code = ?`, reserved+1, sku, wh)
		return err
	})
}

func assertLevel(t interface {
	Helper()
	Fatalf(string, ...any)
}, s *Stock, onHand, reserved int64) {
	t.Helper()
	ls, err := s.Levels(context.Background())
	if err != nil || len(ls) != 1 || ls[0].OnHand != onHand || ls[0].Reserved != reserved {
		t.Fatalf("levels = %+v (%v), want on hand %d reserved %d", ls, err, onHand, reserved)
	}
}

func assertStockChecks(t interface {
	Helper()
	Fatalf(string, ...any)
}, s *Stock) {
	t.Helper()
	_, problems, err := s.Check(context.Background())
	if err != nil || len(problems) > 0 {
		t.Fatalf("stock invariants: %v %v", problems, err)
	}
}
