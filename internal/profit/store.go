package profit

import "context"

// TxStore is what a use case's transaction changes of the profit facts;
// orders and postings feed them inside the order and ledger stores.
type TxStore interface {
	// RecordActuals sets what one reconciled payout (in currency) said of
	// each order it matched, costs positive, in place of what an earlier
	// run of the payout said. Orders in another currency are left to
	// their estimate.
	RecordActuals(ctx context.Context, payoutID int64, currency string, byOrder map[int64]Actual) error
}
