package orderdb

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/store"
)

// Bind returns the order.TxStore that runs every call in tx, so a use
// case's order writes commit with its stock and its books.
func Bind(tx *store.Tx) order.TxStore { return bound{tx: tx, handed: map[string]int64{}} }

type bound struct {
	tx *store.Tx
	// handed is, per table, the highest id NextIDs handed out in this
	// transaction on SQLite, where ids are the highest stored one plus one
	// and those handed out may not be stored yet.
	handed map[string]int64
}

func (b bound) NextIDs(ctx context.Context, table string, n int) ([]int64, error) {
	ids, err := NextIDs(ctx, b.tx, table, n)
	if err != nil || len(ids) == 0 || b.tx.Dialect().Engine() == store.Postgres {
		return ids, err
	}
	if last, ok := b.handed[table]; ok && ids[0] <= last {
		ids = consecutive(last+1, n)
	}
	b.handed[table] = ids[n-1]
	return ids, nil
}

func (b bound) InsertRawEvents(ctx context.Context, evs []order.RawEvent) error {
	return InsertRawEvents(ctx, b.tx, evs)
}

func (b bound) LoadByKeys(ctx context.Context, keys []order.Key) (map[order.Key]*order.Record, error) {
	return LoadByKeys(ctx, b.tx, keys)
}

func (b bound) LoadByID(ctx context.Context, id order.ID, lock bool) (*order.Record, error) {
	return LoadByID(ctx, b.tx, id, lock)
}

func (b bound) InsertOrders(ctx context.Context, recs []*order.Record) error {
	return InsertOrders(ctx, b.tx, recs)
}

func (b bound) ReplaceLines(ctx context.Context, r *order.Record) error {
	return ReplaceLines(ctx, b.tx, r)
}

func (b bound) UpdateOrder(ctx context.Context, r *order.Record) error {
	return UpdateOrder(ctx, b.tx, r)
}

func (b bound) InsertVersions(ctx context.Context, vs []order.Version) error {
	return InsertVersions(ctx, b.tx, vs)
}

func (b bound) InsertEvents(ctx context.Context, evs []order.Event) error {
	return InsertEvents(ctx, b.tx, evs)
}

func (b bound) LookupAction(ctx context.Context, key string, current *order.Record) (order.Action, bool, error) {
	return LookupAction(ctx, b.tx, key, current)
}

func (b bound) InsertAction(ctx context.Context, a order.Action) error {
	return InsertAction(ctx, b.tx, a)
}

func (b bound) List(ctx context.Context, f order.Filter) ([]*order.Record, error) {
	return list(ctx, b.tx, f)
}

func (b bound) Versions(ctx context.Context, id order.ID) ([]order.Version, error) {
	return versions(ctx, b.tx, id)
}

func (b bound) Events(ctx context.Context, id order.ID) ([]order.Event, error) {
	return events(ctx, b.tx, id)
}

func (b bound) HeldIDs(ctx context.Context, reasons []order.HoldReason) ([]order.ID, error) {
	return heldIDs(ctx, b.tx, reasons)
}

func (b bound) Count(ctx context.Context) (int, error) { return count(ctx, b.tx) }

func (b bound) Offenders(ctx context.Context, check string) ([]order.Offender, error) {
	return offenders(ctx, b.tx, check)
}

func (b bound) SettleableCreated(ctx context.Context, channel, shop string, from, to time.Time) ([]order.Settleable, error) {
	return SettleableCreated(ctx, b.tx, channel, shop, from, to)
}

func (b bound) SettleableByKeys(ctx context.Context, keys []order.Key) (map[order.Key]order.Settleable, error) {
	return SettleableByKeys(ctx, b.tx, keys)
}
