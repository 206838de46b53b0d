package orderdb

import (
	"context"

	"github.com/fnshub/fnshub/internal/analytics"
	"github.com/fnshub/fnshub/internal/analytics/analyticsdb"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/store"
)

// sold is what one order as stored counts for in the sales rollup
// (docs/adr/0042-analytics-rollups.md): once paid and while not cancelled,
// one order and its total at the hour it was created; what has been
// refunded of it (all of it when refunded before any partial refund)
// wherever it was refunded. A write adds the difference between the order
// as it was loaded (or stored) and as it is written, so a version sent
// again, which changes nothing, adds nothing, and an amount change or a
// cancellation adds exactly its difference once.
type sold struct {
	key      analytics.Key // the hour of creation
	counted  bool
	total    int64
	refunded int64
}

func soldOf(r *order.Record, total int64) sold {
	s := sold{key: analytics.Key{Hour: analytics.HourOf(store.Micros(r.CreatedAt)), Shop: r.Shop, Channel: r.Channel, Currency: string(r.Currency)},
		counted: r.Status != order.AwaitingPayment && r.Status != order.Cancelled, total: total, refunded: r.Refunded}
	if r.Status == order.Refunded && r.Refunded == 0 {
		s.refunded = total
	}
	return s
}

// soldState remembers, per transaction, what each order loaded or written
// in it counts for, so a write knows the difference it makes.
type soldState map[order.ID]sold

func (soldState) Flush(context.Context, *store.Tx) error { return nil }

type soldKey struct{}

func soldIn(tx *store.Tx) soldState {
	return tx.Deferred(soldKey{}, func() store.Flusher { return soldState{} }).(soldState)
}

// remember notes what loaded orders count for as stored.
func remember(tx *store.Tx, recs ...*order.Record) {
	state := soldIn(tx)
	for _, r := range recs {
		if t, err := r.Total(); err == nil {
			state[r.ID] = soldOf(r, t.Minor())
		} else {
			delete(state, r.ID) // read back from the row at the write
		}
	}
}

// addSold adds to the rollup what writing r (its stored total) changes;
// refunds count at the hour of the write (r.UpdatedAt).
func addSold(ctx context.Context, tx *store.Tx, r *order.Record, total int64, fresh bool) error {
	state := soldIn(tx)
	now := soldOf(r, total)
	was, ok := state[r.ID]
	if !ok && !fresh {
		var err error
		if was, err = storedSold(ctx, tx, r.ID); err != nil {
			return err
		}
	}
	state[r.ID] = now
	var before, after analytics.Sales
	if was.counted {
		before = analytics.Sales{Orders: 1, GMV: was.total}
	}
	if now.counted {
		after = analytics.Sales{Orders: 1, GMV: now.total}
	}
	if fresh || was.key == now.key {
		analyticsdb.AddSales(tx, now.key, analytics.Sales{Orders: after.Orders - before.Orders, GMV: after.GMV - before.GMV})
	} else {
		analyticsdb.AddSales(tx, was.key, analytics.Sales{Orders: -before.Orders, GMV: -before.GMV})
		analyticsdb.AddSales(tx, now.key, after)
	}
	refundAt := now.key
	refundAt.Hour = analytics.HourOf(store.Micros(r.UpdatedAt))
	analyticsdb.AddSales(tx, refundAt, analytics.Sales{Refunds: now.refunded - was.refunded})
	return nil
}

// storedSold reads what an order counts for from its row, for a write of
// a record this transaction did not load.
func storedSold(ctx context.Context, tx *store.Tx, id order.ID) (sold, error) {
	var s sold
	var created int64
	var counted int
	err := tx.QueryRow(ctx, `SELECT created_at, shop, channel, currency, CASE WHEN `+analyticsdb.CountedSQL+` THEN 1 ELSE 0 END, total, `+analyticsdb.RefundedSQL+
		` FROM orders WHERE id = ?`, id).Scan(&created, &s.key.Shop, &s.key.Channel, &s.key.Currency, &counted, &s.total, &s.refunded)
	if err != nil {
		return s, wrap("read order's sales", err)
	}
	s.key.Hour, s.counted = analytics.HourOf(created), counted == 1
	return s, nil
}
