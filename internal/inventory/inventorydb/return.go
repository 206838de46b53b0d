package inventorydb

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/store"
)

// ReturnTx books quantity of a shipped reservation back at the warehouse it
// left, inside the caller's transaction; the returns of one reservation
// never add up to more than it shipped. Errors: NotFound (reservation),
// Conflict (not shipped; more than shipped; key reused).
func ReturnTx(ctx context.Context, tx *store.Tx, key, reservationID string, quantity int64, at time.Time) (inventory.Level, bool, error) {
	r, ok, err := reservation(ctx, tx, reservationID)
	switch {
	case err != nil:
		return inventory.Level{}, false, err
	case !ok:
		return inventory.Level{}, false, fault.New(fault.NotFound, "reservation_not_found", "reservation %s does not exist", reservationID)
	}
	m := movement{key: key, kind: inventory.KindReturn, sku: r.SKU, warehouse: r.Warehouse, onHand: quantity, reservation: reservationID}
	prior, found, err := priorMovement(ctx, tx, key)
	switch {
	case err != nil:
		return inventory.Level{}, false, err
	case found && prior != m:
		return inventory.Level{}, false, errKeyReused(key)
	case !found:
		if err := bookReturn(ctx, tx, r, m, at); err != nil {
			return inventory.Level{}, false, err
		}
	}
	lvl, err := level(ctx, tx, r.SKU, r.Warehouse)
	return lvl, found, err
}

func bookReturn(ctx context.Context, tx *store.Tx, r inventory.Reservation, m movement, at time.Time) error {
	if r.Status != inventory.Shipped {
		return fault.New(fault.Conflict, "reservation_not_shipped", "reservation %s is %s; only shipped goods come back as returns", r.ID, r.Status)
	}
	var returned int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE(SUM(on_hand_delta), 0) FROM stock_movements WHERE reservation_id = ? AND kind = ?`,
		r.ID, inventory.KindReturn).Scan(&returned); err != nil {
		return err
	}
	if returned+m.onHand > r.Quantity {
		return fault.New(fault.Conflict, "return_exceeds_shipment", "reservation %s shipped %d and %d came back already; %d more is too many",
			r.ID, r.Quantity, returned, m.onHand)
	}
	if err := applyOnHand(ctx, tx, inventory.Line{SKU: r.SKU, Warehouse: r.Warehouse, Quantity: m.onHand}); err != nil {
		return err
	}
	return insertMovement(ctx, tx, m, at)
}
