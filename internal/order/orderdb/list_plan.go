package orderdb

import (
	"context"

	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/store"
)

// walkByID decides how a list with a creation-time range is read on
// millions of orders (docs/adr/0042-analytics-rollups.md, "Orders list"):
// walking an index in id order (newest first) until the page is full
// costs about the orders created after the range; reading the range from
// an index by creation time and sorting its ids costs about the orders in
// it. Ids rise with the time orders are stored, which follows their
// creation closely, so both are estimated from the ids of the first
// orders created at each end of the range: two index probes. Either way
// the answer is the same; only the plan differs.
//
// It reports true (walk) only on SQLite, which plans without statistics;
// PostgreSQL's planner has them and is left to choose. A filter that
// picks few orders (a SKU that sells rarely, buyer, hold, platform
// number) is left to the planner too; a best-selling SKU is not
// selective, so skuPerOrder lets the estimate decide.
func walkByID(ctx context.Context, tx *store.Tx, f order.Filter, skuPerOrder bool) (bool, error) {
	if f.From.IsZero() && f.To.IsZero() || tx.Dialect().Engine() != store.SQLite {
		return false, nil
	}
	if f.SKU != "" && !skuPerOrder || f.BuyerRef != "" || f.Hold != "" || f.ExternalID != "" {
		return false, nil
	}
	last, err := maxID(ctx, tx, f.Before)
	if err != nil {
		return false, err
	}
	hi := last
	if !f.To.IsZero() {
		if hi, err = firstIDFrom(ctx, tx, store.Micros(f.To), last); err != nil {
			return false, err
		}
	}
	lo := int64(0)
	if !f.From.IsZero() {
		if lo, err = firstIDFrom(ctx, tx, store.Micros(f.From), last); err != nil {
			return false, err
		}
	}
	newer, within := last-hi, hi-lo
	return within > cheapRange && newer < within, nil
}

// cheapRange is the number of orders a range may hold for reading it
// whole (its ids from an index, no row read) to stay well inside the
// list's 200 ms on SQLite. The walk stops once a page is found, but when
// the range holds less than a page of matches it reads on to the oldest
// order: it is only worth it for ranges too long to read.
const cheapRange = 150_000

// sellsOften reports whether more than popularLines order lines carry
// sku, reading at most that many entries of the SKU index: the list of a
// SKU that few orders have is gathered from the index whole, which for a
// best seller on hundreds of thousands of orders costs more than checking
// the orders the list walks through.
func sellsOften(ctx context.Context, tx *store.Tx, sku string) (bool, error) {
	ids, err := store.CollectTx(ctx, tx, func(row store.Scanner) (int64, error) {
		var id int64
		return id, row.Scan(&id)
	}, `SELECT order_id FROM order_lines WHERE sku = ? ORDER BY order_id DESC LIMIT 1 OFFSET ?`, sku, popularLines)
	return len(ids) > 0, wrap("estimate a SKU's orders", err)
}

const popularLines = 20_000

// firstIDFrom is the id of the first order created at or after us, or
// fallback when there is none.
func firstIDFrom(ctx context.Context, tx *store.Tx, us, fallback int64) (int64, error) {
	ids, err := store.CollectTx(ctx, tx, func(row store.Scanner) (int64, error) {
		var id int64
		return id, row.Scan(&id)
	}, `SELECT id FROM orders WHERE created_at >= ? ORDER BY created_at LIMIT 1`, us)
	if err != nil || len(ids) == 0 {
		return fallback, wrap("estimate a time range", err)
	}
	return min(ids[0], fallback), nil
}

// maxID is the newest order's id, or below the cursor.
func maxID(ctx context.Context, tx *store.Tx, before order.ID) (int64, error) {
	var id int64
	q, args := `SELECT COALESCE(MAX(id), 0) FROM orders`, []any{}
	if before > 0 {
		q, args = q+` WHERE id < ?`, append(args, before)
	}
	err := tx.QueryRow(ctx, q, args...).Scan(&id)
	return id, wrap("estimate a time range", err)
}

// unindexedIf writes col so that no index is used to find it when off is
// set: the unary plus SQLite documents for steering its planner, which
// changes no value.
func unindexedIf(off bool, col string) string {
	if off {
		return "+" + col
	}
	return col
}
