package recon

import (
	"fmt"
	"math"
	"math/bits"
	"strconv"
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

// rates are the contract's rates as integers: a money.Rate has at most
// six decimal places, so rate × 10⁶ is exact and rate × base is integer
// arithmetic — decimal arithmetic per order was a third of a month's time.
type rates struct {
	c          *Contract
	commission int64
	fees       map[string]int64
}

const rateScale = 1_000_000

func newRates(c *Contract) rates {
	r := rates{c: c, commission: scaled(c.Commission), fees: make(map[string]int64, len(c.FeeRates))}
	for t, v := range c.FeeRates {
		r.fees[t] = scaled(v)
	}
	return r
}

func scaled(r money.Rate) int64 {
	m, _ := money.New(rateScale, "XXX").MulRate(r) // exact: six places at most
	return m.Minor()
}

// of returns the contract's rate for a charge (× 10⁶), whether it has
// one, and whether the contract knows the charge at all.
func (r *rates) of(k settlement.Kind, typ string) (rate int64, rated, known bool) {
	if v, ok := r.fees[typ]; ok {
		return v, true, true
	}
	if k == settlement.Commission {
		return r.commission, true, true
	}
	return 0, false, r.c.KnownFees[typ]
}

// charge returns base × rate rounded half away from zero, as
// money.Amount.MulRate does; ok is false when it would overflow.
func charge(base, rate int64) (int64, bool) {
	neg := base < 0
	if neg {
		base = -base
	}
	hi, lo := bits.Mul64(uint64(base), uint64(rate))
	lo, carry := bits.Add64(lo, rateScale/2, 0)
	hi += carry
	if hi >= rateScale {
		return 0, false
	}
	q, _ := bits.Div64(hi, lo, rateScale)
	if q > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(q), true
	}
	return int64(q), true
}

// checkBucket books one charge Type's lines and explains what it differs
// from the contract by.
func (e *engine) checkBucket(b *bucket, idx []int32, base int64, dims ledger.Dims) {
	step := stepFees
	if b.kind == settlement.Commission {
		step = stepCommission
	}
	rate, rated, known := e.rates.of(b.kind, b.typ)
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
func (e *engine) checkRate(b *bucket, step int, rate int64, base int64, keys []string, orderRef string, dims ledger.Dims) {
	c, ok := charge(base, rate)
	if !ok {
		e.overflow = true
		return
	}
	exp := -c
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

// percent writes a rate × 10⁶ as a percentage: 150000 is "15".
func percent(r int64) string {
	whole, frac := r/10_000, r%10_000
	s := strconv.FormatInt(whole, 10)
	if frac != 0 {
		s += "." + strings.TrimRight(fmt.Sprintf("%04d", frac), "0")
	}
	return s
}
