package recon

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
)

// Run statuses: a payout has one current run; a re-run supersedes it.
const (
	RunCurrent    = "current"
	RunSuperseded = "superseded"
)

// Run is a stored reconciliation run of one payout.
type Run struct {
	ID           int64
	PayoutID     int64
	PayoutRef    string
	Shop         string
	RulesVersion int
	Status       string
	SupersededBy int64
	Currency     money.Currency
	Waterfall    Waterfall
	Differences  int
	Entries      []RunEntry
	// Fingerprint identifies the run's answer (entries and differences):
	// reconciling again to the same answer is a duplicate.
	Fingerprint string
	CreatedAt   time.Time
}

// RunEntry is one ledger entry a run posted, and its reversal once the
// payout was reconciled again.
type RunEntry struct {
	Seq        int
	EntryID    int64
	ReversedBy int64
}

// StoredMatch is a match as stored: by line key, with the line's kind and
// amount so later runs of other payouts know how much of an order is settled.
type StoredMatch struct {
	LineKey      string
	Kind         settlement.Kind
	Amount       money.Amount
	OrderID      int64
	Refund       int
	Rule         string
	RulesVersion int
}

// TxStore is what the reconciliation use case keeps of runs, inside its
// transaction (recondb implements it on both engines).
type TxStore interface {
	// Current returns the payout's current run with its entries; ok is
	// false when it was never reconciled.
	Current(ctx context.Context, payoutID int64) (r Run, ok bool, err error)
	// Insert stores r as the payout's current run. When replaced is not
	// nil it is superseded first, its entries' ReversedBy recorded.
	Insert(ctx context.Context, r Run, replaced *Run, ms []StoredMatch, ds []Difference) (int64, error)
	// Runs returns every run of a payout, newest first.
	Runs(ctx context.Context, payoutID int64) ([]Run, error)
	// Differences returns a run's differences in the engine's order.
	Differences(ctx context.Context, runID int64) ([]Difference, error)
	// Settled returns, per order, the sales (and promotions) that current
	// runs of other payouts than payoutID matched to it.
	Settled(ctx context.Context, orderIDs []int64, payoutID int64) (map[int64]money.Amount, error)
}
