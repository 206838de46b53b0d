package recon

import (
	"fmt"
	"time"
)

// gapTolerance is how far apart two consecutive payout periods may be and
// still be contiguous: files state a period's end as the next one's start
// or as the last second of its last day.
const gapTolerance = time.Hour

// dueOrders reports hub orders due in this payout's period that its lines
// do not name.
func (e *engine) dueOrders() error {
	start, end := e.period()
	if start.IsZero() || end.IsZero() {
		return nil
	}
	wait := time.Duration(e.in.Contract.CycleDays+e.in.Contract.GraceDays) * 24 * time.Hour
	for i := range e.in.Orders {
		o := &e.in.Orders[i]
		if e.named[i] || o.SettledElsewhere.Minor() >= o.Gross.Minor() {
			continue
		}
		from := o.ShippedAt
		if from.IsZero() {
			from = o.PaidAt
		}
		due := from.Add(wait)
		// Half-open: an order due at the instant one period ends and the
		// next starts is the next one's, or the hub's list of orders
		// around both would flag it in the first as not on the platform.
		if due.Before(start) || !due.Before(end) {
			continue
		}
		if err := e.notOnPlatform(o, due); err != nil {
			return err
		}
	}
	return nil
}

func (e *engine) notOnPlatform(o *Expected, due time.Time) error {
	sale, err := e.conv.convert(o.Gross, o.PaidAt)
	if err != nil {
		return err
	}
	if !o.SettledElsewhere.IsZero() {
		rest, err := e.conv.convert(o.SettledElsewhere, o.PaidAt)
		if err != nil {
			return err
		}
		sale = e.amount(sale.Minor() - rest.Minor())
	}
	var refunds int64
	for _, r := range o.Refunds {
		c, err := e.conv.convert(neg(r.Amount), r.At)
		if err != nil {
			return err
		}
		e.add(&refunds, c.Minor())
	}
	e.add(&e.expected[stepSales], sale.Minor())
	e.add(&e.expected[stepRefunds], refunds)
	exp := sale.Minor() + refunds
	e.differ(Difference{Class: OrderNotOnPlatform, Subject: "order:" + o.Ref, OrderID: o.OrderID, OrderRef: o.Ref,
		Expected: e.amount(exp), Actual: e.amount(0), Impact: e.amount(-exp),
		Message: fmt.Sprintf("order %s (%s) was due to settle by %s and the settlement does not name it: ask the platform, or check it was not cancelled",
			o.Ref, e.amount(exp).Format(), due.UTC().Format(time.DateOnly))})
	return nil
}

// missingSettlements reports the gap between the shop's previous imported
// payout and this one, when the platform settles on a cycle.
func (e *engine) missingSettlements() {
	start, _ := e.period()
	if e.in.Contract.CycleDays <= 0 || start.IsZero() {
		return
	}
	var prev Period
	for _, p := range e.in.Periods {
		if p.Ref == e.in.Payout.Ref || p.End.After(start.Add(gapTolerance)) {
			continue
		}
		if prev.End.IsZero() || p.End.After(prev.End) {
			prev = p
		}
	}
	if prev.End.IsZero() || start.Sub(prev.End) <= gapTolerance {
		return
	}
	cycle := time.Duration(e.in.Contract.CycleDays) * 24 * time.Hour
	n := (start.Sub(prev.End) + cycle/2) / cycle
	if n < 1 {
		n = 1
	}
	from, to := prev.End.UTC().Format(time.RFC3339), start.UTC().Format(time.RFC3339)
	e.differ(Difference{Class: MissingSettlement, Subject: "period:" + from + "/" + to,
		Expected: e.amount(0), Actual: e.amount(0), Impact: e.amount(0),
		Message: fmt.Sprintf("no settlement was imported for %s to %s, between payout %s and %s: about %d payout(s) of a %d-day cycle; import them",
			from, to, prev.Ref, e.in.Payout.Ref, n, e.in.Contract.CycleDays)})
}
