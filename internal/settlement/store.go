package settlement

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/money"
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
	// Recon is where its current reconciliation run stands: set by
	// Payouts (the list), nil there when it was never reconciled.
	Recon *ReconSummary
}

// ReconSummary is a payout's current reconciliation run in brief: its
// differences counted by class and what no difference explains.
type ReconSummary struct {
	RunID     int64
	ByClass   map[string]int
	Remainder money.Amount
}

// Differences is how many differences the run found.
func (r ReconSummary) Differences() int {
	n := 0
	for _, c := range r.ByClass {
		n += c
	}
	return n
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
	// PayoutLines returns every line of p in ID order, without Raw: what
	// reconciling it reads, in one statement.
	PayoutLines(ctx context.Context, p StoredPayout) ([]Line, error)
}

// The statuses of an import.
const (
	ImportApplied   = "applied"   // the file brought something new: lines, moves or payout changes
	ImportDuplicate = "duplicate" // everything in it was already stored; nothing changed
)

// Import is one settlement file's import as the hub records it.
type Import struct {
	ID             int64
	Shop           string
	Format         string
	FileName       string
	SHA256         string // of the file's bytes, hex
	LinesRead      int64
	LinesNew       int64
	LinesDuplicate int64
	Moved          int64 // lines that left a pending payout for their real one
	Payouts        int64 // distinct payouts the file holds
	Status         string
	By             string
	At             time.Time
	// PayoutIDs are the payouts the file names, as Finish returns them
	// (not kept with the record): where reconciling after the import
	// starts (docs/adr/0063).
	PayoutIDs []int64
}

// ImportStart is what is known of an import before its file is read.
type ImportStart struct {
	Shop     string
	Platform string // the format's platform, or the shop's channel
	Format   string
	FileName string
	SHA256   string
	By       string
	At       time.Time
	// MovesFromPending lets a line stored under the payout "pending" move
	// to its real payout (Shopify's balance transactions are listed before
	// they are paid out); any other change of a stored line is a conflict.
	MovesFromPending bool
}

// PendingPayout is the payout ref of lines not yet paid out (Shopify).
const PendingPayout = "pending"

// ImportWriter stores what a parser reads, as its Sink, inside the
// import's transaction; Finish writes what is left and the import's record.
type ImportWriter interface {
	Sink
	Finish(ctx context.Context) (Import, error)
}

// StoredMapping is one saved version of a generic-format mapping.
type StoredMapping struct {
	Mapping
	Version   int64
	CreatedAt time.Time
	CreatedBy string
}

// PayoutFilter selects stored payouts, newest first.
type PayoutFilter struct {
	Shop   string   // "" for every shop
	Shops  []string // when non-nil, only these (a scoped user's shops)
	Before int64    // the cursor: only payouts with ID < Before; 0 for the first page
	Limit  int
}

// ImportFilter selects recorded imports, newest first.
type ImportFilter struct {
	Shop   string
	Shops  []string
	Before int64
	Limit  int
}

// TxStore is the settlement store bound to one transaction
// (settlementdb.Bind).
type TxStore interface {
	Reader
	PullStore
	// BeginImport records a new import and returns the writer its file's
	// payouts and lines go to.
	BeginImport(ctx context.Context, s ImportStart) (ImportWriter, error)
	// Payouts lists stored payouts.
	Payouts(ctx context.Context, f PayoutFilter) ([]StoredPayout, error)
	// Imports lists recorded imports.
	Imports(ctx context.Context, f ImportFilter) ([]Import, error)
	// SaveMapping stores m as the next version of its name.
	SaveMapping(ctx context.Context, m Mapping, by string, at time.Time) (StoredMapping, error)
	// Mapping returns the newest version of the mapping called name.
	// Errors: fault NotFound.
	Mapping(ctx context.Context, name string) (StoredMapping, error)
	// Mappings returns the newest version of every mapping, by name.
	Mappings(ctx context.Context) ([]StoredMapping, error)
}
