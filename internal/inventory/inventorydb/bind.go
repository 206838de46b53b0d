package inventorydb

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/store"
)

// Bind returns the inventory.TxStore that runs every call in tx, so a use
// case's stock changes commit with the rest of its transaction.
func Bind(tx *store.Tx) inventory.TxStore { return bound{tx} }

type bound struct{ tx *store.Tx }

func (b bound) Warehouses(ctx context.Context) ([]inventory.Warehouse, error) {
	return WarehousesTx(ctx, b.tx)
}

func (b bound) LockLevels(ctx context.Context, skus []string) ([]inventory.Level, error) {
	return LevelsTx(ctx, b.tx, skus)
}

func (b bound) Reserve(ctx context.Context, reqs []inventory.ReserveRequest, at time.Time) ([]inventory.ReserveOutcome, error) {
	return ReserveTx(ctx, b.tx, reqs, at)
}

func (b bound) Held(ctx context.Context, ref string) ([]string, error) { return HeldTx(ctx, b.tx, ref) }

func (b bound) Resolve(ctx context.Context, key, id string, to inventory.Status, at time.Time) (inventory.Reservation, bool, error) {
	return ResolveTx(ctx, b.tx, key, id, to, at)
}

func (b bound) Return(ctx context.Context, key, reservationID string, quantity int64, at time.Time) (inventory.Level, bool, error) {
	return ReturnTx(ctx, b.tx, key, reservationID, quantity, at)
}

func (b bound) Returnable(ctx context.Context, ref string) ([]inventory.Returnable, error) {
	return ReturnableTx(ctx, b.tx, ref)
}

func (b bound) Move(ctx context.Context, key, kind string, l inventory.Line, at time.Time) (inventory.Level, bool, error) {
	return MoveTx(ctx, b.tx, key, kind, l, at)
}

func (b bound) Transfer(ctx context.Context, key string, l inventory.Line, to string, at time.Time) (inventory.Level, inventory.Level, bool, error) {
	return TransferTx(ctx, b.tx, key, l, to, at)
}

func (b bound) Valuation(ctx context.Context, sku string, cur money.Currency) (inventory.Valuation, error) {
	return ValuationTx(ctx, b.tx, sku, cur)
}

func (b bound) PutValuation(ctx context.Context, v inventory.Valuation) error {
	return PutValuationTx(ctx, b.tx, v)
}

func (b bound) ByRef(ctx context.Context, ref string) ([]inventory.Reservation, error) {
	return byRef(ctx, b.tx, ref)
}

func (b bound) Levels(ctx context.Context) ([]inventory.Level, error) { return levels(ctx, b.tx) }

func (b bound) Valuations(ctx context.Context) ([]inventory.Valuation, error) {
	return valuations(ctx, b.tx)
}
