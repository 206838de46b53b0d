package orderdb

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/store"
)

// settleableSelect reads a settleable order's columns with its lines in
// one join: reconciliation reads tens of thousands of orders per payout,
// and the full record (contact, versions, hold) costs several times more.
// Every order has a line (order.Price refuses one without).
const settleableSelect = `SELECT o.id, o.channel, o.shop, o.external_id, o.currency, o.total, o.refunded, o.paid_at, o.updated_at,
	l.sku, l.quantity, l.total
	FROM orders o JOIN order_lines l ON l.order_id = o.id
	WHERE o.paid_entry <> 0 AND o.undo_entry = 0 AND `

// SettleableCreated lists the settleable orders of channel and shop created
// in [from, to), newest first.
func SettleableCreated(ctx context.Context, tx *store.Tx, channel, shop string, from, to time.Time) ([]order.Settleable, error) {
	return querySettleable(ctx, tx, `o.shop = ? AND o.created_at >= ? AND o.created_at < ? AND o.channel = ?
		ORDER BY o.id DESC, l.line_no`, shop, store.Micros(from), store.Micros(to), channel)
}

// SettleableByKeys returns the settleable orders among keys.
func SettleableByKeys(ctx context.Context, tx *store.Tx, keys []order.Key) (map[order.Key]order.Settleable, error) {
	out := make(map[order.Key]order.Settleable, len(keys))
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k.String()
	}
	err := inChunks(args, func(in string, padded []any) error {
		got, err := querySettleable(ctx, tx, `o.order_key IN (`+in+`) ORDER BY o.id, l.line_no`, padded...)
		for _, s := range got {
			out[s.Key()] = s
		}
		return err
	})
	return out, err
}

func querySettleable(ctx context.Context, tx *store.Tx, where string, args ...any) ([]order.Settleable, error) {
	rows, err := tx.Query(ctx, settleableSelect+where, args...)
	if err != nil {
		return nil, wrap("load settleable orders", err)
	}
	defer rows.Close()
	var out []order.Settleable
	for rows.Next() {
		var s order.Settleable
		var l order.SettleableLine
		var currency string
		var total, paid, updated, lineTotal int64
		if err := rows.Scan(&s.ID, &s.Channel, &s.Shop, &s.ExternalID, &currency, &total, &s.Refunded, &paid, &updated,
			&l.SKU, &l.Quantity, &lineTotal); err != nil {
			return nil, wrap("scan settleable order", err)
		}
		if n := len(out); n == 0 || out[n-1].ID != s.ID {
			s.Currency = money.Currency(currency)
			s.Total = money.New(total, s.Currency)
			s.PaidAt, s.UpdatedAt = store.Time(paid), store.Time(updated)
			out = append(out, s)
		}
		last := &out[len(out)-1]
		l.Total = money.New(lineTotal, last.Currency)
		last.Lines = append(last.Lines, l)
	}
	return out, wrap("load settleable orders", rows.Err())
}
