package recontest

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/recon"
)

type kind int

const (
	amazon kind = iota
	tmall
	shopify
)

type gen struct {
	opt    Options
	rnd    *rand.Rand
	m      *Month
	plats  []*gPlat
	nextID int64
}

type gPlat struct {
	k        kind
	p        *Platform
	cur      money.Currency
	days     int
	payouts  []*gPayout
	orders   []*gOrder
	notDue   []*gOrder
	commType string // the rated charge type
	commKind settlement.Kind
}

type gPayout struct {
	ref        string
	start, end time.Time
	dropped    bool
	totalDelta int64 // declared − Σ lines
	lines      []settlement.Line
	orders     []recon.Expected
}

type gItem struct {
	sku   string
	qty   int64
	gross int64 // in the order's currency
}

type gRefund struct {
	ref     string
	amount  int64
	at      time.Time
	refLess bool
}

type gOrder struct {
	id        int64
	ref       string
	payout    int
	cur       money.Currency
	items     []gItem
	paidAt    time.Time
	shippedAt time.Time
	refund    *gRefund
	split     bool
	// injected changes of the settlement side
	used        bool
	saleDelta   int64
	drop        bool
	notInHub    bool
	ghostRefund bool
	extraFee    bool
	drift       bool
	adjustment  bool
	unknown     bool
}

func (o *gOrder) gross() int64 {
	var t int64
	for _, it := range o.items {
		t += it.gross
	}
	return t
}

func (g *gen) platform(k kind) {
	p := &Platform{Orders: map[int64]recon.Expected{}}
	gp := &gPlat{k: k, p: p}
	switch k {
	case amazon:
		p.Name, p.Shop, p.Channel, gp.cur, gp.days = "amazon-like", "AMZ-US", "amazon", "USD", 2
		gp.commType, gp.commKind = "Commission", settlement.Commission
		p.Contract = recon.Contract{Commission: money.MustRate("0.15"),
			KnownFees: map[string]bool{"FBAPerUnitFulfillmentFee": true, "CostOfAdvertising": true, "Subscription Fee": true}}
	case tmall:
		p.Name, p.Shop, p.Channel, gp.cur, gp.days = "tmall-alipay-like", "TM-1", "tmall", "CNY", 1
		gp.commType, gp.commKind = "技术服务费", settlement.Commission
		p.Contract = recon.Contract{Commission: money.MustRate("0.05"), FeeRates: map[string]money.Rate{"支付宝服务费": money.MustRate("0.006")}}
	case shopify:
		p.Name, p.Shop, p.Channel, gp.cur, gp.days = "shopify-like", "SHOP-1", "shopify", "USD", 1
		gp.commType, gp.commKind = "fee", settlement.Fee
		p.Contract = recon.Contract{FeeRates: map[string]money.Rate{"fee": money.MustRate("0.029")}}
	}
	p.Contract.CycleDays, p.Contract.FeeTolerance = gp.days, 1
	for s := 0; s+gp.days <= 30; s += gp.days {
		start := monthStart.AddDate(0, 0, s)
		gp.payouts = append(gp.payouts, &gPayout{ref: fmt.Sprintf("%s-P%02d", p.Shop, len(gp.payouts)+1),
			start: start, end: start.AddDate(0, 0, gp.days)})
	}
	for pi := range gp.payouts {
		for n := 0; n < g.opt.OrdersPerPayout; n++ {
			gp.orders = append(gp.orders, g.order(gp, pi))
		}
	}
	for n := 0; n < 5; n++ {
		o := g.order(gp, len(gp.payouts)-1)
		o.shippedAt = gp.payouts[len(gp.payouts)-1].end.Add(time.Hour) // due after the month
		o.paidAt = o.shippedAt.Add(-time.Hour)
		if g.opt.PaidAtShipping {
			o.paidAt = o.shippedAt
		}
		gp.notDue = append(gp.notDue, o)
	}
	g.plats = append(g.plats, gp)
	g.m.Platforms = append(g.m.Platforms, p)
}

// order makes a clean order due in payout pi.
func (g *gen) order(gp *gPlat, pi int) *gOrder {
	g.nextID++
	po := gp.payouts[pi]
	o := &gOrder{id: g.nextID, ref: fmt.Sprintf("%s-%06d", gp.p.Shop, g.nextID), payout: pi, cur: gp.cur}
	due := po.start.Add(time.Duration(g.rnd.Int64N(int64(po.end.Sub(po.start)/time.Minute))) * time.Minute)
	o.shippedAt = due.AddDate(0, 0, -gp.days)
	o.paidAt = o.shippedAt.Add(-3 * time.Hour)
	if g.opt.PaidAtShipping {
		o.paidAt = o.shippedAt
	}
	n := 1
	if g.rnd.IntN(4) == 0 {
		n = 2
	}
	for i := 0; i < n; i++ {
		o.items = append(o.items, gItem{sku: fmt.Sprintf("SKU-%d", g.rnd.IntN(50)+i*100), qty: g.rnd.Int64N(3) + 1, gross: 1000 + g.rnd.Int64N(19000)})
	}
	if gp.k == shopify && g.rnd.IntN(5) == 0 {
		o.cur = "CAD"
	}
	switch {
	case o.cur == gp.cur && g.rnd.IntN(12) == 0:
		o.refund = &gRefund{ref: fmt.Sprintf("RF-%d", o.id), amount: o.gross() / (2 + g.rnd.Int64N(4))}
	case gp.k == amazon && n == 2 && pi+1 < len(gp.payouts) && g.rnd.IntN(3) == 0:
		o.split = true
	}
	return o
}

