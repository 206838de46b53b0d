package app

import (
	"github.com/fnshub/fnshub/internal/profit"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/recon"
)

// actualsOf sums what a reconciliation run matched to each order of the
// platform's charges, as costs (a charge is negative on the payout): the
// commission, the fees (payment, service, fulfilment and the carrier
// charges the platform deducted) and the adjustments. Every matched order
// is listed, with nothing charged when nothing was: that it settled is an
// actual too (docs/adr/0050-profit.md).
func actualsOf(lines []settlement.Line, res recon.Result) map[int64]profit.Actual {
	out := map[int64]profit.Actual{}
	for _, m := range res.Matches {
		if m.OrderID == 0 || int(m.Line) >= len(lines) {
			continue
		}
		l, a := lines[m.Line], out[m.OrderID]
		cost := -l.Amount.Minor()
		switch l.Kind {
		case settlement.Commission:
			a.Commission += cost
		case settlement.Fee, settlement.Shipping:
			a.Fees += cost
		case settlement.Adjustment:
			a.Adjust += cost
		}
		out[m.OrderID] = a
	}
	return out
}
