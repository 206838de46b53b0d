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
	// Entries returns up to limit entries with ID > after, in ID order.
	Entries(ctx context.Context, after int64, limit int) ([]Entry, error)
	// Walk calls fn for every entry in ID order, for verification.
	Walk(ctx context.Context, fn func(Entry) error) error
	// Balances returns the stored balance of every account and currency.
	Balances(ctx context.Context) ([]Balance, error)
	// BalancesAt sums postings effective at or before at, per account and currency.
	BalancesAt(ctx context.Context, at time.Time) ([]Balance, error)
	// Head returns the id and hash of the last entry in the chain.
	Head(ctx context.Context) (id int64, hash []byte, err error)
}

// Outcome is what happened to one request of a Post.
type Outcome struct {
	Entry    Entry
	Replayed bool // the source key was seen before with the same content; Entry is the original
	Err      error
}

// Balance is an account's balance in one currency: debits minus credits.
type Balance struct {
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
	// Balances returns the stored balance of every account and currency.
	Balances(ctx context.Context) ([]Balance, error)
}
