// Package analyticsdb keeps the analytics rollups on both engines: the
// deltas the order and ledger stores add inside their transactions,
// written once before commit, the overview's read and the check that
// recomputes them from the base tables.
package analyticsdb

import (
	"cmp"
	"context"
	"slices"

	"github.com/fnshub/fnshub/internal/analytics"
	"github.com/fnshub/fnshub/internal/store"
)

// pending is what one transaction adds to the rollups, summed per key and
// written just before it commits (store.Tx.Deferred): one upsert per
// table for a whole group, its rows in key order so that two PostgreSQL
// transactions touching the same hours lock them in the same order.
type pending struct {
	sales map[analytics.Key]analytics.Sales
	books map[analytics.Key]analytics.Books
}

type pendingKey struct{}

func pendingOf(tx *store.Tx) *pending {
	return tx.Deferred(pendingKey{}, func() store.Flusher {
		return &pending{sales: map[analytics.Key]analytics.Sales{}, books: map[analytics.Key]analytics.Books{}}
	}).(*pending)
}

// AddSales adds s to k's sales when the transaction commits.
func AddSales(tx *store.Tx, k analytics.Key, s analytics.Sales) {
	if s.IsZero() {
		return
	}
	p := pendingOf(tx)
	p.sales[k] = p.sales[k].Add(s)
}

// AddBooks adds b to k's books when the transaction commits.
func AddBooks(tx *store.Tx, k analytics.Key, b analytics.Books) {
	if b.IsZero() {
		return
	}
	p := pendingOf(tx)
	p.books[k] = p.books[k].Add(b)
}

const (
	upsertSales = ` ON CONFLICT (hour, shop, channel, currency) DO UPDATE SET orders = analytics_sales.orders + excluded.orders,
		gmv_minor = analytics_sales.gmv_minor + excluded.gmv_minor, refunds_minor = analytics_sales.refunds_minor + excluded.refunds_minor`
	upsertBooks = ` ON CONFLICT (hour, shop, channel, currency) DO UPDATE SET revenue_minor = analytics_books.revenue_minor + excluded.revenue_minor,
		cogs_minor = analytics_books.cogs_minor + excluded.cogs_minor`
)

// Flush writes the transaction's deltas.
func (p *pending) Flush(ctx context.Context, tx *store.Tx) error {
	var sales []any
	for _, k := range sortedKeys(p.sales) {
		s := p.sales[k]
		if !s.IsZero() {
			sales = append(sales, k.Hour, k.Shop, k.Channel, k.Currency, s.Orders, s.GMV, s.Refunds)
		}
	}
	if err := tx.InsertRowsLater(ctx, "analyticsdb: add sales", `INSERT INTO analytics_sales (hour, shop, channel, currency, orders, gmv_minor, refunds_minor) VALUES `,
		upsertSales, 7, sales); err != nil {
		return err
	}
	var books []any
	for _, k := range sortedKeys(p.books) {
		b := p.books[k]
		if !b.IsZero() {
			books = append(books, k.Hour, k.Shop, k.Channel, k.Currency, b.Revenue, b.COGS)
		}
	}
	return tx.InsertRowsLater(ctx, "analyticsdb: add books", `INSERT INTO analytics_books (hour, shop, channel, currency, revenue_minor, cogs_minor) VALUES `,
		upsertBooks, 6, books)
}

func sortedKeys[V any](m map[analytics.Key]V) []analytics.Key {
	keys := make([]analytics.Key, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b analytics.Key) int {
		return cmp.Or(cmp.Compare(a.Hour, b.Hour), cmp.Compare(a.Shop, b.Shop), cmp.Compare(a.Channel, b.Channel), cmp.Compare(a.Currency, b.Currency))
	})
	return keys
}
