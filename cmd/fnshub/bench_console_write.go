package main

import (
	"context"
	"fmt"

	"github.com/fnshub/fnshub/internal/store"
)

// writeSeed inserts a chunk of generated orders with multi-row statements:
// orders, their lines and creating versions, and the entries and postings
// of what was shipped and refunded (entity 1; the order's shop and channel
// on the entry, as ledgerdb stores dimensions its postings share). The
// seeded entries carry no hash chain: bench console measures reads, and
// `fnshub check --only rollups` is the part of check that holds on them.
func writeSeed(ctx context.Context, tx *store.Tx, batch []seedOrder, entry *int64) error {
	var orders, lines, versions, entries, postings []any
	for i := range batch {
		o := &batch[i]
		hold := ""
		if o.hold != "" {
			hold = fmt.Sprintf(`{"reason":%q,"message":"seeded"}`, o.hold)
		}
		ext := fmt.Sprintf("E%d", 100_000_000+o.id)
		paid := o.created + 60_000_000
		if o.status == "awaiting_payment" {
			paid = 0
		}
		refundedTax := int64(0)
		if o.refunded > 0 {
			refundedTax = (o.tax*o.refunded*2 + o.total) / (2 * o.total)
		}
		if o.shippedAt != 0 {
			*entry++
			o.revenueE = *entry
			entries = append(entries, *entry, fmt.Sprintf("order:%d:revenue", o.id), []byte{0}, "seeded: shipped", o.shippedAt, o.shippedAt,
				nil, []byte{0}, []byte{0}, o.shop, o.channel, "order", fmt.Sprint(o.id))
			postings = append(postings,
				*entry, 1, "2203", "CNY", o.total, o.shippedAt,
				*entry, 2, "6001", "CNY", -o.net, o.shippedAt,
				*entry, 3, "2221", "CNY", -o.tax, o.shippedAt)
			if o.cost > 0 {
				postings = append(postings, *entry, 4, "6401", "CNY", o.cost, o.shippedAt, *entry, 5, "1405", "CNY", -o.cost, o.shippedAt)
			}
		}
		if o.refunded > 0 {
			*entry++
			entries = append(entries, *entry, fmt.Sprintf("order:%d:refund:1", o.id), []byte{0}, "seeded: refund", o.refundAt, o.refundAt,
				nil, []byte{0}, []byte{0}, o.shop, o.channel, "order", fmt.Sprint(o.id))
			postings = append(postings, *entry, 1, "6001", "CNY", o.refunded-refundedTax, o.refundAt)
			line := 2
			if refundedTax > 0 {
				postings = append(postings, *entry, 2, "2221", "CNY", refundedTax, o.refundAt)
				line = 3
			}
			postings = append(postings, *entry, line, "1122", "CNY", -o.refunded, o.refundAt)
		}
		orders = append(orders, o.id, o.channel, o.shop, ext, o.channel+"/"+o.shop+"/"+ext, 1, o.status, o.hold, hold, o.buyer,
			nil, "浙江省", "CNY", 0, 0, o.total, "HZ", o.created, paid, o.updated, 0, 1, 0, o.revenueE, 0, o.refunded, refundedTax,
			min(o.refunded, 1), "", "ship")
		versions = append(versions, o.id, 1, o.status, "created", 0, o.created, "")
		for _, l := range o.lines {
			lines = append(lines, l...)
		}
	}
	inserts := []struct {
		prefix string
		cols   int
		args   []any
	}{
		{`INSERT INTO orders (id, channel, shop, external_id, order_key, version, status, hold_reason, hold, buyer_ref, contact, province,
			currency, shipping_fee, discount, total, warehouse, created_at, paid_at, updated_at, raw_event_id, alloc_seq, paid_entry,
			revenue_entry, undo_entry, refunded, refunded_tax, refund_seq, content_hash, fulfillment) VALUES `, 30, orders},
		{`INSERT INTO order_lines (order_id, line_no, sku, external_item_id, external_sku_id, title, quantity, unit_price, line_discount,
			allocated, total, net, tax, tax_rate, returned, warehouse) VALUES `, 16, lines},
		{`INSERT INTO order_versions (order_id, version, status, effect, raw_event_id, received_at, content_hash) VALUES `, 7, versions},
		{`INSERT INTO ledger_entries (id, source_key, content_hash, description, effective_at, posted_at, reverses_id, prev_hash, hash,
			shop, channel, source_kind, source_id) VALUES `, 13, entries},
		{`INSERT INTO ledger_postings (entry_id, line, account_code, currency, amount_minor, effective_at) VALUES `, 6, postings},
	}
	for _, in := range inserts {
		if _, err := tx.InsertRows(ctx, in.prefix, "", in.cols, in.args); err != nil {
			return err
		}
	}
	return nil
}
