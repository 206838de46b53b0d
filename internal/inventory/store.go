package inventory

import (
	"context"
	"time"
)

// Store persists what Service serves. Implementations live in
// inventory/inventorydb, which also holds the Tx functions use cases change
// stock with inside their own transactions. Every write takes an
// idempotency key: repeating it returns the first result (replayed=true);
// reusing it for something else is a Conflict.
type Store interface {
	// CreateWarehouse adds w. Errors: Conflict if the code exists.
	CreateWarehouse(ctx context.Context, w Warehouse) error
	// Warehouses lists warehouses by priority, then code.
	Warehouses(ctx context.Context) ([]Warehouse, error)
	// UpdateWarehouse reads a warehouse, lets change alter it and stores it,
	// in one transaction. Errors: NotFound, and change's own.
	UpdateWarehouse(ctx context.Context, code string, change func(*Warehouse) error) (Warehouse, error)
	// Transfer moves l.Quantity of l.SKU from l.Warehouse to another
	// warehouse in one transaction. Errors: NotFound (a warehouse), Conflict
	// (not that much available at the source; a reused key).
	Transfer(ctx context.Context, key string, l Line, to string, at time.Time) (from, dest Level, replayed bool, err error)
	// Levels lists every level by SKU and warehouse.
	Levels(ctx context.Context) ([]Level, error)
	// MovementSums sums the movements per SKU and warehouse, as levels.
	MovementSums(ctx context.Context) ([]Level, error)
	// HeldSums sums held reservations per SKU and warehouse, as levels
	// (Reserved only).
	HeldSums(ctx context.Context) ([]Level, error)

	// LevelsOf lists the levels of the given SKUs, by SKU and warehouse.
	LevelsOf(ctx context.Context, skus []string) ([]Level, error)
	// SafetyStocksOf lists the safety stock of those of the given SKUs
	// that have one, by SKU.
	SafetyStocksOf(ctx context.Context, skus []string) ([]SafetyStock, error)

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
	// Movements lists the movements q selects (at most q.Limit), newest
	// first.
	MovementHistory
}

// ReserveRequest asks to hold Lines for Ref under key Key, which names the
// reservations (Key#1, Key#2, …) and must be new.
type ReserveRequest struct {
	Key, Ref string
	Lines    []Line
}

// ReserveOutcome is what happened to one ReserveRequest.
type ReserveOutcome struct {
	Reservations []Reservation
	Err          error // a refusal of this request alone: Conflict (insufficient stock)
}

// Returnable is a shipped reservation and how many of its units may still
// come back.
type Returnable struct {
	Reservation
	Left int64 // shipped less returned so far
}
