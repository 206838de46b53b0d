package order

import (
	"context"
	"time"
)

// TxStore is what a use case (internal/app) needs of stored orders inside
// one transaction, bound to it by the engine side (orderdb.Bind). Writes
// and locked loads run in a write transaction; the reads also run in a
// read one.
type TxStore interface {
	// NextIDs returns n new ids for the table ("orders", "raw_events"),
	// ascending, from the engine and without locking any row: they may
	// have gaps, need not be consecutive, and need not commit in order
	// (docs/adr/0026-what-serialises.md).
	NextIDs(ctx context.Context, table string, n int) ([]int64, error)
	// InsertRawEvents stores payloads whose ids came from NextIDs.
	InsertRawEvents(ctx context.Context, evs []RawEvent) error
	// LoadByKeys returns the stored orders among keys, with their lines
	// and the versions received so far, locked on PostgreSQL.
	LoadByKeys(ctx context.Context, keys []Key) (map[Key]*Record, error)
	// LoadByID returns one order with lines and versions, locked when lock
	// is set (in a write transaction). Errors: NotFound.
	LoadByID(ctx context.Context, id ID, lock bool) (*Record, error)
	// InsertOrders stores new orders and their lines.
	InsertOrders(ctx context.Context, recs []*Record) error
	// ReplaceLines writes r's lines in place of those stored.
	ReplaceLines(ctx context.Context, r *Record) error
	// UpdateOrder writes back what processing may change on an existing
	// order; lines change only through ReplaceLines.
	UpdateOrder(ctx context.Context, r *Record) error
	// InsertVersions records versions as received; a second effect of one
	// version fails the transaction.
	InsertVersions(ctx context.Context, vs []Version) error
	// InsertEvents appends events to the outbox.
	InsertEvents(ctx context.Context, evs []Event) error
	// LookupAction returns the action done under key, its result laid over
	// current; ok is false when the key is new.
	LookupAction(ctx context.Context, key string, current *Record) (a Action, ok bool, err error)
	// InsertAction records a done action; a second one under its key fails
	// the transaction.
	InsertAction(ctx context.Context, a Action) error

	// List returns orders newest first, with their lines.
	List(ctx context.Context, f Filter) ([]*Record, error)
	// Versions lists every version received of order id, oldest first.
	Versions(ctx context.Context, id ID) ([]Version, error)
	// Events lists the event trail of order id, oldest first.
	Events(ctx context.Context, id ID) ([]Event, error)
	// HeldIDs lists the orders on hold for one of reasons, oldest first.
	HeldIDs(ctx context.Context, reasons []HoldReason) ([]ID, error)
	// SettleableCreated lists the settleable orders (booked as paid, not
	// undone) of channel and shop created in [from, to), newest first.
	SettleableCreated(ctx context.Context, channel, shop string, from, to time.Time) ([]Settleable, error)
	// SettleableByKeys returns the settleable orders among keys.
	SettleableByKeys(ctx context.Context, keys []Key) (map[Key]Settleable, error)

	// RawEvents lists kept payloads, oldest first.
	RawEvents(ctx context.Context, f RawFilter) ([]RawEvent, error)
	// SetRawOutcome records how a kept payload was last answered ("" when
	// it was taken in), after a replay.
	SetRawOutcome(ctx context.Context, id int64, outcome, message string) error

	// Count returns how many orders are stored.
	Count(ctx context.Context) (int, error)
	// Offenders runs the stored-data check named check (Checks) and
	// returns each offending order with the count the check found.
	Offenders(ctx context.Context, check string) ([]Offender, error)
}

// Offender is an order a check found at fault, and how many rows (or which
// version) it found.
type Offender struct {
	OrderID ID
	Found   int64
}

// Checks names the invariants of stored orders (DESIGN.md §5) that a
// TxStore checks with Offenders, in the order they are reported.
func Checks() []string {
	return []string{CheckOneCreatingVersion, CheckNewestVersionWins, CheckLinesHaveOrder, CheckVersionsHaveOrder,
		CheckContentInEffect, CheckUndoneHoldNoStock}
}

const (
	CheckOneCreatingVersion = "I5 one creating version"
	CheckNewestVersionWins  = "I6 newest version wins"
	CheckLinesHaveOrder     = "lines belong to an order"
	CheckVersionsHaveOrder  = "versions belong to an order"
	CheckContentInEffect    = "I6 content of the newest version in effect"
	CheckUndoneHoldNoStock  = "I4 undone orders hold no stock"
)
