package settlement

import (
	"context"
	"time"
)

// StoredPayout is a payout as the hub keeps it: imported for one shop.
type StoredPayout struct {
	ID       int64
	Shop     string
	Platform string // the Format's platform, or the shop's channel
	Format   string
	Payout
	ImportID   int64 // the import that first brought it
	Lines      int64 // how many lines it holds
	ImportedAt time.Time
}

// StoredLine is a settlement line as the hub keeps it.
type StoredLine struct {
	ID       int64
	PayoutID int64
	Line
}

// Reader is what reconciliation reads of stored settlements, inside the
// transaction it runs in (settlementdb implements it).
type Reader interface {
	// Payout returns one stored payout. Errors: fault NotFound.
	Payout(ctx context.Context, id int64) (StoredPayout, error)
	// Lines returns up to limit lines of a payout with ID > after, in ID order.
	Lines(ctx context.Context, payoutID, after int64, limit int) ([]StoredLine, error)
}
