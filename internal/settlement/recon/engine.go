package recon

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
)

// The waterfall's steps before the payout, in order.
const (
	stepSales = iota
	stepRefunds
	stepCommission
	stepFees
	stepAdjustments
	nSteps
)

var stepNames = [...]string{"sales", "refunds", "commission", "fees", "adjustments", "payout"}

var errOverflow = errors.New("recon: the payout's amounts add up beyond the representable range")

// engine is one reconciliation under way. Sums are int64 minor units of
// the payout's currency: every amount is in it or converted into it.
type engine struct {
	in        *Input
	cur       money.Currency
	conv      *converter
	byRef     map[string]int32
	named     []bool
	expected  [nSteps]int64
	actual    [nSteps]int64
	explained int64
	tolerated int64
	transfers int64
	hasXfer   bool
	overflow  bool
	res       Result
	payDims   ledger.Dims
	rates     rates
	arena     []Posting // the plan's postings are cut from it, a block at a time
	scratch   scratch
}

// scratch holds per-group buffers reused across groups, so a month of
// millions of orders does not allocate per order.
type scratch struct {
	sales, refunds, charges, others []int32
	matched                         []int32 // refund lines matched to a hub refund
	used                            []bool
	buckets                         []bucket
	group                           []Posting
}

// Reconcile reconciles one payout. Errors: Invalid for input it cannot
// read (a line in another currency than its payout, a kind it does not
// know, an order listed twice, a missing exchange rate).
func Reconcile(in Input) (Result, error) {
	e, err := newEngine(&in)
	if err != nil {
		return Result{}, err
	}
	if err := e.run(); err != nil {
		return Result{}, err
	}
	return e.res, nil
}

func newEngine(in *Input) (*engine, error) {
	cur := in.Payout.Currency
	if !cur.Valid() {
		return nil, fault.Invalidf("payout.currency", "payout_currency_invalid", "payout %q has no valid currency (%q)", in.Payout.Ref, cur)
	}
	e := &engine{in: in, cur: cur, conv: newConverter(in.FX, cur), byRef: make(map[string]int32, len(in.Orders)),
		named: make([]bool, len(in.Orders))}
	e.res = Result{Payout: in.Payout.Ref, Currency: cur, RulesVersion: in.Rules.Version,
		Matches: make([]Match, 0, len(in.Lines))}
	e.payDims = ledger.Dims{Shop: in.Shop, Channel: in.Channel,
		Source: ledger.Source{Kind: ledger.SourceAdjustment, ID: "payout:" + in.Payout.Ref}}
	e.rates = newRates(&in.Contract)
	for i, o := range in.Orders {
		if err := checkOrder(i, o); err != nil {
			return nil, err
		}
		if _, dup := e.byRef[o.Ref]; dup {
			return nil, fault.Invalidf(fmt.Sprintf("orders[%d].ref", i), "order_ref_duplicate", "order ref %q is listed twice; list each order once", o.Ref)
		}
		e.byRef[o.Ref] = int32(i)
	}
	for i, l := range in.Lines {
		if err := checkLine(i, l, cur); err != nil {
			return nil, err
		}
	}
	if len(in.Lines) > math.MaxInt32 || len(in.Orders) > math.MaxInt32 {
		return nil, fault.Invalidf("lines", "payout_too_large", "a payout of %d lines is beyond what one run reconciles", len(in.Lines))
	}
	return e, nil
}

func checkOrder(i int, o Expected) error {
	field := func() string { return fmt.Sprintf("orders[%d]", i) }
	switch {
	case o.Ref == "":
		return fault.Invalidf(field()+".ref", "order_ref_missing", "order %d has no external ref to match settlement lines by", o.OrderID)
	case !o.Currency.Valid() || o.Gross.Currency() != o.Currency:
		return fault.Invalidf(field()+".gross", "order_currency_invalid", "order %q: gross %s is not in its currency %q", o.Ref, o.Gross, o.Currency)
	case !o.SettledElsewhere.IsZero() && o.SettledElsewhere.Currency() != o.Currency:
		return fault.Invalidf(field()+".settled_elsewhere", "order_currency_invalid", "order %q: settled elsewhere %s is not in %s", o.Ref, o.SettledElsewhere, o.Currency)
	}
	for j, r := range o.Refunds {
		if r.Amount.Currency() != o.Currency || r.Amount.Sign() < 0 {
			return fault.Invalidf(fmt.Sprintf("%s.refunds[%d].amount", field(), j), "refund_amount_invalid",
				"order %q: refund %s must be a positive amount in %s", o.Ref, r.Amount, o.Currency)
		}
	}
	return nil
}

