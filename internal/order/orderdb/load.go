package orderdb

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/store"
)

const orderColumns = `id, channel, shop, external_id, version, status, hold, buyer_ref, contact, province, currency,
	shipping_fee, discount, warehouse, carrier, tracking_no, created_at, paid_at, updated_at, raw_event_id,
	alloc_seq, paid_entry, revenue_entry, undo_entry, refunded, refunded_tax, refund_seq, content_hash, fulfillment,
	campaign, platform_discount`

func scanOrder(row store.Scanner) (*order.Record, error) {
	r := &order.Record{}
	var hold, status, currency, fulfillment string
	var fee, discount, platform, created, paid, updated int64
	err := row.Scan(&r.ID, &r.Channel, &r.Shop, &r.ExternalID, &r.Version, &status, &hold, &r.BuyerRef, &r.Contact,
		&r.Province, &currency, &fee, &discount, &r.Warehouse, &r.Carrier, &r.TrackingNo, &created, &paid, &updated,
		&r.RawEventID, &r.AllocSeq, &r.PaidEntry, &r.RevenueEntry, &r.UndoEntry, &r.Refunded, &r.RefundedTax, &r.RefundSeq,
		&r.ContentHash, &fulfillment, &r.Campaign, &platform)
	if err != nil {
		return nil, err
	}
	r.Status, r.Currency, r.Fulfillment = order.Status(status), money.Currency(currency), order.Fulfillment(fulfillment)
	r.ShippingFee, r.Discount = money.New(fee, r.Currency), money.New(discount, r.Currency)
	r.PlatformDiscount = money.New(platform, r.Currency)
	r.CreatedAt, r.PaidAt, r.UpdatedAt = store.Time(created), store.Time(paid), store.Time(updated)
	if hold != "" {
		r.Hold = &order.Hold{}
		if err := json.Unmarshal([]byte(hold), r.Hold); err != nil {
			return nil, fmt.Errorf("order %d: hold: %w", r.ID, err)
		}
	}
	return r, nil
}

// LoadByKeys returns the stored orders among keys, with their lines and the
// versions received so far. On PostgreSQL the rows are locked, in key
// order: nothing else serialises two nodes' groups (ADR 26), and groups
// that lock the orders they share in one order cannot deadlock on them.
func LoadByKeys(ctx context.Context, tx *store.Tx, keys []order.Key) (map[order.Key]*order.Record, error) {
	found := map[order.Key]*order.Record{}
	sorted := make([]string, len(keys))
	for i, k := range keys {
		sorted[i] = k.String()
	}
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	for len(sorted) > 0 {
		n := min(len(sorted), 500)
		args := make([]any, n)
		for i, k := range sorted[:n] {
			args[i] = k
		}
		in, padded := store.InList(args)
		recs, err := queryOrders(ctx, tx, `WHERE order_key IN (`+in+`) ORDER BY order_key`+tx.Dialect().ForUpdate(), padded...)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			found[r.Key()] = r
		}
		sorted = sorted[n:]
	}
	if len(found) == 0 {
		return found, nil
	}
	recs := make([]*order.Record, 0, len(found))
	for _, r := range found {
		recs = append(recs, r)
	}
	if err := loadLines(ctx, tx, recs); err != nil {
		return nil, err
	}
	remember(tx, recs...)
	return found, loadVersions(ctx, tx, recs)
}

// LoadByID returns one order with lines and versions, locked on PostgreSQL
// when lock is set (in a write transaction). Errors: NotFound.
func LoadByID(ctx context.Context, tx *store.Tx, id order.ID, lock bool) (*order.Record, error) {
	where := `WHERE id = ?`
	if lock {
		where += tx.Dialect().ForUpdate()
	}
	recs, err := queryOrders(ctx, tx, where, id)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, errNotFound(id)
	}
	if err := loadLines(ctx, tx, recs); err != nil {
		return nil, err
	}
	remember(tx, recs...)
	return recs[0], loadVersions(ctx, tx, recs)
}

