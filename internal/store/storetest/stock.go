package storetest

import (
	"context"
	"slices"
	"time"

	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/inventory/inventorydb"
	"github.com/fnshub/fnshub/internal/store"
)

// Stock drives stock the way production does, so the suites test the code
// that runs: warehouses, transfers, levels and the checks through
// inventory.Service (as internal/httpapi does); every other change in a
// transaction of its own through the inventorydb Tx functions internal/app
// calls — MoveTx and ReturnTx under inventorydb.InTx (app.Stock), ReserveTx
// after LevelsTx, HeldTx and ResolveTx (app's order work).
type Stock struct {
	*inventory.Service
	DB  *store.DB
	now func() time.Time
}

// NewStock returns a Stock over db.
func NewStock(db *store.DB) *Stock {
	return &Stock{Service: inventory.New(inventorydb.New(db), nil), DB: db, now: time.Now}
}

func (s *Stock) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Receive books l in under key, as app.Stock does without the valuation.
func (s *Stock) Receive(ctx context.Context, key string, l inventory.Line) (inventory.Level, bool, error) {
	return s.move(ctx, key, inventory.KindReceipt, l, true)
}

// Adjust corrects on hand by l.Quantity (either sign) under key.
func (s *Stock) Adjust(ctx context.Context, key string, l inventory.Line) (inventory.Level, bool, error) {
	return s.move(ctx, key, inventory.KindAdjustment, l, false)
}

func (s *Stock) move(ctx context.Context, key, kind string, l inventory.Line, positive bool) (lvl inventory.Level, replayed bool, err error) {
	if err := inventory.ValidateChange(key, l, positive); err != nil {
		return lvl, false, err
	}
	now := s.clock()
	err = inventorydb.InTx(ctx, s.DB, key, func(tx *store.Tx) error {
		lvl, replayed, err = inventorydb.MoveTx(ctx, tx, key, kind, l, now)
		return err
	})
	return lvl, replayed, err
}

// Reserve runs reqs as one group in one transaction, as app's order work
// does: the levels of their SKUs locked by LevelsTx, then ReserveTx. It
// returns each request's outcome; the error means nothing was written.
func (s *Stock) Reserve(ctx context.Context, reqs ...inventory.ReserveRequest) ([]inventory.ReserveOutcome, error) {
	var skus []string
	for _, r := range reqs {
		for _, l := range r.Lines {
			skus = append(skus, l.SKU)
		}
	}
	slices.Sort(skus)
	skus = slices.Compact(skus)
	now := s.clock()
	var outs []inventory.ReserveOutcome
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := inventorydb.LevelsTx(ctx, tx, skus); err != nil {
			return err
		}
		var err error
		outs, err = inventorydb.ReserveTx(ctx, tx, reqs, now)
		return err
	})
	return outs, err
}

// ReserveOne reserves lines for ref under key alone: its reservations, or
// the refusal (Conflict) or failure.
func (s *Stock) ReserveOne(ctx context.Context, key, ref string, lines ...inventory.Line) ([]inventory.Reservation, error) {
	outs, err := s.Reserve(ctx, inventory.ReserveRequest{Key: key, Ref: ref, Lines: lines})
	if err != nil {
		return nil, err
	}
	return outs[0].Reservations, outs[0].Err
}

// Release gives a held reservation back under key.
func (s *Stock) Release(ctx context.Context, key, id string) (inventory.Reservation, bool, error) {
	return s.resolve(ctx, key, id, inventory.Released)
}

// Ship takes a held reservation out of stock under key.
func (s *Stock) Ship(ctx context.Context, key, id string) (inventory.Reservation, bool, error) {
	return s.resolve(ctx, key, id, inventory.Shipped)
}

func (s *Stock) resolve(ctx context.Context, key, id string, to inventory.Status) (r inventory.Reservation, replayed bool, err error) {
	now := s.clock()
	err = inventorydb.InTx(ctx, s.DB, key, func(tx *store.Tx) error {
		r, replayed, err = inventorydb.ResolveTx(ctx, tx, key, id, to, now)
		return err
	})
	return r, replayed, err
}

// ResolveHeld releases or ships every held reservation of ref in one
// transaction, as app does when an order is cancelled or shipped, with the
// keys app uses (id + ":release" or ":ship"). It returns the ids resolved.
func (s *Stock) ResolveHeld(ctx context.Context, ref string, to inventory.Status) ([]string, error) {
	suffix := ":release"
	if to == inventory.Shipped {
		suffix = ":ship"
	}
	now := s.clock()
	var ids []string
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if ids, err = inventorydb.HeldTx(ctx, tx, ref); err != nil {
			return err
		}
		for _, id := range ids {
			if _, _, err := inventorydb.ResolveTx(ctx, tx, id+suffix, id, to, now); err != nil {
				return err
			}
		}
		return nil
	})
	return ids, err
}

// Return books quantity of a shipped reservation back under key, as
// app.Stock does without the valuation.
func (s *Stock) Return(ctx context.Context, key, id string, quantity int64) (lvl inventory.Level, replayed bool, err error) {
	now := s.clock()
	err = inventorydb.InTx(ctx, s.DB, key, func(tx *store.Tx) error {
		lvl, replayed, err = inventorydb.ReturnTx(ctx, tx, key, id, quantity, now)
		return err
	})
	return lvl, replayed, err
}
