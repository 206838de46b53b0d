package ledger

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/money"
)

// Reconciled are the reconciliation figures of a close report: how many
// platform payouts of the month are not matched to the books yet, and the
// differences still open, per currency.
type Reconciled struct {
	UnreconciledPayouts int64          `json:"unreconciled_payouts"`
	OpenDifferences     []money.Amount `json:"open_differences"`
}

// ReconciliationSource is the seam through which reconciliation
// (internal/reconcile, docs/adr/0045) gives the close report its figures:
// the payouts dated in [start, end) left unmatched and the differences
// still open. Until it lands, NoReconciliation reports zeros; wiring the
// real source is one argument to NewPeriods.
type ReconciliationSource interface {
	Reconciliation(ctx context.Context, entity int64, start, end time.Time) (Reconciled, error)
}

// NoReconciliation is the ReconciliationSource of books without
// reconciliation: nothing unreconciled, no open differences.
type NoReconciliation struct{}

// Reconciliation reports zeros.
func (NoReconciliation) Reconciliation(context.Context, int64, time.Time, time.Time) (Reconciled, error) {
	return Reconciled{OpenDifferences: []money.Amount{}}, nil
}
