package orderdb

import (
	"context"
	"fmt"

	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/store"
)

// checks holds the query of each order.Checks invariant: each row is an
// offending order id and a count (or version) it found.
var checks = map[string]string{
	order.CheckOneCreatingVersion: `SELECT o.id, COUNT(v.version) FROM orders o LEFT JOIN order_versions v
		ON v.order_id = o.id AND v.effect = 'created' GROUP BY o.id HAVING COUNT(v.version) <> 1`,
	order.CheckNewestVersionWins: `SELECT o.id, o.version FROM orders o JOIN order_versions v ON v.order_id = o.id
		WHERE v.effect <> 'stale' GROUP BY o.id, o.version HAVING MAX(v.version) <> o.version`,
	order.CheckLinesHaveOrder: `SELECT l.order_id, COUNT(*) FROM order_lines l LEFT JOIN orders o ON o.id = l.order_id
		WHERE o.id IS NULL GROUP BY l.order_id`,
	order.CheckVersionsHaveOrder: `SELECT v.order_id, COUNT(*) FROM order_versions v LEFT JOIN orders o ON o.id = v.order_id
		WHERE o.id IS NULL GROUP BY v.order_id`,
	order.CheckContentInEffect: `SELECT o.id, v.version FROM orders o JOIN order_versions v ON v.order_id = o.id
		WHERE v.version = (SELECT MAX(e.version) FROM order_versions e WHERE e.order_id = o.id AND e.effect IN ('created', 'applied'))
		AND v.content_hash <> '' AND v.content_hash <> o.content_hash AND NOT (o.status = 'refunded' AND o.revenue_entry <> 0)`,
	order.CheckUndoneHoldNoStock: `SELECT o.id, COUNT(*) FROM orders o JOIN reservations r ON r.ref = 'order:' || o.id
		WHERE o.status IN ('cancelled', 'refunded') AND r.status = 'held' GROUP BY o.id`,
}

func count(ctx context.Context, tx *store.Tx) (n int, err error) {
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM orders`).Scan(&n); err != nil {
		return 0, wrap("count orders", err)
	}
	return n, nil
}

func offenders(ctx context.Context, tx *store.Tx, check string) ([]order.Offender, error) {
	query, ok := checks[check]
	if !ok {
		return nil, fmt.Errorf("orderdb: no check %q", check)
	}
	out, err := store.CollectTx(ctx, tx, func(row store.Scanner) (order.Offender, error) {
		var f order.Offender
		return f, row.Scan(&f.OrderID, &f.Found)
	}, query)
	return out, wrap("check "+check, err)
}
