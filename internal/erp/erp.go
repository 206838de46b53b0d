// Package erp turns the hub's journal entries into vouchers in an ERP's
// accounts and sends them there: to Kingdee 金蝶云星空, Yonyou YonSuite,
// NetSuite and Odoo over their APIs (one package each under internal/erp),
// or as a CSV/Excel file in each ERP's import layout. Every voucher carries
// the hub's id, so pushing it again finds it and creates nothing.
package erp

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

// Voucher is one journal voucher (凭证): one of the hub's ledger entries in
// the ERP's accounts. Its lines balance: Σ debits = Σ credits.
type Voucher struct {
	ID             string    // ours, stable: "FNS-<entity>-<entry id>"; the ERP keeps it (Kingdee and YonSuite at the head of each line's 摘要, NetSuite externalId, Odoo ref)
	Entity         int64     // the legal entity whose books it is
	EntryID        int64     // the ledger entry it comes from
	Date           time.Time // the entry's effective date, in the entity's zone
	Period         string    // YYYY-MM of Date
	Memo           string    // the entry's description
	Currency       money.Currency
	Lines          []Line
	MappingVersion int64 // the ERP account-map version the accounts came from
}

// Line is one voucher line: a debit or a credit (the other is zero) on an
// ERP account, with the hub's dimensions for the ERP's auxiliaries.
type Line struct {
	Account string       // the ERP's account code, after mapping
	Debit   money.Amount // ≥ 0
	Credit  money.Amount // ≥ 0
	Memo    string
	Dims    ledger.Dims
	// Aux are the ERP's auxiliary accounting codes (核算维度) the mapping
	// gives this line: name → code, e.g. Kingdee FDetailID flex fields
	// ("FFLEX6": "CUST001"), NetSuite department/class/location.
	Aux map[string]string
	// HubAccount is the hub's account code the line was mapped from.
	HubAccount string
}

// Outcome is what became of one voucher in a push.
type Outcome string

// The outcomes of a push.
const (
	Created Outcome = "created" // the ERP did not have it and now does
	Exists  Outcome = "exists"  // the ERP already had a voucher with our id: skipped, nothing created
	Failed  Outcome = "failed"  // refused or not reached; Err says why, and a retry may send it again
)

// Result is one voucher's outcome.
type Result struct {
	ID      string // Voucher.ID
	Outcome Outcome
	ERPRef  string // the ERP's own id or number of the voucher, when Created or Exists
	Err     error  // when Failed
}

// Pusher sends vouchers to one ERP's API. Push looks each voucher up by
// its ID first and skips one the ERP already holds, so a re-push after a
// partial failure creates nothing twice. It returns a result per voucher,
// in order; the error is for a failure that stopped the push as a whole
// (login refused, ERP unreachable), in which case the results may be short.
type Pusher interface {
	ERP() string // kingdee, yonyou, netsuite, odoo
	Push(ctx context.Context, vs []Voucher) ([]Result, error)
}
