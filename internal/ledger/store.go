package ledger

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/money"
)

// Store persists the ledger. Implementations live in ledger/ledgerdb.
type Store interface {
	// CreateAccount adds an account. Errors: Conflict if the code exists.
	CreateAccount(ctx context.Context, a Account) error
	// EnsureAccounts adds the accounts that do not exist yet, leaving others.
	EnsureAccounts(ctx context.Context, as []Account) error
	// Accounts lists the chart in code order.
	Accounts(ctx context.Context) ([]Account, error)
	// Post writes the requests in one transaction, in order, and reports an
	// outcome for each. A request that fails on its own (unknown account,
	// conflicting key, entry already reversed) gets an Outcome.Err and does
	// not stop the others; the returned error means nothing was written.
	Post(ctx context.Context, reqs []Request, now time.Time) ([]Outcome, error)
	// Entry returns one entry. Errors: NotFound.
	Entry(ctx context.Context, id int64) (Entry, error)
	// ReversedBy returns the entry that reverses id, or 0 when none does.
	ReversedBy(ctx context.Context, id int64) (int64, error)
	// Entries returns up to limit entries of entity with ID > after, in chain order.
	Entries(ctx context.Context, entity, after int64, limit int) ([]Entry, error)
	// Walk calls fn for every entry in (Entity, Seq) order, for verification.
	Walk(ctx context.Context, fn func(Entry) error) error
	// Balances returns the stored balance of every entity, account and currency.
	Balances(ctx context.Context) ([]Balance, error)
	// BalancesAt sums entity's postings effective at or before at, per account
	// and currency; with shops, only the postings of those shops.
	BalancesAt(ctx context.Context, entity int64, at time.Time, shops []string) ([]Balance, error)
	// Heads returns every entity's chain head.
	Heads(ctx context.Context) ([]Head, error)
	// Movements returns the postings matching q, in (effective time, entry,
	// line) order, at most q.Limit, after q.After.
	Movements(ctx context.Context, q MovementQuery) ([]Movement, error)
	// Sum totals the postings matching q (Limit and After ignored), per currency.
	Sum(ctx context.Context, q MovementQuery) ([]money.Amount, error)
	// ReceivableCheck returns, per entity and currency, the balance of the
	// given accounts from postings with an order source and from all postings.
	ReceivableCheck(ctx context.Context, accounts []string) ([]ReceivableTotals, error)
}

// Head is one entity's chain head: its last entry's Seq and hash.
type Head struct {
	Entity int64
	Seq    int64
	Hash   []byte
}

// ReceivableTotals compares, for one entity and currency, the receivable
// accounts' postings that name an order with all of them.
type ReceivableTotals struct {
	Entity    int64
	Currency  money.Currency
	ByOrder   int64 // Σ postings with source kind order
	All       int64 // Σ all postings
	Stored    int64 // Σ stored balances
	Unsourced int64 // number of postings without an order source
}

// Outcome is what happened to one request of a Post.
type Outcome struct {
	Entry    Entry
	Replayed bool // the source key was seen before with the same content; Entry is the original
	Err      error
}

// Balance is an account's balance in one currency: debits minus credits.
type Balance struct {
	Entity  int64
	Account string
	Amount  money.Amount
}

// TxStore is what a use case (internal/app) needs of the ledger inside one
// transaction, bound to it by the engine side (ledgerdb.Bind): its entries
// commit together with the order or stock change they book.
type TxStore interface {
	// Post writes the requests, validated by the caller (Request.Validate),
	// in order, as Store.Post does but inside the transaction.
	Post(ctx context.Context, reqs []Request, now time.Time) ([]Outcome, error)
	// Balances returns the stored balance of every entity, account and currency.
	Balances(ctx context.Context) ([]Balance, error)
}
