package settlement

import (
	"cmp"
	"slices"
	"time"
)

// PaidAt is when a payout reached the merchant: its deposit, or the end
// of its period when the file gives no deposit.
func (p Payout) PaidAt() time.Time {
	if p.DepositAt.IsZero() {
		return p.End
	}
	return p.DepositAt
}

// SortForReconcile puts a shop's payouts in the order they are
// reconciled: oldest deposit first, then by id. What a payout settles of
// an order, the payouts after it read (docs/adr/0062), so the CLI, the
// API and the automatic reconciliation must all book them in this order.
func SortForReconcile(ps []StoredPayout) {
	slices.SortFunc(ps, func(a, b StoredPayout) int {
		return cmp.Or(a.PaidAt().Compare(b.PaidAt()), cmp.Compare(a.ID, b.ID))
	})
}
