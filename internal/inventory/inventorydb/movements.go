package inventorydb

import (
	"context"
	"database/sql"
	"fmt"
	"math"

	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/store"
)

// Movements lists the movement ledger newest first (by id, which only
// grows), filtered by SKU and warehouse, from before q.Before.
func (s *Store) Movements(ctx context.Context, q inventory.MovementQuery) ([]inventory.Movement, error) {
	before := int64(math.MaxInt64)
	if q.Before > 0 {
		before = q.Before
	}
	ms, err := store.Collect(ctx, s.db, scanMovement, `SELECT id, kind, sku, warehouse_code, on_hand_delta, reserved_delta, reservation_id, source_key, created_at
		FROM stock_movements
		WHERE (? = '' OR sku = ?) AND (? = '' OR warehouse_code = ?) AND id < ?
		ORDER BY id DESC LIMIT ?`, q.SKU, q.SKU, q.Warehouse, q.Warehouse, before, q.Limit)
	if err != nil {
		return nil, fmt.Errorf("inventorydb: movements: %w", err)
	}
	return ms, nil
}

func scanMovement(row store.Scanner) (inventory.Movement, error) {
	var m inventory.Movement
	var res sql.NullString
	var at int64
	err := row.Scan(&m.ID, &m.Kind, &m.SKU, &m.Warehouse, &m.OnHandDelta, &m.ReservedDelta, &res, &m.SourceKey, &at)
	m.Reservation, m.At = res.String, store.Time(at)
	return m, err
}
