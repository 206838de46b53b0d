package inventorydb

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/store"
)

// ResolveTx releases or ships a held reservation inside the caller's
// transaction. The status moves with a conditional UPDATE (WHERE status =
// 'held'), so of two racing resolutions exactly one takes effect; repeating
// key replays. Errors: NotFound, Conflict (resolved otherwise; key reused).
func ResolveTx(ctx context.Context, tx *store.Tx, key, id string, to inventory.Status, at time.Time) (r inventory.Reservation, replayed bool, err error) {
	kind := inventory.KindRelease
	if to == inventory.Shipped {
		kind = inventory.KindShipment
	}
	prior, found, err := priorMovement(ctx, tx, key)
	if err != nil {
		return r, false, err
	}
	if found && (prior.kind != kind || prior.reservation != id) {
		return r, false, errKeyReused(key)
	}
	if !found {
		if err := resolveHeld(ctx, tx, key, id, kind, to, at); err != nil {
			return r, false, err
		}
	}
	r, ok, err := reservation(ctx, tx, id)
	if err == nil && !ok {
		err = fault.New(fault.NotFound, "reservation_not_found", "reservation %s does not exist", id)
	}
	return r, found, err
}

const codeResolved = "reservation_resolved"

func resolveHeld(ctx context.Context, tx *store.Tx, key, id, kind string, to inventory.Status, at time.Time) error {
	cur, found, err := reservation(ctx, tx, id)
	switch {
	case err != nil:
		return err
	case !found:
		return fault.New(fault.NotFound, "reservation_not_found", "reservation %s does not exist", id)
	case cur.Status != inventory.Held:
		return fault.New(fault.Conflict, codeResolved, "reservation %s is already %s", id, cur.Status)
	}
	res, err := tx.Exec(ctx, `UPDATE reservations SET status = ?, resolved_at = ? WHERE id = ? AND status = 'held'`, string(to), store.Micros(at), id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fault.New(fault.Conflict, codeResolved, "reservation %s was resolved meanwhile", id)
	}
	m := movement{key: key, kind: kind, sku: cur.SKU, warehouse: cur.Warehouse, reserved: -cur.Quantity, reservation: id}
	if to == inventory.Shipped {
		m.onHand = -cur.Quantity
	}
	if _, err := tx.Exec(ctx, `UPDATE stock_levels SET on_hand = on_hand + ?, reserved = reserved + ? WHERE sku = ? AND warehouse_code = ?`,
		m.onHand, m.reserved, m.sku, m.warehouse); err != nil {
		return err
	}
	return insertMovement(ctx, tx, m, at)
}

func reservation(ctx context.Context, tx *store.Tx, id string) (inventory.Reservation, bool, error) {
	var r inventory.Reservation
	var created int64
	var resolved sql.NullInt64
	err := tx.QueryRow(ctx, `SELECT id, ref, sku, warehouse_code, quantity, status, created_at, resolved_at FROM reservations WHERE id = ?`, id).
		Scan(&r.ID, &r.Ref, &r.SKU, &r.Warehouse, &r.Quantity, &r.Status, &created, &resolved)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	r.CreatedAt, r.ResolvedAt = store.Time(created), store.Time(resolved.Int64)
	return r, err == nil, err
}