func checkLine(i int, l settlement.Line, cur money.Currency) error {
	field := func() string { return fmt.Sprintf("lines[%d]", i) }
	switch {
	case !l.Kind.Valid():
		return fault.Invalidf(field()+".kind", "line_kind_invalid", "line %q (row %d) has kind %q, not one of %v", l.Key, l.Row, l.Kind, settlement.Kinds())
	case l.Amount.Currency() != cur:
		return fault.Invalidf(field()+".amount", "line_currency_mismatch",
			"line %q (row %d) is in %s, its payout in %s; split the file by currency", l.Key, l.Row, l.Amount.Currency(), cur)
	}
	return nil
}

// run reconciles group by group, then looks for what the lines do not
// name: due orders and missing payouts.
func (e *engine) run() error {
	refs, offsets, order := e.groupLines()
	for g, ref := range refs {
		idx := order[offsets[g]:offsets[g+1]]
		if err := e.reconcileGroup(ref, idx); err != nil {
			return err
		}
	}
	if err := e.dueOrders(); err != nil {
		return err
	}
	e.missingSettlements()
	e.payoutTotal()
	if e.overflow {
		return errOverflow
	}
	e.finish()
	return nil
}

// groupLines buckets line indices by order ref with a counting sort: one
// map lookup per line and three flat slices, however many orders.
func (e *engine) groupLines() (refs []string, offsets []int32, order []int32) {
	gid := make([]int32, len(e.in.Lines))
	ids := make(map[string]int32, len(e.in.Lines)/3+1)
	var counts []int32
	for i := range e.in.Lines {
		ref := e.in.Lines[i].OrderRef
		g, ok := ids[ref]
		if !ok {
			g = int32(len(refs))
			ids[ref] = g
			refs = append(refs, ref)
			counts = append(counts, 0)
		}
		gid[i] = g
		counts[g]++
	}
	offsets = make([]int32, len(refs)+1)
	for g, c := range counts {
		offsets[g+1] = offsets[g] + c
	}
	next := slices.Clone(offsets[:len(refs)])
	order = make([]int32, len(e.in.Lines))
	for i, g := range gid {
		order[next[g]] = int32(i)
		next[g]++
	}
	return refs, offsets, order
}

// add adds b to *a, remembering an overflow instead of wrapping.
func (e *engine) add(a *int64, b int64) {
	s := *a + b
	if (b > 0 && s < *a) || (b < 0 && s > *a) {
		e.overflow = true
	}
	*a = s
}

func (e *engine) amount(minor int64) money.Amount { return money.New(minor, e.cur) }

// differ records a difference and counts its impact as explained.
func (e *engine) differ(d Difference) {
	e.add(&e.explained, d.Impact.Minor())
	e.res.Differences = append(e.res.Differences, d)
}

// split sorts a group's lines by what they are.
func (e *engine) split(idx []int32) {
	s := &e.scratch
	s.sales, s.refunds, s.charges, s.others = s.sales[:0], s.refunds[:0], s.charges[:0], s.others[:0]
	for _, i := range idx {
		switch e.in.Lines[i].Kind {
		case settlement.Sale, settlement.Promotion:
			s.sales = append(s.sales, i)
		case settlement.Refund:
			s.refunds = append(s.refunds, i)
		case settlement.Commission, settlement.Fee, settlement.Shipping, settlement.Advertising, settlement.TaxWithheld:
			s.charges = append(s.charges, i)
		default:
			s.others = append(s.others, i)
		}
	}
}

func (e *engine) sum(idx []int32) int64 {
	var t int64
	for _, i := range idx {
		e.add(&t, e.in.Lines[i].Amount.Minor())
	}
	return t
}

func (e *engine) keys(idx []int32) []string {
	out := make([]string, len(idx))
	for j, i := range idx {
		out[j] = e.in.Lines[i].Key
	}
	return out
}

