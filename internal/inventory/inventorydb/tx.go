package inventorydb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/store"
)

// WarehousesTx lists warehouses inside the caller's transaction.
func WarehousesTx(ctx context.Context, tx *store.Tx) ([]inventory.Warehouse, error) {
	out, err := store.CollectTx(ctx, tx, scanWarehouse, `SELECT `+warehouseColumns)
	if err != nil {
		return nil, fmt.Errorf("inventorydb: warehouses: %w", err)
	}
	return out, nil
}

// LevelsTx returns the levels of skus in every warehouse, locked (on
// PostgreSQL) in key order until the caller's transaction ends, so the
// decisions made on them hold when the reservations are written.
func LevelsTx(ctx context.Context, tx *store.Tx, skus []string) ([]inventory.Level, error) {
	return levelsIn(ctx, tx, skus, tx.Dialect().ForUpdate())
}

// levelsIn reads the levels of skus, 500 SKUs a query, each query ending
// in suffix (a lock clause, or none).
func levelsIn(ctx context.Context, tx *store.Tx, skus []string, suffix string) ([]inventory.Level, error) {
	var out []inventory.Level
	for len(skus) > 0 {
		n := min(len(skus), 500)
		args := make([]any, n)
		for i, s := range skus[:n] {
			args[i] = s
		}
		in, padded := store.InList(args)
		rows, err := tx.Query(ctx, `SELECT sku, warehouse_code, on_hand, reserved FROM stock_levels WHERE sku IN (`+
			in+`) ORDER BY sku, warehouse_code`+suffix, padded...)
		if err != nil {
			return nil, fmt.Errorf("inventorydb: levels: %w", err)
		}
		for rows.Next() {
			l, err := scanLevel(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, l)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return nil, err
		}
		skus = skus[n:]
	}
	return out, nil
}

// HeldTx lists the held reservations made for ref.
func HeldTx(ctx context.Context, tx *store.Tx, ref string) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT id FROM reservations WHERE ref = ? AND status = 'held' ORDER BY id`, ref)
	if err != nil {
		return nil, fmt.Errorf("inventorydb: held reservations of %s: %w", ref, err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// ByRef lists every reservation made for ref, in id order.
func (s *Store) ByRef(ctx context.Context, ref string) (rs []inventory.Reservation, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { rs, err = byRef(ctx, tx, ref); return err })
	return rs, err
}

func byRef(ctx context.Context, tx *store.Tx, ref string) ([]inventory.Reservation, error) {
	return store.CollectTx(ctx, tx, func(row store.Scanner) (inventory.Reservation, error) {
		var r inventory.Reservation
		var created int64
		var resolved sql.NullInt64
		err := row.Scan(&r.ID, &r.Ref, &r.SKU, &r.Warehouse, &r.Quantity, &r.Status, &created, &resolved)
		r.CreatedAt, r.ResolvedAt = store.Time(created), store.Time(resolved.Int64)
		return r, err
	}, `SELECT id, ref, sku, warehouse_code, quantity, status, created_at, resolved_at FROM reservations WHERE ref = ? ORDER BY id`, ref)
}