func queryOrders(ctx context.Context, tx *store.Tx, where string, args ...any) ([]*order.Record, error) {
	rows, err := tx.Query(ctx, `SELECT `+orderColumns+` FROM orders `+where, args...)
	if err != nil {
		return nil, wrap("load orders", err)
	}
	defer rows.Close()
	var out []*order.Record
	for rows.Next() {
		r, err := scanOrder(rows)
		if err != nil {
			return nil, wrap("scan order", err)
		}
		out = append(out, r)
	}
	return out, wrap("load orders", rows.Err())
}

func loadLines(ctx context.Context, tx *store.Tx, recs []*order.Record) error {
	byID := make(map[order.ID]*order.Record, len(recs))
	ids := make([]any, 0, len(recs))
	for _, r := range recs {
		byID[r.ID], r.Lines = r, nil
		ids = append(ids, r.ID)
	}
	return inChunks(ids, func(in string, padded []any) error { return loadLinesOf(ctx, tx, byID, in, padded) })
}

// idChunk is how many ids one IN list holds, so a long list of orders
// stays far inside either engine's bound on parameters.
const idChunk = 500

// inChunks calls fn with the IN list of each chunk of ids.
func inChunks(ids []any, fn func(in string, padded []any) error) error {
	for len(ids) > 0 {
		n := min(len(ids), idChunk)
		in, padded := store.InList(ids[:n])
		if err := fn(in, padded); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

func loadLinesOf(ctx context.Context, tx *store.Tx, byID map[order.ID]*order.Record, in string, padded []any) error {
	rows, err := tx.Query(ctx, `SELECT order_id, sku, external_item_id, external_sku_id, title, quantity, unit_price,
		line_discount, allocated, total, net, tax, tax_rate, returned, warehouse FROM order_lines WHERE order_id IN (`+in+`)
		ORDER BY order_id, line_no`, padded...)
	if err != nil {
		return wrap("load order lines", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id order.ID
		var price, lineDiscount, allocated, total, net, tax int64
		var l order.Line
		var rate string
		if err := rows.Scan(&id, &l.SKU, &l.ExternalItemID, &l.ExternalSKUID, &l.Title, &l.Quantity, &price, &lineDiscount,
			&allocated, &total, &net, &tax, &rate, &l.Returned, &l.Warehouse); err != nil {
			return wrap("scan order line", err)
		}
		r := byID[id]
		c := r.Currency
		l.UnitPrice, l.LineDiscount, l.Allocated = money.New(price, c), money.New(lineDiscount, c), money.New(allocated, c)
		l.Total, l.Net, l.Tax = money.New(total, c), money.New(net, c), money.New(tax, c)
		if l.TaxRate, err = money.ParseRate(rate); err != nil {
			return fmt.Errorf("orderdb: order %d: tax rate %q: %w", id, rate, err)
		}
		r.Lines = append(r.Lines, l)
	}
	return wrap("load order lines", rows.Err())
}

func loadVersions(ctx context.Context, tx *store.Tx, recs []*order.Record) error {
	byID := make(map[order.ID]*order.Record, len(recs))
	ids := make([]any, 0, len(recs))
	for _, r := range recs {
		byID[r.ID], r.Versions = r, map[int64]order.Seen{}
		ids = append(ids, r.ID)
	}
	return inChunks(ids, func(in string, padded []any) error { return loadVersionsOf(ctx, tx, byID, in, padded) })
}

func loadVersionsOf(ctx context.Context, tx *store.Tx, byID map[order.ID]*order.Record, in string, padded []any) error {
	rows, err := tx.Query(ctx, `SELECT order_id, version, content_hash, status FROM order_versions WHERE order_id IN (`+in+`)`, padded...)
	if err != nil {
		return wrap("load order versions", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id order.ID
		var v int64
		var hash, status string
		if err := rows.Scan(&id, &v, &hash, &status); err != nil {
			return wrap("scan order version", err)
		}
		byID[id].Versions[v] = order.Seen{Hash: hash, Status: order.Status(status)}
	}
	return wrap("load order versions", rows.Err())
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

func errNotFound(id order.ID) error {
	return fault.New(fault.NotFound, "order_not_found", "order %d does not exist", id)
}
