package inventory

import (
	"context"
	"time"
)

// Store persists stock. Implementations live in inventory/inventorydb.
// Every write takes an idempotency key: repeating it returns the first
// result (replayed=true); reusing it for something else is a Conflict.
type Store interface {
	// CreateWarehouse adds w. Errors: Conflict if the code exists.
	CreateWarehouse(ctx context.Context, w Warehouse) error
	// Warehouses lists warehouses by priority, then code.
	Warehouses(ctx context.Context) ([]Warehouse, error)
	// UpdateWarehouse reads a warehouse, lets change alter it and stores it,
	// in one transaction. Errors: NotFound, and change's own.
	UpdateWarehouse(ctx context.Context, code string, change func(*Warehouse) error) (Warehouse, error)
	// Move applies a receipt (Quantity > 0) or an adjustment (either sign)
	// and returns the new level. Errors: NotFound (warehouse), Conflict
	// (an adjustment below what is reserved or below zero; a reused key).
	Move(ctx context.Context, key, kind string, l Line, at time.Time) (lvl Level, replayed bool, err error)
	// Transfer moves l.Quantity of l.SKU from l.Warehouse to another
	// warehouse in one transaction. Errors: NotFound (a warehouse), Conflict
	// (not that much available at the source; a reused key).
	Transfer(ctx context.Context, key string, l Line, to string, at time.Time) (from, dest Level, replayed bool, err error)
	// Reserve runs the requests in one transaction, in order. Each holds all
	// its lines or none; one that fails on its own (insufficient stock, a
	// reused key: Conflict) reports it in its outcome without failing the
	// others. The returned error means nothing was written.
	Reserve(ctx context.Context, reqs []ReserveRequest, at time.Time) ([]ReserveOutcome, error)
	// Resolve moves a held reservation to Released or Shipped, once.
	// Errors: NotFound, Conflict (already resolved otherwise).
	Resolve(ctx context.Context, key, id string, to Status, at time.Time) (r Reservation, replayed bool, err error)
	// Return books quantity of a shipped reservation back into on-hand stock
	// at the warehouse it left. Errors: NotFound (reservation), Conflict (not
	// shipped; more returned than shipped; a reused key).
	Return(ctx context.Context, key, reservationID string, quantity int64, at time.Time) (lvl Level, replayed bool, err error)
	// Levels lists every level by SKU and warehouse.
	Levels(ctx context.Context) ([]Level, error)
	// MovementSums sums the movements per SKU and warehouse, as levels.
	MovementSums(ctx context.Context) ([]Level, error)
	// HeldSums sums held reservations per SKU and warehouse, as levels
	// (Reserved only).
	HeldSums(ctx context.Context) ([]Level, error)

	// Sellable sums on hand − reserved per SKU over the active warehouses.
	Sellable(ctx context.Context) (map[string]int64, error)
	// SafetyStocks lists safety stock by SKU.
	SafetyStocks(ctx context.Context) ([]SafetyStock, error)
	// PutSafetyStock sets a SKU's safety stock, replacing the one before.
	PutSafetyStock(ctx context.Context, ss SafetyStock) error
	// Rules lists the shops' publishing rules by shop, then SKU.
	Rules(ctx context.Context) ([]Rule, error)
	// PutRule saves r, replacing the rule of the same shop and SKU.
	PutRule(ctx context.Context, r Rule) error
	// DeleteRule removes the rule of shop and sku. Errors: NotFound.
	DeleteRule(ctx context.Context, shop, sku string) error
}

// ReserveRequest asks to hold Lines for Ref under idempotency key Key.
type ReserveRequest struct {
	Key, Ref string
	Lines    []Line
}

// ReserveOutcome is what happened to one ReserveRequest.
type ReserveOutcome struct {
	Reservations []Reservation
	Replayed     bool
	Err          error
}
