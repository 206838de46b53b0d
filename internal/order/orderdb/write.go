package orderdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/profit/profitdb"

	"github.com/fnshub/fnshub/internal/store"
)

// InsertRawEvents stores payloads whose ids came from NextIDs.
func InsertRawEvents(ctx context.Context, tx *store.Tx, evs []order.RawEvent) error {
	args := make([]any, 0, 8*len(evs))
	for _, e := range evs {
		headers, err := json.Marshal(e.Headers)
		if err != nil {
			return wrap("encode raw event headers", err)
		}
		if e.Headers == nil {
			headers = []byte("{}")
		}
		args = append(args, e.ID, e.Source, store.Micros(e.ReceivedAt), e.Body, string(headers), e.OrderKey, e.Outcome, e.OutcomeMessage)
	}
	return tx.InsertRowsLater(ctx, "orderdb: insert raw events", `INSERT INTO raw_events (id, source, received_at, body, headers, order_key, outcome, outcome_message) VALUES `,
		"", 8, args)
}

// InsertOrders stores new orders and their lines.
func InsertOrders(ctx context.Context, tx *store.Tx, recs []*order.Record) error {
	var orders, lines []any
	for _, r := range recs {
		hold, err := holdJSON(r)
		if err != nil {
			return err
		}
		sum, err := total(r)
		if err != nil {
			return err
		}
		orders = append(orders, r.ID, r.Channel, r.Shop, r.ExternalID, r.Key().String(), r.Version, string(r.Status), holdReason(r), hold,
			r.BuyerRef, r.Contact, r.Province, string(r.Currency), r.ShippingFee.Minor(), r.Discount.Minor(), sum,
			r.Warehouse, store.Micros(r.CreatedAt), store.Micros(r.PaidAt), store.Micros(r.UpdatedAt), r.RawEventID,
			r.AllocSeq, r.PaidEntry, r.RevenueEntry, r.UndoEntry, r.ContentHash, string(r.Fulfillment), r.Campaign, r.PlatformDiscount.Minor())
		lines = appendLines(lines, r)
		if err := addSold(ctx, tx, r, sum, true); err != nil {
			return err
		}
		if err := profitdb.WriteOrder(ctx, tx, r, true); err != nil {
			return err
		}
	}
	if err := tx.InsertRowsLater(ctx, "orderdb: insert orders", `INSERT INTO orders (id, channel, shop, external_id, order_key, version, status, hold_reason,
		hold, buyer_ref, contact, province, currency, shipping_fee, discount, total, warehouse, created_at, paid_at, updated_at,
		raw_event_id, alloc_seq, paid_entry, revenue_entry, undo_entry, content_hash, fulfillment, campaign, platform_discount) VALUES `, "", 29, orders); err != nil {
		return err
	}
	return insertLines(ctx, tx, lines)
}

// ReplaceLines writes r's lines in place of those stored: a newer version
// of an unpaid order may change them.
func ReplaceLines(ctx context.Context, tx *store.Tx, r *order.Record) error {
	if err := tx.Later(ctx, "orderdb: replace order lines", `DELETE FROM order_lines WHERE order_id = ?`, []any{r.ID}, nil); err != nil {
		return err
	}
	return insertLines(ctx, tx, appendLines(nil, r))
}

func appendLines(args []any, r *order.Record) []any {
	for i, l := range r.Lines {
		args = append(args, r.ID, i+1, l.SKU, l.ExternalItemID, l.ExternalSKUID, l.Title, l.Quantity, l.UnitPrice.Minor(),
			l.LineDiscount.Minor(), l.Allocated.Minor(), l.Total.Minor(), l.Net.Minor(), l.Tax.Minor(), l.TaxRate.String(), l.Returned, l.Warehouse)
	}
	return args
}

func insertLines(ctx context.Context, tx *store.Tx, args []any) error {
	return tx.InsertRowsLater(ctx, "orderdb: insert order lines", `INSERT INTO order_lines (order_id, line_no, sku, external_item_id, external_sku_id, title,
		quantity, unit_price, line_discount, allocated, total, net, tax, tax_rate, returned, warehouse) VALUES `, "", 16, args)
}

// UpdateOrder writes back what processing may change on an existing order:
// version, status, hold, warehouse, shipment, entries, amounts and address.
// Lines change only through ReplaceLines.
func UpdateOrder(ctx context.Context, tx *store.Tx, r *order.Record) error {
	hold, err := holdJSON(r)
	if err != nil {
		return err
	}
	sum, err := total(r)
	if err != nil {
		return err
	}
	if err := addSold(ctx, tx, r, sum, false); err != nil {
		return err
	}
	if err := profitdb.WriteOrder(ctx, tx, r, false); err != nil {
		return err
	}
	return tx.Later(ctx, "orderdb: update order", `UPDATE orders SET version = ?, status = ?, hold_reason = ?, hold = ?, warehouse = ?, carrier = ?,
		tracking_no = ?, paid_at = ?, updated_at = ?, raw_event_id = ?, alloc_seq = ?, paid_entry = ?, revenue_entry = ?, undo_entry = ?,
		shipping_fee = ?, discount = ?, total = ?, province = ?, buyer_ref = ?, contact = ?, refunded = ?, refunded_tax = ?, refund_seq = ?,
		content_hash = ?, fulfillment = ?, campaign = ?, platform_discount = ? WHERE id = ?`, []any{r.Version, string(r.Status), holdReason(r), hold, r.Warehouse, r.Carrier, r.TrackingNo,
		store.Micros(r.PaidAt), store.Micros(r.UpdatedAt), r.RawEventID, r.AllocSeq, r.PaidEntry, r.RevenueEntry, r.UndoEntry,
		r.ShippingFee.Minor(), r.Discount.Minor(), sum, r.Province, r.BuyerRef, r.Contact, r.Refunded, r.RefundedTax, r.RefundSeq,
		r.ContentHash, string(r.Fulfillment), r.Campaign, r.PlatformDiscount.Minor(), r.ID}, nil)
}

