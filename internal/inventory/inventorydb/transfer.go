package inventorydb

import (
	"context"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/store"
)

// Transfer takes stock out of one warehouse and into another in one
// transaction: two movements under key+"#out" and key+"#in". The source
// side is the guarded decrease of applyOnHand, so only available (not
// reserved) stock can leave.
func (s *Store) Transfer(ctx context.Context, key string, l inventory.Line, to string, at time.Time) (from, dest inventory.Level, replayed bool, err error) {
	err = InTx(ctx, s.db, key+"#out", func(tx *store.Tx) error {
		from, dest, replayed, err = TransferTx(ctx, tx, key, l, to, at)
		return err
	})
	return from, dest, replayed, err
}

// TransferTx is Transfer inside the caller's transaction (app.Stock, when
// the transfer also posts to the books). The key's movements are
// key+"#out" and key+"#in"; a repeat replays.
func TransferTx(ctx context.Context, tx *store.Tx, key string, l inventory.Line, to string, at time.Time) (from, dest inventory.Level, replayed bool, err error) {
	out := movement{key: key + "#out", kind: inventory.KindTransferOut, sku: l.SKU, warehouse: l.Warehouse, onHand: -l.Quantity}
	in := movement{key: key + "#in", kind: inventory.KindTransferIn, sku: l.SKU, warehouse: to, onHand: l.Quantity}
	err = func() error {
		prior, found, err := priorMovement(ctx, tx, out.key)
		switch {
		case err != nil:
			return err
		case found && prior != out:
			return errKeyReused(key)
		case !found:
			if err := transfer(ctx, tx, l, to, out, in, at); err != nil {
				return err
			}
		}
		replayed = found
		if from, err = level(ctx, tx, l.SKU, l.Warehouse); err != nil {
			return err
		}
		dest, err = level(ctx, tx, l.SKU, to)
		return err
	}()
	if err != nil && fault.KindOf(err) == fault.Internal {
		err = fmt.Errorf("inventorydb: transfer %s: %w", key, err)
	}
	return from, dest, replayed, err
}

// transfer books the destination first, so a missing destination is named
// before the source's stock is judged; a failure rolls both back.
func transfer(ctx context.Context, tx *store.Tx, l inventory.Line, to string, out, in movement, at time.Time) error {
	if err := applyOnHand(ctx, tx, inventory.Line{SKU: l.SKU, Warehouse: to, Quantity: l.Quantity}); err != nil {
		return err
	}
	if err := applyOnHand(ctx, tx, inventory.Line{SKU: l.SKU, Warehouse: l.Warehouse, Quantity: -l.Quantity}); err != nil {
		if fault.Is(err, fault.Conflict) {
			return inventory.ErrInsufficient(l)
		}
		return err
	}
	if err := insertMovement(ctx, tx, out, at); err != nil {
		return err
	}
	return insertMovement(ctx, tx, in, at)
}