// reconcileGroup reconciles the lines of one order ref ("" for the
// payout's own lines: ads, subscriptions, reserves, the transfer).
func (e *engine) reconcileGroup(ref string, idx []int32) error {
	e.split(idx)
	e.scratch.group = e.scratch.group[:0]
	s := &e.scratch
	var err error
	switch oi, known := e.byRef[ref]; {
	case ref == "":
		e.unmatchedLines(s.sales, OrderNotInHub, "a sale names no order")
		e.unmatchedLines(s.refunds, RefundNotInHub, "a refund names no order")
		e.charges(s.charges, 0, e.payDims)
	case !known:
		e.orderNotInHub(ref)
	default:
		e.named[oi] = true
		err = e.order(oi)
	}
	if err != nil {
		return err
	}
	e.otherLines(s.others)
	e.flushGroup()
	return nil
}

// orderNotInHub reports a settled order the hub does not have: a sync gap.
func (e *engine) orderNotInHub(ref string) {
	s := &e.scratch
	sale, refunds := e.sum(s.sales), e.sum(s.refunds)
	e.add(&e.actual[stepSales], sale)
	e.add(&e.actual[stepRefunds], refunds)
	if len(s.sales) == 0 {
		e.unmatchedRefunds(s.refunds, "its order is not in the hub either")
	} else {
		total := sale + refunds
		e.differ(Difference{Class: OrderNotInHub, Subject: "order:" + ref, OrderRef: ref,
			LineKeys: e.keys(append(slices.Clone(s.sales), s.refunds...)),
			Expected: e.amount(0), Actual: e.amount(total), Impact: e.amount(total),
			Message: fmt.Sprintf("the settlement pays %s for order %s, which the hub does not have: fetch the channel's orders again (a sync gap)",
				e.amount(total).Format(), ref)})
		e.post(finance.PlatformBalance, total, e.payDims)
		e.post(finance.SettlementDifference, -total, e.payDims)
	}
	e.charges(s.charges, sale+refunds, e.payDims)
}

// unmatchedLines reports sales or refunds that name no order, line by line.
func (e *engine) unmatchedLines(idx []int32, class Class, why string) {
	step := stepSales
	if class == RefundNotInHub {
		step = stepRefunds
	}
	for _, i := range idx {
		l := &e.in.Lines[i]
		e.add(&e.actual[step], l.Amount.Minor())
		e.differ(Difference{Class: class, Subject: "line:" + l.Key, LineKeys: []string{l.Key},
			Expected: e.amount(0), Actual: l.Amount, Impact: l.Amount,
			Message: fmt.Sprintf("%s (%s, row %d, %s): the hub cannot tell what it settles", why, l.Type, l.Row, l.Amount.Format())})
		e.post(finance.PlatformBalance, l.Amount.Minor(), e.payDims)
		e.post(finance.SettlementDifference, -l.Amount.Minor(), e.payDims)
	}
}

// unmatchedRefunds reports settlement refunds the hub has no refund for;
// their amounts are already counted in the refunds step.
func (e *engine) unmatchedRefunds(idx []int32, why string) {
	for _, i := range idx {
		l := &e.in.Lines[i]
		e.differ(Difference{Class: RefundNotInHub, Subject: "line:" + l.Key, OrderRef: l.OrderRef, LineKeys: []string{l.Key},
			Expected: e.amount(0), Actual: l.Amount, Impact: l.Amount,
			Message: fmt.Sprintf("the platform refunded %s on order %s (refund %q, row %d) and the hub has no such refund: %s",
				l.Amount.Format(), l.OrderRef, l.RefundRef, l.Row, why)})
		e.post(finance.PlatformBalance, l.Amount.Minor(), e.payDims)
		e.post(finance.SettlementDifference, -l.Amount.Minor(), e.payDims)
	}
}

