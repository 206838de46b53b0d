package inventory

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/money"
)

// TxStore is what a use case (internal/app) needs of stock inside one
// transaction, bound to it by the engine side (inventorydb.Bind). Every
// write takes an idempotency key, as Store's do.
type TxStore interface {
	// Warehouses lists every warehouse.
	Warehouses(ctx context.Context) ([]Warehouse, error)
	// LockLevels returns the levels of skus in every warehouse, locked (on
	// PostgreSQL) in key order until the transaction ends, so decisions
	// made on them hold when the reservations are written.
	LockLevels(ctx context.Context, skus []string) ([]Level, error)
	// Reserve holds stock for each request, all or nothing per request;
	// a request refused alone gets ReserveOutcome.Err.
	Reserve(ctx context.Context, reqs []ReserveRequest, at time.Time) ([]ReserveOutcome, error)
	// Held lists the ids of the held reservations made for ref.
	Held(ctx context.Context, ref string) ([]string, error)
	// Resolve releases or ships held reservation id under key.
	// Errors: NotFound, Conflict (resolved otherwise; a reused key).
	Resolve(ctx context.Context, key, id string, to Status, at time.Time) (r Reservation, replayed bool, err error)
	// Return books quantity of shipped reservation id back into stock
	// under key. Errors: Invalid, NotFound, Conflict.
	Return(ctx context.Context, key, reservationID string, quantity int64, at time.Time) (Level, bool, error)
	// Returnable lists the shipped reservations of ref with units left to
	// return, in id order.
	Returnable(ctx context.Context, ref string) ([]Returnable, error)
	// Move books a receipt or an adjustment under key. Errors: Invalid,
	// NotFound (warehouse), Conflict (below reserved; a reused key).
	Move(ctx context.Context, key, kind string, l Line, at time.Time) (Level, bool, error)
	// Transfer moves l.Quantity of l.SKU from l.Warehouse to warehouse to
	// under key (Store.Transfer inside the transaction). Errors: NotFound
	// (a warehouse), Conflict (not that much available; a reused key).
	Transfer(ctx context.Context, key string, l Line, to string, at time.Time) (from, dest Level, replayed bool, err error)
	// Valuation returns sku's valuation, locked; a SKU never valued comes
	// back empty in cur.
	Valuation(ctx context.Context, sku string, cur money.Currency) (Valuation, error)
	// PutValuation stores v.
	PutValuation(ctx context.Context, v Valuation) error

	// ByRef lists every reservation made for ref, in id order.
	ByRef(ctx context.Context, ref string) ([]Reservation, error)
	// Levels lists every stock level.
	Levels(ctx context.Context) ([]Level, error)
	// Valuations lists every SKU's valuation.
	Valuations(ctx context.Context) ([]Valuation, error)
}
