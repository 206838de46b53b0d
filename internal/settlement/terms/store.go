package terms

import (
	"context"
	"time"
)

// TxStore reads the terms inside a use case's transaction.
type TxStore interface {
	RateReader
	// Contract returns the shop's current saved contract; false when
	// it has none (the caller falls back to DefaultContract).
	Contract(ctx context.Context, shop string) (Contract, bool, error)
	// Rules returns the shop's current rule set, else the current one for
	// every shop (scope ""); false when neither was saved.
	Rules(ctx context.Context, shop string) (Rules, bool, error)
}

// Saved is what saving a contract or rule set did.
type Saved struct {
	Version   int64
	Duplicate bool // the same as the current version: nothing was saved
}

// ImportOutcome is what an import of rates did.
type ImportOutcome struct {
	Added      int
	Duplicates int // the same value already stored for the pair and day
	Corrected  int // a different value replaced, the old kept in the history
}

// ImportOptions say how to treat a rate that differs from the stored one.
type ImportOptions struct {
	// Correct replaces a stored rate of another value, keeping the old in
	// the history; without it such a rate fails the whole import.
	Correct bool
	Now     time.Time
}