// InsertVersions records versions as received. The primary key (order,
// version) refuses a second effect of one version.
func InsertVersions(ctx context.Context, tx *store.Tx, vs []order.Version) error {
	args := make([]any, 0, 7*len(vs))
	for _, v := range vs {
		args = append(args, v.OrderID, v.Version, string(v.Status), string(v.Effect), v.RawEventID, store.Micros(v.ReceivedAt), v.ContentHash)
	}
	return tx.InsertRowsLater(ctx, "orderdb: insert order versions", `INSERT INTO order_versions (order_id, version, status, effect, raw_event_id, received_at, content_hash) VALUES `,
		"", 7, args)
}

// InsertEvents appends events to the outbox.
func InsertEvents(ctx context.Context, tx *store.Tx, evs []order.Event) error {
	args := make([]any, 0, 4*len(evs))
	for _, e := range evs {
		var id any
		if e.OrderID != 0 {
			id = e.OrderID
		}
		args = append(args, string(e.Topic), id, string(e.Payload), store.Micros(e.CreatedAt))
	}
	return tx.InsertRowsLater(ctx, "orderdb: insert events", `INSERT INTO outbox (topic, order_id, payload, created_at) VALUES `, "", 4, args)
}

func holdReason(r *order.Record) string {
	if r.Hold == nil {
		return ""
	}
	return string(r.Hold.Reason)
}

func holdJSON(r *order.Record) (string, error) {
	if r.Hold == nil {
		return "", nil
	}
	b, err := json.Marshal(r.Hold)
	return string(b), wrap("encode hold", err)
}

// total is what is stored as the order's total. Price has checked the
// lines add up, so an error here is a defect, not bad input: it fails the
// write rather than storing a total of zero.
func total(r *order.Record) (int64, error) {
	t, err := r.Total()
	if err != nil {
		return 0, fmt.Errorf("orderdb: order %d: total: %w", r.ID, err)
	}
	return t.Minor(), nil
}

func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("orderdb: %s: %w", what, err)
}

// snapshot is what an Action keeps of its order: everything but the
// sealed contact and the version list, which are read as they stand.
type snapshot struct {
	Order        order.Order `json:"order"`
	AllocSeq     int         `json:"alloc_seq"`
	PaidEntry    int64       `json:"paid_entry"`
	RevenueEntry int64       `json:"revenue_entry"`
	UndoEntry    int64       `json:"undo_entry"`
	Refunded     int64       `json:"refunded"`
	RefundedTax  int64       `json:"refunded_tax"`
	RefundSeq    int         `json:"refund_seq"`
	ContentHash  string      `json:"content_hash"`
}

// InsertAction records a done action. The key is the primary key: a second
// action under it fails the transaction.
func InsertAction(ctx context.Context, tx *store.Tx, a order.Action) error {
	r := a.Result
	b, err := json.Marshal(snapshot{Order: r.Order, AllocSeq: r.AllocSeq, PaidEntry: r.PaidEntry, RevenueEntry: r.RevenueEntry,
		UndoEntry: r.UndoEntry, Refunded: r.Refunded, RefundedTax: r.RefundedTax, RefundSeq: r.RefundSeq, ContentHash: r.ContentHash})
	if err != nil {
		return wrap("encode action result", err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO order_actions (idem_key, order_id, action, request_hash, result, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		a.Key, a.OrderID, a.Name, a.RequestHash, string(b), store.Micros(a.CreatedAt))
	return wrap("insert order action", err)
}

// LookupAction returns the action done under key, with its result laid
// over current (the order as it stands, for its contact and versions); ok
// is false when the key is new.
func LookupAction(ctx context.Context, tx *store.Tx, key string, current *order.Record) (a order.Action, ok bool, err error) {
	var result string
	var at int64
	err = tx.QueryRow(ctx, `SELECT idem_key, order_id, action, request_hash, result, created_at FROM order_actions WHERE idem_key = ?`, key).
		Scan(&a.Key, &a.OrderID, &a.Name, &a.RequestHash, &result, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return a, false, nil
	}
	if err != nil {
		return a, false, wrap("look up order action", err)
	}
	var s snapshot
	if err := json.Unmarshal([]byte(result), &s); err != nil {
		return a, false, wrap("decode action result", err)
	}
	r := *current
	r.Order, r.AllocSeq, r.PaidEntry, r.RevenueEntry, r.UndoEntry = s.Order, s.AllocSeq, s.PaidEntry, s.RevenueEntry, s.UndoEntry
	r.Refunded, r.RefundedTax, r.RefundSeq, r.ContentHash = s.Refunded, s.RefundedTax, s.RefundSeq, s.ContentHash
	a.Result, a.CreatedAt = &r, store.Time(at)
	return a, true, nil
}
