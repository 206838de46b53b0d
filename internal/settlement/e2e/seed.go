package e2e

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/fnshub/fnshub/internal/entity/entitydb"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/ledger/ledgerdb"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/profit/profitdb"
	"github.com/fnshub/fnshub/internal/settlement/recon"
	"github.com/fnshub/fnshub/internal/settlement/recon/recontest"
	"github.com/fnshub/fnshub/internal/settlement/settlementtest"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/shop/shopdb"
	"github.com/fnshub/fnshub/internal/store"
)

// Shops installs the default chart of accounts and creates the month's
// shops, one per platform.
func Shops(ctx context.Context, db *store.DB, m *recontest.Month) (*shop.Service, error) {
	if err := ledger.New(ledgerdb.New(db), ledger.Options{}).InstallDefaultChart(ctx); err != nil {
		return nil, fmt.Errorf("e2e: chart of accounts: %w", err)
	}
	shops := shop.New(shopdb.New(db), entitydb.New(db), nil)
	for _, p := range m.Platforms {
		if _, err := shops.Create(ctx, shop.Shop{ID: p.Shop, Channel: p.Channel, Name: p.Name}); err != nil {
			return nil, fmt.Errorf("e2e: shop %s: %w", p.Shop, err)
		}
	}
	return shops, nil
}

// seedChunk is how many orders one transaction of the seeding writes.
const seedChunk = 20_000

// SeedOrders writes every hub order of the month into the orders tables
// as a paid order (refunded by the sum the hub keeps), ids in the order
// they were paid as the hub hands them out. Seeding goes below the use
// cases, as a bulk load of history would: posting millions of orders
// through ingest is not what is measured, and the reconciliation reads
// only these rows (its receivable postings then stand against a
// receivable never debited, which no entry's balance depends on). Each
// order's profit facts are written as the order store writes them
// (profitdb.WriteOrder, flushed at commit), so reconciliation replaces
// estimates with actuals over real rows, as it does in production.
func SeedOrders(ctx context.Context, db *store.DB, m *recontest.Month) (int, error) {
	var all []recon.Expected
	for _, p := range m.Platforms {
		for _, e := range p.Orders {
			all = append(all, e)
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if !all[i].PaidAt.Equal(all[j].PaidAt) {
			return all[i].PaidAt.Before(all[j].PaidAt)
		}
		return all[i].Ref < all[j].Ref
	})
	for start := 0; start < len(all); start += seedChunk {
		chunk := all[start:min(start+seedChunk, len(all))]
		if err := db.InTx(ctx, func(tx *store.Tx) error { return seedChunkTx(ctx, tx, int64(start), chunk) }); err != nil {
			return 0, fmt.Errorf("e2e: seed orders: %w", err)
		}
	}
	return len(all), nil
}

func seedChunkTx(ctx context.Context, tx *store.Tx, first int64, chunk []recon.Expected) error {
	var orders, lines []any
	for i, e := range chunk {
		rec := seededOrder(first+int64(i)+1, e)
		if err := profitdb.WriteOrder(ctx, tx, rec, true); err != nil {
			return err
		}
		paid := store.Micros(rec.PaidAt)
		orders = append(orders, rec.ID, rec.Channel, rec.Shop, rec.ExternalID, rec.Key().String(), 1, string(rec.Status), string(rec.Currency),
			0, 0, e.Gross.Minor(), paid, paid, store.Micros(rec.UpdatedAt), 0, rec.PaidEntry, rec.Refunded)
		for n, l := range rec.Lines {
			lines = append(lines, rec.ID, n+1, l.SKU, l.Quantity, l.UnitPrice.Minor(), l.LineDiscount.Minor(), 0, l.Total.Minor(),
				l.Net.Minor(), 0, "0")
		}
	}
	if _, err := tx.InsertRows(ctx, `INSERT INTO orders (id, channel, shop, external_id, order_key, version, status, currency, shipping_fee,
		discount, total, created_at, paid_at, updated_at, raw_event_id, paid_entry, refunded) VALUES `, "", 17, orders); err != nil {
		return err
	}
	_, err := tx.InsertRows(ctx, `INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price, line_discount, allocated, total,
		net, tax, tax_rate) VALUES `, "", 11, lines)
	return err
}

// seededOrder is the hub's shipped order id for e: created when paid,
// without VAT, refunded by the sum the hub keeps, its lines priced up to a
// whole unit price less a line discount.
func seededOrder(id int64, e recon.Expected) *order.Record {
	rec := &order.Record{Order: order.Order{ID: order.ID(id), Channel: e.Channel, Shop: e.Shop, ExternalID: e.Ref, Version: 1,
		Status: order.Shipped, Currency: e.Currency, ShippingFee: money.Zero(e.Currency), Discount: money.Zero(e.Currency),
		CreatedAt: e.PaidAt, PaidAt: e.PaidAt, UpdatedAt: e.PaidAt}, PaidEntry: 1}
	if len(e.Refunds) > 0 {
		rec.Refunded, rec.UpdatedAt = e.Refunds[0].Amount.Minor(), e.Refunds[0].At
	}
	for _, l := range e.Lines {
		g := l.Gross.Minor()
		unit := (g + l.Quantity - 1) / l.Quantity
		rec.Lines = append(rec.Lines, order.Line{SKU: l.SKU, Quantity: l.Quantity, UnitPrice: money.New(unit, e.Currency),
			LineDiscount: money.New(unit*l.Quantity-g, e.Currency), Allocated: money.Zero(e.Currency), Total: l.Gross, Net: l.Gross,
			Tax: money.Zero(e.Currency)})
	}
	return rec
}

// WriteFiles writes each platform's payouts as one settlement file of
// the full test TSV in dir and returns the files by shop.
func WriteFiles(dir string, m *recontest.Month) (map[string]string, error) {
	out := map[string]string{}
	for _, p := range m.Platforms {
		path := filepath.Join(dir, p.Shop+".tsv")
		if err := writeFile(path, p); err != nil {
			return nil, fmt.Errorf("e2e: write %s: %w", path, err)
		}
		out[p.Shop] = path
	}
	return out, nil
}

func writeFile(path string, p *recontest.Platform) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(settlementtest.FullHeader + "\n")
	for _, r := range p.Runs {
		for _, l := range r.Input.Lines {
			settlementtest.WriteFullLine(w, l)
		}
		settlementtest.WriteFullPayout(w, r.Input.Payout)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
