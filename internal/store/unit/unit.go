// Package unit is the engine side of the transactional seam: it runs
// internal/app's use cases in transactions of a store.DB, with every
// domain's store bound to the same transaction
// (docs/adr/0020-transactional-seam.md).
package unit

import (
	"context"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/arap/arapdb"
	"github.com/fnshub/fnshub/internal/catalog/catalogdb"
	"github.com/fnshub/fnshub/internal/channel/channeldb"
	"github.com/fnshub/fnshub/internal/finance/financedb"
	"github.com/fnshub/fnshub/internal/inventory/inventorydb"
	"github.com/fnshub/fnshub/internal/invoice/invoicedb"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/ledger/ledgerdb"
	"github.com/fnshub/fnshub/internal/order/orderdb"
	"github.com/fnshub/fnshub/internal/pii/piidb"
	"github.com/fnshub/fnshub/internal/profit/profitdb"
	"github.com/fnshub/fnshub/internal/settlement/recondb"
	"github.com/fnshub/fnshub/internal/settlement/settlementdb"
	"github.com/fnshub/fnshub/internal/settlement/termsdb"
	"github.com/fnshub/fnshub/internal/store"
)

// Unit implements app.Unit over a database.
type Unit struct{ db *store.DB }

var _ app.Unit = (*Unit)(nil)

// New returns the unit of work over db.
func New(db *store.DB) *Unit { return &Unit{db: db} }

// Stores binds every domain's store to tx.
func Stores(tx *store.Tx) app.Stores {
	return app.Stores{Orders: orderdb.Bind(tx), Stock: inventorydb.Bind(tx), Ledger: ledgerdb.Bind(tx), Maps: financedb.Bind(tx), Catalog: catalogdb.Bind(tx),
		Jobs: jobdb.Bind(tx), Sync: channeldb.Bind(tx), Buyers: piidb.Bind(tx), Invoices: invoicedb.Bind(tx),
		Recon: recondb.Bind(tx), Settlements: settlementdb.Bind(tx),
		Terms: termsdb.Bind(tx), ARAP: arapdb.Bind(tx),
		Profit: profitdb.Bind(tx)}
}

// InTx runs fn in a write transaction, retried whole on a busy or
// serialization failure (store.DB.InTx). On PostgreSQL a unique violation
// runs it once more: nothing serialises two nodes' transactions that create
// the same new order (or record an action under one key) but that index, so
// the second fails on it when the first commits; run again, it finds the
// first's row and treats it as any duplicate (docs/adr/0026). A violation
// that was no race fails the second run the same way.
func (u *Unit) InTx(ctx context.Context, fn func(app.Stores) error) error {
	if app.IsUrgent(ctx) {
		ctx = store.Urgent(ctx)
	}
	run := func(tx *store.Tx) error { return fn(Stores(tx)) }
	err := u.db.InTx(ctx, run)
	if err != nil && u.db.Engine() == store.Postgres && u.db.UniqueViolation(err) {
		err = u.db.InTx(ctx, run)
	}
	return err
}

// Read runs fn in a read-only transaction on the reader pool.
func (u *Unit) Read(ctx context.Context, fn func(app.Stores) error) error {
	return u.db.Read(ctx, func(tx *store.Tx) error { return fn(Stores(tx)) })
}

// StockTx runs fn as a stock change recorded under key (inventorydb.InTx).
func (u *Unit) StockTx(ctx context.Context, key string, fn func(app.Stores) error) error {
	return inventorydb.InTx(ctx, u.db, key, func(tx *store.Tx) error { return fn(Stores(tx)) })
}