// candidates are orders an injection may change: plain, in a payout that
// is not dropped.
func (g *gen) pick(gp *gPlat, fx bool) *gOrder {
	for tries := 0; tries < 10000; tries++ {
		o := gp.orders[g.rnd.IntN(len(gp.orders))]
		if o.used || o.split || o.refund != nil || gp.payouts[o.payout].dropped || (o.cur != gp.cur) != fx {
			continue
		}
		o.used = true
		return o
	}
	if fx { // a month drew fewer foreign orders than FX injections: make one
		if o := g.pickPlain(gp); o != nil {
			o.cur, o.used = "CAD", true
			return o
		}
	}
	panic("recontest: not enough plain orders for the injections; raise OrdersPerPayout")
}

// pickPlain is the first plain order in gp's own currency an injection may
// change; build reads the currency after the injections, so it may still
// become a foreign one.
func (g *gen) pickPlain(gp *gPlat) *gOrder {
	for _, o := range gp.orders {
		if !o.used && !o.split && o.refund == nil && !gp.payouts[o.payout].dropped && o.cur == gp.cur {
			return o
		}
	}
	return nil
}

func (g *gen) inject() {
	classes := g.opt.Classes
	// Missing settlements first: the orders of a dropped payout are no
	// one's to change.
	for i := 0; i < g.opt.Injections; i++ {
		if classes[i%len(classes)] == recon.MissingSettlement {
			g.dropPayout(i)
		}
	}
	for i := 0; i < g.opt.Tiny; i++ {
		gp := g.plats[i%len(g.plats)]
		o := g.pick(gp, false)
		o.saleDelta = -TinyShort
		g.m.Tiny = append(g.m.Tiny, Injection{recon.ShortPayment, gp.payouts[o.payout].ref, "order:" + o.ref})
	}
	for i := 0; i < g.opt.Injections; i++ {
		if c := classes[i%len(classes)]; c != recon.MissingSettlement {
			g.injectOne(i, c)
		}
	}
	refLess := 0
	for _, gp := range g.plats {
		for _, o := range gp.orders {
			if o.refund != nil && refLess < g.opt.RefLess && !gp.payouts[o.payout].dropped {
				o.refund.refLess = true
				refLess++
			}
		}
	}
}

func (g *gen) dropPayout(i int) {
	for tries := 0; tries < 1000; tries++ {
		gp := g.plats[(i+tries)%len(g.plats)]
		n := len(gp.payouts)
		p := 1 + g.rnd.IntN(n-2)
		if gp.payouts[p].dropped || gp.payouts[p-1].dropped || gp.payouts[p+1].dropped {
			continue
		}
		gp.payouts[p].dropped = true
		g.m.Injected = append(g.m.Injected, Injection{recon.MissingSettlement, gp.payouts[p+1].ref,
			"period:" + gp.payouts[p].start.Format(time.RFC3339) + "/" + gp.payouts[p].end.Format(time.RFC3339)})
		return
	}
	panic("recontest: no payout left to drop")
}

func (g *gen) injectOne(i int, c recon.Class) {
	gp := g.plats[i%len(g.plats)]
	if c == recon.FXDifference {
		gp = g.plats[shopify]
	}
	payoutLevel := (c == recon.ShortPayment || c == recon.OverPayment) && (i/len(g.opt.Classes))%2 == 1 && gp.k != tmall
	if payoutLevel {
		for tries := 0; tries < 1000; tries++ {
			po := gp.payouts[g.rnd.IntN(len(gp.payouts))]
			if po.dropped || po.totalDelta != 0 {
				continue
			}
			po.totalDelta = 100 + g.rnd.Int64N(900)
			if c == recon.ShortPayment {
				po.totalDelta = -po.totalDelta
			}
			g.m.Injected = append(g.m.Injected, Injection{c, po.ref, "payout:" + po.ref})
			return
		}
		panic("recontest: no payout left for a total difference")
	}
	o := g.pick(gp, c == recon.FXDifference)
	pref := gp.payouts[o.payout].ref
	subject := "order:" + o.ref
	switch c {
	case recon.OrderNotOnPlatform:
		o.drop = true
	case recon.OrderNotInHub:
		o.notInHub = true
	case recon.ShortPayment:
		o.saleDelta = -(100 + g.rnd.Int64N(1900))
	case recon.OverPayment:
		o.saleDelta = 100 + g.rnd.Int64N(1900)
	case recon.FXDifference:
		o.saleDelta = 7 + g.rnd.Int64N(50)
		if g.rnd.IntN(2) == 0 {
			o.saleDelta = -o.saleDelta
		}
	case recon.FeeRateDrift:
		o.drift = true
		subject += "/type:" + gp.commType
	case recon.RefundNotInHub:
		o.ghostRefund = true
		subject = "line:" + lineKey(pref, o, "ghost")
	case recon.UnexpectedFee:
		o.extraFee = true
		subject = "line:" + lineKey(pref, o, "mystery")
	case recon.Adjustment:
		o.adjustment = true
		subject = "line:" + lineKey(pref, o, "adjust")
	case recon.UnknownLine:
		o.unknown = true
		subject = "line:" + lineKey(pref, o, "unknown")
	}
	g.m.Injected = append(g.m.Injected, Injection{c, pref, subject})
}

func lineKey(payout string, o *gOrder, what string) string {
	return fmt.Sprintf("%s/%s/%s", payout, o.ref, what)
}
