package app

import (
	"github.com/fnshub/fnshub/internal/profit"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/recon"
)

// actualsOf sums what a reconciliation run says the platform charged each
// order it matched, as costs (a charge is negative on the payout): the
// commission, the fees (payment, service, fulfilment and the carrier
// charges the platform deducted) and the adjustments. A charge line counts
// for the order it was matched to, or else for the order its order ref
// names among those matched. Every matched order is listed, with nothing
// charged when nothing was: that it settled is an actual too
// (docs/adr/0050-profit.md).
func actualsOf(lines []settlement.Line, res recon.Result) map[int64]profit.Actual {
	out := map[int64]profit.Actual{}
	byRef := map[string]int64{}
	matched := make(map[int32]int64, len(res.Matches))
	for _, m := range res.Matches {
		if m.OrderID == 0 || int(m.Line) >= len(lines) {
			continue
		}
		matched[m.Line] = m.OrderID
		out[m.OrderID] = profit.Actual{}
		if ref := lines[m.Line].OrderRef; ref != "" {
			byRef[ref] = m.OrderID
		}
	}
	for i, l := range lines {
		id, ok := matched[int32(i)]
		if !ok {
			if id, ok = byRef[l.OrderRef]; !ok || l.OrderRef == "" {
				continue
			}
		}
		a, cost := out[id], -l.Amount.Minor()
		switch l.Kind {
		case settlement.Commission:
			a.Commission += cost
		case settlement.Fee, settlement.Shipping:
			a.Fees += cost
		case settlement.Adjustment:
			a.Adjust += cost
		}
		out[id] = a
	}
	return out
}
