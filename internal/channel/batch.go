package channel

import "context"

// BatchStockPusher is what a connector whose platform writes many
// listings' quantities in one call offers besides PushStock (Shopify's
// inventorySetQuantities takes many quantities). Under a platform's call
// rate limit it lets one call carry every listing that is due, instead of
// one listing per call (ADR 33).
type BatchStockPusher interface {
	// MaxStockBatch is the most pushes one PushStocks call takes (≥ 1).
	MaxStockBatch() int

	// PushStocks writes every push, each with PushStock's meaning, and
	// answers one outcome per push, in their order. Each push succeeds or
	// fails on its own: a compare mismatch is that push's *Error of kind
	// Conflict carrying the platform's current quantity; a failure of the
	// call itself (throttle, outage) is every undecided push's error. On a
	// platform whose call writes all or none, a push that was not written
	// only because another push of the call was refused fails with
	// ErrNotApplied, so the caller pushes it again with a value it reads
	// anew; the connector does not resend it on its own, since by then the
	// value it holds may be stale.
	PushStocks(ctx context.Context, pushes []StockPush) []StockOutcome
}

// StockOutcome is one push's result in a batch: Result when Err is nil.
type StockOutcome struct {
	Result StockResult
	Err    error
}

// ErrNotApplied is a batch's push left unwritten because another push of
// the same all-or-nothing call was refused. It is no fault of its own:
// push it again.
var ErrNotApplied = &Error{Kind: Unavailable, Message: "not written: another push of the same all-or-nothing call was refused"}
