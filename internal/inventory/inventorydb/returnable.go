package inventorydb

import (
	"context"
	"fmt"

	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/store"
)

// ReturnableTx lists the shipped reservations of ref with units left to
// return, in id order, inside the caller's transaction.
func ReturnableTx(ctx context.Context, tx *store.Tx, ref string) ([]inventory.Returnable, error) {
	rows, err := tx.Query(ctx, `SELECT r.id, r.sku, r.warehouse_code, r.quantity - COALESCE(SUM(m.on_hand_delta), 0)
		FROM reservations r LEFT JOIN stock_movements m ON m.reservation_id = r.id AND m.kind = ?
		WHERE r.ref = ? AND r.status = ? GROUP BY r.id, r.sku, r.warehouse_code, r.quantity ORDER BY r.id`,
		inventory.KindReturn, ref, inventory.Shipped)
	if err != nil {
		return nil, fmt.Errorf("inventorydb: returnable shipments of %s: %w", ref, err)
	}
	defer rows.Close()
	var out []inventory.Returnable
	for rows.Next() {
		r := inventory.Returnable{Reservation: inventory.Reservation{Ref: ref, Status: inventory.Shipped}}
		if err := rows.Scan(&r.ID, &r.SKU, &r.Warehouse, &r.Left); err != nil {
			return nil, err
		}
		if r.Left > 0 {
			out = append(out, r)
		}
	}
	return out, rows.Err()
}
