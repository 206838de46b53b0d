package inventorydb

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/store"
)

// MoveTx applies a receipt (Quantity > 0) or an adjustment (either sign)
// to on-hand stock inside the caller's transaction and returns the new
// level; repeating key replays (replayed=true). Errors: NotFound
// (warehouse), Conflict (a decrease below what is reserved or below zero;
// key reused for another change).
func MoveTx(ctx context.Context, tx *store.Tx, key, kind string, l inventory.Line, at time.Time) (inventory.Level, bool, error) {
	want := movement{key: key, kind: kind, sku: l.SKU, warehouse: l.Warehouse, onHand: l.Quantity}
	prior, found, err := priorMovement(ctx, tx, key)
	switch {
	case err != nil:
		return inventory.Level{}, false, err
	case found && prior != want:
		return inventory.Level{}, false, errKeyReused(key)
	case !found:
		if err := applyOnHand(ctx, tx, l); err != nil {
			return inventory.Level{}, false, err
		}
		if err := insertMovement(ctx, tx, want, at); err != nil {
			return inventory.Level{}, false, err
		}
	}
	lvl, err := level(ctx, tx, l.SKU, l.Warehouse)
	return lvl, found, err
}

// applyOnHand adds l.Quantity to on-hand. A decrease is one conditional
// update that cannot take on-hand below what is reserved.
func applyOnHand(ctx context.Context, tx *store.Tx, l inventory.Line) error {
	var exists int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM warehouses WHERE code = ?`, l.Warehouse).Scan(&exists); err != nil {
		return err
	}
	if exists == 0 {
		return fault.New(fault.NotFound, "warehouse_not_found", "warehouse %s does not exist", l.Warehouse)
	}
	if l.Quantity > 0 {
		_, err := tx.Exec(ctx, `INSERT INTO stock_levels (sku, warehouse_code, on_hand, reserved) VALUES (?, ?, ?, 0)
			ON CONFLICT (sku, warehouse_code) DO UPDATE SET on_hand = stock_levels.on_hand + excluded.on_hand`, l.SKU, l.Warehouse, l.Quantity)
		return err
	}
	res, err := tx.Exec(ctx, `UPDATE stock_levels SET on_hand = on_hand + ? WHERE sku = ? AND warehouse_code = ? AND on_hand + ? >= reserved`,
		l.Quantity, l.SKU, l.Warehouse, l.Quantity)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fault.New(fault.Conflict, "stock_below_reserved",
			"removing %d of %s from %s would leave less than is reserved (or below zero)", -l.Quantity, l.SKU, l.Warehouse)
	}
	return nil
}
