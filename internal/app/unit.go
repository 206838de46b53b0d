package app

import (
	"context"

	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/invoice"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/profit"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/recon"
	"github.com/fnshub/fnshub/internal/settlement/terms"
)

// Stores are the stores of every domain a use case touches, all bound to
// one transaction: what is written through them commits together or not
// at all (docs/adr/0020-transactional-seam.md).
type Stores struct {
	Orders  order.TxStore
	Stock   inventory.TxStore
	Ledger  ledger.TxStore
	Maps    finance.TxMaps // account maps, for the posting rules
	Catalog catalog.TxStore
	// Jobs enqueues background work that runs only if the transaction
	// commits (docs/adr/0022-job-queue.md).
	Jobs job.TxStore
	// Sync is what the sync engine knows of the channels: push messages
	// received, and how far each shop's orders were pulled.
	Sync channel.SyncStore
	// Buyers keeps the buyers' data keys, corrected receivers and
	// erasures (docs/adr/0041).
	Buyers pii.TxStore
	// Invoices keeps invoice requests; a refund of an invoiced order
	// raises its red-letter request in the same transaction (ADR 48).
	Invoices invoice.TxStore
	// Recon keeps reconciliation runs (docs/adr/0045-reconciliation.md).
	Recon recon.TxStore
	// Settlements keeps the platforms' settlement files read into payouts
	// and lines (docs/adr/0044).
	Settlements settlement.TxStore
	// Terms reads the shops' settlement contracts, the matching rules and
	// the exchange rates (docs/adr/0049-finance-settings.md).
	Terms terms.TxStore
	// ARAP keeps B2B customers, suppliers and their documents
	// (docs/adr/0051-receivables-payables-cash.md).
	ARAP arap.TxStore
	// Profit takes the actuals of reconciled payouts onto the order lines'
	// profit facts (docs/adr/0050-profit.md).
	Profit profit.TxStore
}

// Unit is the unit of work the use cases run in. The engine side
// Urgent marks ctx's write transactions as ones someone is waiting on —
// a webhook's acknowledgement — so that where the engine has a single
// writer (SQLite) they take it before the background work queued for it.
func Urgent(ctx context.Context) context.Context { return context.WithValue(ctx, urgentKey{}, true) }

// IsUrgent reports whether ctx was marked Urgent.
func IsUrgent(ctx context.Context) bool { u, _ := ctx.Value(urgentKey{}).(bool); return u }

type urgentKey struct{}

// (internal/store/unit) implements it; cmd/fnshub builds it.
type Unit interface {
	// InTx runs fn in a write transaction and commits it. fn may run more
	// than once (a busy or serialization failure retries the whole
	// closure), so it must have no effect outside the Stores.
	InTx(ctx context.Context, fn func(Stores) error) error
	// Read runs fn in a read-only transaction: every read sees one
	// snapshot.
	Read(ctx context.Context, fn func(Stores) error) error
	// StockTx is InTx for a stock change whose movement is recorded under
	// key: it runs fn once more only when a same-key twin committed
	// meanwhile, so the second run replays the twin (ADR 18).
	StockTx(ctx context.Context, key string, fn func(Stores) error) error
}
