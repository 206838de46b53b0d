package recon

import (
	"fmt"
	"strconv"
	"time"

	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

// orderCheck is what one order's lines settle against what the hub expects,
// in the payout's currency.
type orderCheck struct {
	rule        Rule
	expSale     money.Amount // the part of Gross this payout should settle, in the order's currency
	hubRefunds  money.Amount // the matched hub refunds, positive, in the order's currency
	saleConv    int64        // expSale converted
	refundsConv int64        // −hubRefunds converted, at each refund's date
	sale        int64        // the sale lines (sales and promotions)
	refunds     int64        // the matched refund lines
	partial     bool         // one part of a sale split over payouts
	allRefunds  bool         // every hub refund of the order matched
}

// order reconciles the lines of one hub order.
func (e *engine) order(oi int32) error {
	o := &e.in.Orders[oi]
	s := &e.scratch
	c := orderCheck{rule: RuleOrderRef, sale: e.sum(s.sales)}
	unmatched := e.matchRefunds(o, oi, &c)
	if err := e.expectSale(o, &c); err != nil {
		return err
	}
	if err := e.expectRefunds(o, &c); err != nil {
		return err
	}
	e.add(&e.expected[stepSales], c.saleConv)
	e.add(&e.expected[stepRefunds], c.refundsConv)
	e.add(&e.actual[stepSales], c.sale)
	e.add(&e.actual[stepRefunds], c.refunds)
	var unmatchedSum int64
	for _, i := range unmatched {
		e.add(&unmatchedSum, e.in.Lines[i].Amount.Minor())
	}
	e.add(&e.actual[stepRefunds], unmatchedSum)
	e.unmatchedRefunds(unmatched, "record the refund in the hub or ask the platform")

	d := c.sale + c.refunds - c.saleConv - c.refundsConv
	settleRole := e.classifyOrder(o, &c, d)
	for _, i := range s.sales {
		e.res.Matches = append(e.res.Matches, Match{Line: i, Refund: -1, Rule: c.rule, RulesVersion: int32(e.in.Rules.Version), OrderID: o.OrderID})
	}
	if !c.partial && c.allRefunds && o.SettledElsewhere.Minor()+c.expSale.Minor() == o.Gross.Minor() {
		e.res.Reconciled = append(e.res.Reconciled, o.OrderID)
	}
	od := orderDims(o)
	e.postOrder(o, &c, d, settleRole, od)
	e.charges(s.charges, c.sale+c.refunds+unmatchedSum, ledger.Dims{Shop: e.in.Shop, Channel: e.in.Channel, Source: od.Source})
	return nil
}

// matchRefunds matches the group's refund lines to the order's hub
// refunds: by refund id, then (rule RefundWindow) by amount and date. It
// returns the lines left unmatched.
func (e *engine) matchRefunds(o *Expected, oi int32, c *orderCheck) []int32 {
	s := &e.scratch
	s.used = s.used[:0]
	for range o.Refunds {
		s.used = append(s.used, false)
	}
	var unmatched []int32
	s.matched = s.matched[:0]
	hub := money.Zero(o.Currency)
	for _, i := range s.refunds {
		l := &e.in.Lines[i]
		j, rule := e.findRefund(o, l.RefundRef, l.Amount, l.PostedAt)
		if j < 0 {
			unmatched = append(unmatched, i)
			continue
		}
		s.used[j] = true
		s.matched = append(s.matched, i)
		hub, _ = hub.Add(o.Refunds[j].Amount)
		e.add(&c.refunds, l.Amount.Minor())
		e.res.Matches = append(e.res.Matches, Match{Line: i, Refund: int32(j), Rule: rule, RulesVersion: int32(e.in.Rules.Version), OrderID: o.OrderID})
	}
	c.hubRefunds = hub
	c.allRefunds = true
	for _, u := range s.used {
		c.allRefunds = c.allRefunds && u
	}
	return unmatched
}

// findRefund returns the index of the unused hub refund a settlement
// refund settles, and the rule that found it; -1 when none.
func (e *engine) findRefund(o *Expected, ref string, amount money.Amount, at time.Time) (int, Rule) {
	used := e.scratch.used
	if ref != "" {
		for j, r := range o.Refunds {
			if !used[j] && r.Ref == ref {
				return j, RuleRefundRef
			}
		}
	}
	w := e.in.Rules.RefundWindow
	if w <= 0 {
		return -1, 0
	}
	// A line with an id the hub does not know may still settle a hub
	// refund kept without one (the hub keeps an order's refunds as one
	// sum, ADR 45): by amount and date; never one the hub has another id for.
	best, bestGap := -1, time.Duration(0)
	for j, r := range o.Refunds {
		if used[j] || (ref != "" && r.Ref != "") || (r.Amount.Currency() == amount.Currency() && r.Amount.Minor() != -amount.Minor()) {
			continue
		}
		gap := at.Sub(r.At)
		if gap < 0 {
			gap = -gap
		}
		if gap <= w && (best < 0 || gap < bestGap) {
			best, bestGap = j, gap
		}
	}
	return best, RuleRefundDateWindow
}

// expectSale decides how much of the order's sale this payout should
// settle and by which rule it matched.
func (e *engine) expectSale(o *Expected, c *orderCheck) error {
	s := &e.scratch
	c.expSale = money.Zero(o.Currency)
	if len(s.sales) == 0 {
		// Only refunds or charges of the order: its sale settles elsewhere.
		return nil
	}
	remaining := money.New(max(o.Gross.Minor()-o.SettledElsewhere.Minor(), 0), o.Currency)
	switch {
	case len(s.sales) > 1:
		c.rule = RuleSplitLines
	}
	if !o.SettledElsewhere.IsZero() {
		c.rule = RuleSplitPayout
	}
	conv, err := e.conv.convert(remaining, o.PaidAt)
	if err != nil {
		return err
	}
	c.expSale, c.saleConv = remaining, conv.Minor()
	if c.sale == c.saleConv || !e.in.Rules.SplitPayouts {
		return nil
	}
	part, ok := e.settledPart(o)
	if !ok {
		return nil
	}
	pc, err := e.conv.convert(part, o.PaidAt)
	if err != nil {
		return err
	}
	if pc.Minor() == c.sale {
		c.expSale, c.saleConv, c.partial, c.rule = part, pc.Minor(), true, RuleSplitPayout
	}
	return nil
}

// settledPart returns the hub's gross of the order lines whose SKUs the
// payout's sale lines name, when they are some but not all of them: one
// shipment of an order shipped in several.
func (e *engine) settledPart(o *Expected) (money.Amount, bool) {
	if len(o.Lines) < 2 {
		return money.Amount{}, false
	}
	part := money.Zero(o.Currency)
	n := 0
	for _, ol := range o.Lines {
		for _, i := range e.scratch.sales {
			if l := &e.in.Lines[i]; l.SKU != "" && l.SKU == ol.SKU {
				part, _ = part.Add(ol.Gross)
				n++
				break
			}
		}
	}
	return part, n > 0 && n < len(o.Lines)
}

// expectRefunds converts the matched hub refunds at each one's date.
func (e *engine) expectRefunds(o *Expected, c *orderCheck) error {
	for j, r := range o.Refunds {
		if !e.scratch.used[j] {
			continue
		}
		neg, _ := r.Amount.Neg()
		at := r.At
		if at.IsZero() {
			at = o.PaidAt
		}
		conv, err := e.conv.convert(neg, at)
		if err != nil {
			return err
		}
		e.add(&c.refundsConv, conv.Minor())
	}
	return nil
}

// classifyOrder explains d, what the order's lines settle beyond what the
// hub expects, and returns the role its residual posts to.
func (e *engine) classifyOrder(o *Expected, c *orderCheck, d int64) finance.Role {
	if d == 0 {
		return ""
	}
	keys := e.keys(append(append([]int32(nil), e.scratch.sales...), e.scratch.matched...))
	exp, act := e.amount(c.saleConv+c.refundsConv), e.amount(c.sale+c.refunds)
	diff := Difference{Subject: "order:" + o.Ref, OrderID: o.OrderID, OrderRef: o.Ref, LineKeys: keys,
		Expected: exp, Actual: act, Impact: e.amount(d)}
	switch {
	case o.Currency != e.cur:
		diff.Class = FXDifference
		diff.Message = fmt.Sprintf("order %s was paid in %s and settled in %s: %s at the rate of the transaction date, %s settled, a residual of %s",
			o.Ref, o.Currency, e.cur, exp.Format(), act.Format(), e.amount(d).Format())
		e.differ(diff)
		return finance.FXDifference
	case abs(d) <= e.in.Rules.AmountTolerance:
		e.add(&e.tolerated, d)
		c.rule = RuleAmountWithinTolerance
		return finance.PlatformFee
	case o.SettledElsewhere.Minor() >= o.Gross.Minor() && c.sale != 0:
		diff.Class = OverPayment
		diff.Message = fmt.Sprintf("order %s was already settled by another payout and is paid again here (%s): ask the platform to take it back",
			o.Ref, e.amount(c.sale).Format())
	case d < 0:
		diff.Class = ShortPayment
		diff.Message = fmt.Sprintf("order %s settles %s, the hub expects %s: %s short", o.Ref, act.Format(), exp.Format(), e.amount(-d).Format())
	default:
		diff.Class = OverPayment
		diff.Message = fmt.Sprintf("order %s settles %s, the hub expects %s: %s more", o.Ref, act.Format(), exp.Format(), e.amount(d).Format())
	}
	e.differ(diff)
	return finance.SettlementDifference
}

// postOrder plans the clearing of the order's receivable: the platform
// balance takes what was settled, the receivable is credited with what
// the hub expected (its order.paid debit net of the refunds settled), and
// the residual goes to role.
func (e *engine) postOrder(o *Expected, c *orderCheck, d int64, role finance.Role, od ledger.Dims) {
	clearing := money.New(c.expSale.Minor()-c.hubRefunds.Minor(), o.Currency)
	settled := c.sale + c.refunds
	e.post(finance.PlatformBalance, settled, e.payDims)
	if o.Currency != e.cur {
		// Each currency balances on its own: the order's side clears the
		// receivable through fx_difference, the payout's side takes the
		// money from it, and what is left there at the rate is the residual.
		e.postAmount(finance.Receivable, neg(clearing), od)
		e.postAmount(finance.FXDifference, clearing, od)
		e.post(finance.FXDifference, -settled, od)
		return
	}
	e.post(finance.Receivable, -clearing.Minor(), od)
	if d != 0 {
		e.post(role, -d, od)
	}
}

func orderDims(o *Expected) ledger.Dims {
	return ledger.Dims{Shop: o.Shop, Channel: o.Channel, Source: ledger.Source{Kind: ledger.SourceOrder, ID: strconv.FormatInt(o.OrderID, 10)}}
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func neg(a money.Amount) money.Amount {
	n, _ := a.Neg()
	return n
}
