package profitdb

import (
	"context"
	"fmt"
	"strings"

	"github.com/fnshub/fnshub/internal/profit"
	"github.com/fnshub/fnshub/internal/store"
)

// Orders returns the orders behind a report row from the line facts: the
// lines q selects summed per order, newest id first, with each order's
// channel number. The hour index finds the row's lines; a SKU row's
// lines are found by the SKU index.
func (s *Store) Orders(ctx context.Context, q profit.OrderQuery) (out []profit.OrderRow, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { out, err = orders(ctx, tx, q); return err })
	return out, err
}

func orders(ctx context.Context, tx *store.Tx, q profit.OrderQuery) ([]profit.OrderRow, error) {
	where, args := filterSQL(q.Filter, false)
	if q.SKU != "" {
		where, args = where+` AND sku = ?`, append(args, q.SKU)
	}
	if q.Before > 0 {
		where, args = where+` AND order_id < ?`, append(args, q.Before)
	}
	sums := make([]string, len(profit.Columns))
	for i, c := range profit.Columns {
		sums[i] = `CAST(SUM(` + c + `) AS BIGINT) AS ` + c
	}
	// Grouped and cut to a page first, then joined to the orders for their
	// numbers: the join reads one order per row of the page.
	page := `SELECT order_id, shop, channel, campaign, currency, ` + strings.Join(sums, ", ") + ` FROM profit_lines` + where +
		` GROUP BY order_id, shop, channel, campaign, currency ORDER BY order_id DESC LIMIT ?`
	cols := make([]string, len(profit.Columns))
	for i, c := range profit.Columns {
		cols[i] = `g.` + c
	}
	query := `SELECT g.order_id, COALESCE(o.external_id, ''), g.shop, g.channel, g.campaign, g.currency, ` + strings.Join(cols, ", ") +
		` FROM (` + page + `) g LEFT JOIN orders o ON o.id = g.order_id ORDER BY g.order_id DESC, g.currency`
	rows, err := store.CollectTx(ctx, tx, func(row store.Scanner) (profit.OrderRow, error) {
		var r profit.OrderRow
		return r, row.Scan(append([]any{&r.OrderID, &r.ExternalID, &r.Shop, &r.Channel, &r.Campaign, &r.Currency}, r.Figures.Pointers()...)...)
	}, query, append(args, q.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("profitdb: orders: %w", err)
	}
	return rows, nil
}
