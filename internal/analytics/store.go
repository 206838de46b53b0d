package analytics

import "context"

// Filter narrows the rollup rows an overview reads.
type Filter struct {
	FromHour, ToHour int64    // half-open
	Shops            []string // nil: every shop
	Channels         []string // nil: every channel
	// DaysAt, when set, folds the hours into days of a zone that is this
	// many hours ahead of UTC all through the range (Range.FixedOffset):
	// each row's Hour is then its day's first hour.
	DaysAt *int64
}

// Row is one rollup row as read.
type Row struct {
	Key
	Sales
	Books
}

// Store reads the rollups.
type Store interface {
	// Rows returns the rollup rows in f, sales and books of one key
	// together.
	Rows(ctx context.Context, f Filter) ([]Row, error)
}

// Exception is how many orders wait on hold for one reason.
type Exception struct {
	Reason string `json:"reason"`
	Count  int64  `json:"count"`
}

// Exceptions reads the held orders of shops (nil: every shop) by reason.
type Exceptions interface {
	Exceptions(ctx context.Context, shops []string) ([]Exception, error)
}
