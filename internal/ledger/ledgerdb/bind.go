package ledgerdb

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/store"
)

// Bind returns the ledger.TxStore that runs every call in tx, so a use
// case's entries commit with the rest of its transaction.
func Bind(tx *store.Tx) ledger.TxStore { return bound{tx} }

type bound struct{ tx *store.Tx }

func (b bound) Post(ctx context.Context, reqs []ledger.Request, now time.Time) ([]ledger.Outcome, error) {
	return PostTx(ctx, b.tx, reqs, now)
}

func (b bound) Balances(ctx context.Context) ([]ledger.Balance, error) {
	return balancesTx(ctx, b.tx, balancesQuery)
}
