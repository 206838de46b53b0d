package inventorydb

import (
	"context"
	"fmt"

	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/store"
)

// LevelsOf lists the levels of skus in every warehouse, by SKU and
// warehouse, as of one snapshot.
func (s *Store) LevelsOf(ctx context.Context, skus []string) (ls []inventory.Level, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { ls, err = levelsIn(ctx, tx, skus, ""); return err })
	return ls, err
}

// SafetyStocksOf lists the safety stock of those of skus that have one,
// by SKU.
func (s *Store) SafetyStocksOf(ctx context.Context, skus []string) ([]inventory.SafetyStock, error) {
	var out []inventory.SafetyStock
	err := s.db.Read(ctx, func(tx *store.Tx) error {
		for rest := skus; len(rest) > 0; {
			n := min(len(rest), 500)
			args := make([]any, n)
			for i, sku := range rest[:n] {
				args[i] = sku
			}
			in, padded := store.InList(args)
			got, err := store.CollectTx(ctx, tx, scanSafetyStock, `SELECT sku, quantity, updated_at FROM safety_stock WHERE sku IN (`+in+`) ORDER BY sku`, padded...)
			if err != nil {
				return err
			}
			out, rest = append(out, got...), rest[n:]
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("inventorydb: safety stock of %d SKUs: %w", len(skus), err)
	}
	return out, nil
}

func scanSafetyStock(row store.Scanner) (inventory.SafetyStock, error) {
	var ss inventory.SafetyStock
	var at int64
	err := row.Scan(&ss.SKU, &ss.Quantity, &at)
	ss.UpdatedAt = store.Time(at)
	return ss, err
}