// otherLines books adjustments, reserves, unknown lines and transfers.
func (e *engine) otherLines(idx []int32) {
	for _, i := range idx {
		l := &e.in.Lines[i]
		a := l.Amount.Minor()
		switch l.Kind {
		case settlement.Transfer:
			e.add(&e.transfers, a)
			e.hasXfer = true
		case settlement.Reserve:
			// A reserve is the platform's own, declared movement of the
			// merchant's money: expected as stated, booked to 1221.
			e.add(&e.expected[stepAdjustments], a)
			e.add(&e.actual[stepAdjustments], a)
			e.post(finance.PlatformBalance, a, e.payDims)
			e.post(finance.PlatformReserve, -a, e.payDims)
		default:
			class, what := Adjustment, "an adjustment (reimbursement, chargeback or correction) the hub could not expect"
			if l.Kind == settlement.Other {
				class, what = UnknownLine, "a line of a type the parser does not know"
			}
			e.add(&e.actual[stepAdjustments], a)
			e.differ(Difference{Class: class, Subject: "line:" + l.Key, OrderRef: l.OrderRef, Type: l.Type, LineKeys: []string{l.Key},
				Expected: e.amount(0), Actual: l.Amount, Impact: l.Amount,
				Message: fmt.Sprintf("%s: %q %s (row %d); booked to the settlement difference account until finance decides", what, l.Type, l.Amount.Format(), l.Row)})
			e.post(finance.PlatformBalance, a, e.payDims)
			e.post(finance.SettlementDifference, -a, e.payDims)
		}
	}
}

// period returns the payout's period, from its lines when the file gives none.
func (e *engine) period() (time.Time, time.Time) {
	start, end := e.in.Payout.Start, e.in.Payout.End
	if !start.IsZero() && !end.IsZero() {
		return start, end
	}
	for _, l := range e.in.Lines {
		if l.PostedAt.IsZero() {
			continue
		}
		if start.IsZero() || l.PostedAt.Before(start) {
			start = l.PostedAt
		}
		if end.IsZero() || l.PostedAt.After(end) {
			end = l.PostedAt
		}
	}
	return start, end
}

// payoutTotal compares what the platform declares it paid with the sum of
// its lines, and plans the move of the money to the bank.
func (e *engine) payoutTotal() {
	var lines int64
	for _, a := range e.actual {
		e.add(&lines, a)
	}
	declared := lines
	switch {
	case e.hasXfer:
		declared = -e.transfers
	case e.in.Payout.HasTotal:
		declared = e.in.Payout.Total.Minor()
	}
	moved := e.hasXfer || !e.in.Payout.DepositAt.IsZero()
	e.scratch.group = e.scratch.group[:0]
	if moved {
		e.post(finance.Cash, declared, e.payDims)
		e.post(finance.PlatformBalance, -declared, e.payDims)
	}
	if d := declared - lines; d != 0 {
		class, word := ShortPayment, "less"
		if d > 0 {
			class, word = OverPayment, "more"
		}
		e.differ(Difference{Class: class, Subject: "payout:" + e.in.Payout.Ref,
			Expected: e.amount(lines), Actual: e.amount(declared), Impact: e.amount(d),
			Message: fmt.Sprintf("payout %s declares %s, %s than its lines add up to (%s): ask the platform which lines are missing",
				e.in.Payout.Ref, e.amount(declared).Format(), word, e.amount(lines).Format())})
		if moved {
			e.post(finance.SettlementDifference, -d, e.payDims)
			e.post(finance.PlatformBalance, d, e.payDims)
		}
	}
	e.flushGroup()
	e.res.Waterfall.Steps = make([]Step, 0, nSteps+1)
	var exp int64
	for i := 0; i < nSteps; i++ {
		e.add(&exp, e.expected[i])
		e.res.Waterfall.Steps = append(e.res.Waterfall.Steps, Step{Name: stepNames[i], Expected: e.amount(e.expected[i]), Actual: e.amount(e.actual[i])})
	}
	e.res.Waterfall.Steps = append(e.res.Waterfall.Steps, Step{Name: stepNames[nSteps], Expected: e.amount(exp), Actual: e.amount(declared)})
	e.res.Waterfall.Explained = e.amount(e.explained)
	e.res.Waterfall.Tolerated = e.amount(e.tolerated)
	e.res.Waterfall.Remainder = e.amount(declared - exp - e.explained - e.tolerated)
}

// finish puts differences in a stable order: by class, then subject.
func (e *engine) finish() {
	rank := map[Class]int{}
	for i, c := range Classes() {
		rank[c] = i
	}
	slices.SortStableFunc(e.res.Differences, func(a, b Difference) int {
		if a.Class != b.Class {
			return rank[a.Class] - rank[b.Class]
		}
		return strings.Compare(a.Subject, b.Subject)
	})
	slices.Sort(e.res.Reconciled)
}
