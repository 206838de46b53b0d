package recon

import (
	"fmt"
	"strings"

	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
)

// bucket is one charge Type of one order: its lines and their sum.
type bucket struct {
	kind   settlement.Kind
	typ    string
	actual int64
	first  int // index into scratch.charges of its first line
}

// expenseRole is where a charge is booked when the contract has it.
func expenseRole(k settlement.Kind) finance.Role {
	switch k {
	case settlement.Commission:
		return finance.Commission
	case settlement.Advertising:
		return finance.Advertising
	case settlement.Shipping:
		return finance.ShippingExpense
	case settlement.TaxWithheld:
		// Tax the platform collects and remits itself comes off the
		// output tax the order's shipment booked.
		return finance.OutputVAT
	default:
		return finance.PlatformFee
	}
}

// charges checks an order's (or the payout's) charges against the
// contract, Type by Type, on base: the sales net of refunds they were
// charged on.
func (e *engine) charges(idx []int32, base int64, dims ledger.Dims) {
	if len(idx) == 0 {
		return
	}
	s := &e.scratch
	s.buckets = s.buckets[:0]
	for n, i := range idx {
		l := &e.in.Lines[i]
		b := e.bucketOf(l.Kind, l.Type, n)
		e.add(&b.actual, l.Amount.Minor())
	}
	for bi := range s.buckets {
		e.checkBucket(&s.buckets[bi], idx, base, dims)
	}
}

func (e *engine) bucketOf(k settlement.Kind, typ string, n int) *bucket {
	s := &e.scratch
	for i := range s.buckets {
		if s.buckets[i].kind == k && s.buckets[i].typ == typ {
			return &s.buckets[i]
		}
	}
	s.buckets = append(s.buckets, bucket{kind: k, typ: typ, first: n})
	return &s.buckets[len(s.buckets)-1]
}

// rateOf returns the contract's rate for a charge, whether it has one,
// and whether the contract knows the charge at all.
func (c *Contract) rateOf(k settlement.Kind, typ string) (rate money.Rate, rated, known bool) {
	if r, ok := c.FeeRates[typ]; ok {
		return r, true, true
	}
	if k == settlement.Commission {
		return c.Commission, true, true
	}
	return money.Rate{}, false, c.KnownFees[typ]
}

// checkBucket books one charge Type's lines and explains what it differs
// from the contract by.
func (e *engine) checkBucket(b *bucket, idx []int32, base int64, dims ledger.Dims) {
	step := stepFees
	if b.kind == settlement.Commission {
		step = stepCommission
	}
	rate, rated, known := e.in.Contract.rateOf(b.kind, b.typ)
	role := expenseRole(b.kind)
	if !known {
		role = finance.SettlementDifference
	}
	var keys []string
	for _, i := range idx[b.first:] {
		l := &e.in.Lines[i]
		if l.Kind != b.kind || l.Type != b.typ {
			continue
		}
		d := dims
		d.SKU = l.SKU
		e.post(finance.PlatformBalance, l.Amount.Minor(), e.payDims)
		e.post(role, -l.Amount.Minor(), d)
		if !known || rated {
			keys = append(keys, l.Key)
		}
	}
	e.add(&e.actual[step], b.actual)
	ref := dims.Source.ID
	if dims.Source.Kind == ledger.SourceOrder {
		ref = e.in.Lines[idx[b.first]].OrderRef
	}
	switch {
	case !known:
		e.add(&e.expected[step], 0)
		e.differ(Difference{Class: UnexpectedFee, Subject: "line:" + keys[0], OrderRef: e.in.Lines[idx[b.first]].OrderRef, Type: b.typ,
			LineKeys: keys, Expected: e.amount(0), Actual: e.amount(b.actual), Impact: e.amount(b.actual),
			Message: fmt.Sprintf("the platform charged %s of %q (%s), a fee the shop's contract does not have: dispute it, or add the type to the contract and reconcile again",
				e.amount(-b.actual).Format(), b.typ, ref)})
	case !rated:
		// A fee the contract has without a rate: as charged.
		e.add(&e.expected[step], b.actual)
	default:
		e.checkRate(b, step, rate, base, keys, e.in.Lines[idx[b.first]].OrderRef, dims)
	}
}

// checkRate holds a rated charge to rate × base.
func (e *engine) checkRate(b *bucket, step int, rate money.Rate, base int64, keys []string, orderRef string, dims ledger.Dims) {
	charge, err := money.New(base, e.cur).MulRate(rate)
	if err != nil {
		e.overflow = true
		return
	}
	exp := -charge.Minor()
	e.add(&e.expected[step], exp)
	d := b.actual - exp
	switch {
	case d == 0:
	case abs(d) <= e.in.Contract.FeeTolerance:
		e.add(&e.tolerated, d)
	default:
		subject := "payout:" + e.in.Payout.Ref + "/type:" + b.typ
		if orderRef != "" {
			subject = "order:" + orderRef + "/type:" + b.typ
		}
		var oid int64
		if dims.Source.Kind == ledger.SourceOrder {
			oid = e.in.Orders[e.byRef[orderRef]].OrderID
		}
		e.differ(Difference{Class: FeeRateDrift, Subject: subject, OrderID: oid, OrderRef: orderRef, Type: b.typ, LineKeys: keys,
			Expected: e.amount(exp), Actual: e.amount(b.actual), Impact: e.amount(d),
			Message: fmt.Sprintf("%q on %s is %s; the contract's %s%% of %s is %s: the platform charged %s %s",
				b.typ, orEmpty(orderRef, "the payout"), e.amount(-b.actual).Format(), percent(rate), e.amount(base).Format(),
				e.amount(-exp).Format(), e.amount(abs(d)).Format(), moreOrLess(d))})
		// The contract's charge is the expense; the drift waits in the
		// difference account until the platform answers.
		e.post(expenseRole(b.kind), d, dims)
		e.post(finance.SettlementDifference, -d, dims)
	}
}

func orEmpty(s, alt string) string {
	if s == "" {
		return alt
	}
	return "order " + s
}

func moreOrLess(d int64) string {
	if d < 0 {
		return "too much"
	}
	return "too little"
}

func percent(r money.Rate) string {
	s := r.String()
	// Rates are fractions; people read percentages.
	f, rest, _ := strings.Cut(s, ".")
	rest += "00"
	out := strings.TrimLeft(f+rest[:2], "0")
	if out == "" {
		out = "0"
	}
	if tail := strings.TrimRight(rest[2:], "0"); tail != "" {
		out += "." + tail
	}
	return out
}
