package recontest

import (
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/recon"
)

// build writes every payout's lines and every run's hub side.
func (g *gen) build() {
	for _, gp := range g.plats {
		for _, o := range gp.orders {
			g.settle(gp, o)
		}
		last := gp.payouts[len(gp.payouts)-1]
		for _, o := range gp.notDue {
			e := g.expected(o, 0)
			e.Shop, e.Channel = gp.p.Shop, gp.p.Channel
			gp.p.Orders[o.id] = e
			last.orders = append(last.orders, e)
		}
		for pi, po := range gp.payouts {
			if !po.dropped {
				g.payoutLines(gp, pi, po)
				gp.p.Periods = append(gp.p.Periods, recon.Period{Ref: po.ref, Start: po.start, End: po.end})
			}
		}
		for _, po := range gp.payouts {
			if po.dropped {
				continue
			}
			gp.p.Runs = append(gp.p.Runs, Run{Input: recon.Input{Shop: gp.p.Shop, Channel: gp.p.Channel, Payout: g.payout(gp, po),
				Lines: po.lines, Orders: po.orders, Contract: gp.p.Contract, FX: Rates, Periods: gp.p.Periods}})
		}
	}
}

func (g *gen) expected(o *gOrder, settledBefore int64) recon.Expected {
	e := recon.Expected{OrderID: o.id, Ref: o.ref, Shop: "", Currency: o.cur, Gross: money.New(o.gross(), o.cur),
		PaidAt: o.paidAt, ShippedAt: o.shippedAt, SettledElsewhere: money.New(settledBefore, o.cur)}
	for _, it := range o.items {
		e.Lines = append(e.Lines, recon.ExpectedLine{SKU: it.sku, Quantity: it.qty, Gross: money.New(it.gross, o.cur)})
	}
	if o.refund != nil {
		e.Refunds = []recon.Refund{{Ref: o.refund.ref, Amount: money.New(o.refund.amount, o.cur), At: o.refund.at}}
	}
	return e
}

// settle writes an order's lines into its payout (and, for a split
// order, its second item's into the next) and the hub's side of each.
func (g *gen) settle(gp *gPlat, o *gOrder) {
	po := gp.payouts[o.payout]
	if po.dropped {
		return
	}
	at := o.shippedAt.AddDate(0, 0, gp.days)
	if o.refund != nil {
		o.refund.at = at.Add(-5 * time.Hour)
	}
	items := o.items
	if o.split {
		items = items[:1]
	}
	if !o.drop {
		g.orderLines(gp, po, o, items, at, true)
	}
	if !o.notInHub {
		e := g.expected(o, 0)
		e.Shop, e.Channel = gp.p.Shop, gp.p.Channel
		gp.p.Orders[o.id] = e
		po.orders = append(po.orders, e)
	}
	if o.split && !gp.payouts[o.payout+1].dropped {
		next := gp.payouts[o.payout+1]
		g.orderLines(gp, next, o, o.items[1:], next.start.Add(time.Hour), false)
		e := g.expected(o, o.items[0].gross)
		e.Shop, e.Channel = gp.p.Shop, gp.p.Channel
		next.orders = append(next.orders, e)
	}
}

type liner struct {
	po  *gPayout
	o   *gOrder
	at  time.Time
	seq int
}

func (l *liner) add(k settlement.Kind, typ string, minor int64, cur money.Currency, sku, key string) {
	if key == "" {
		l.seq++
		key = fmt.Sprintf("%s/%s/%d", l.po.ref, l.o.ref, l.seq)
	}
	l.po.lines = append(l.po.lines, settlement.Line{Key: key, PayoutRef: l.po.ref, Kind: k, Type: typ, OrderRef: l.o.ref,
		SKU: sku, Amount: money.New(minor, cur), PostedAt: l.at, Row: len(l.po.lines) + 2})
}

// orderLines writes the lines of items of o into po: sales, refund,
// charges at the contract's rates on what was settled, and the injected.
func (g *gen) orderLines(gp *gPlat, po *gPayout, o *gOrder, items []gItem, at time.Time, first bool) {
	l := &liner{po: po, o: o, at: at}
	if !first {
		l.seq = 100
	}
	cur := gp.cur
	var base int64
	sale := func(typ string, minor int64, sku string) {
		l.add(settlement.Sale, typ, minor, cur, sku, "")
		base += minor
	}
	delta := o.saleDelta
	switch gp.k {
	case amazon:
		for _, it := range items {
			if it.gross > 5000 && o.id%3 == 0 {
				sale("Principal", it.gross+200+delta, it.sku)
				l.add(settlement.Promotion, "Promotion", -200, cur, it.sku, "")
				base -= 200
			} else {
				sale("Principal", it.gross+delta, it.sku)
			}
			delta = 0
			l.add(settlement.Fee, "FBAPerUnitFulfillmentFee", -350*it.qty, cur, it.sku, "")
		}
	case tmall:
		for _, it := range items {
			sale("交易", it.gross+delta, "")
			delta = 0
		}
	case shopify:
		gross := o.gross()
		if o.cur != cur {
			r, _ := Rates(o.cur, cur, o.paidAt)
			c, _ := r.Convert(money.New(gross, o.cur), cur)
			gross = c.Minor()
		}
		sale("charge", gross+delta, "")
	}
	if o.refund != nil && first {
		ref := o.refund.ref
		if o.refund.refLess {
			ref = ""
		}
		l.add(settlement.Refund, refundType(gp.k), -o.refund.amount, cur, "", "")
		po.lines[len(po.lines)-1].RefundRef = ref
		base -= o.refund.amount
	}
	if o.ghostRefund {
		l.add(settlement.Refund, refundType(gp.k), -(100 + o.id%400), cur, "", lineKey(po.ref, o, "ghost"))
		po.lines[len(po.lines)-1].RefundRef = fmt.Sprintf("GHOST-%d", o.id)
		base -= 100 + o.id%400
	}
	g.charges(gp, l, o, base)
	if o.extraFee {
		l.add(settlement.Fee, "MysteryFee", -50, cur, "", lineKey(po.ref, o, "mystery"))
	}
	if o.adjustment {
		l.add(settlement.Adjustment, "REVERSAL_REIMBURSEMENT", 200, cur, "", lineKey(po.ref, o, "adjust"))
	}
	if o.unknown {
		l.add(settlement.Other, "MiscUnknown", -150, cur, "", lineKey(po.ref, o, "unknown"))
	}
}

func refundType(k kind) string {
	switch k {
	case tmall:
		return "退款"
	case shopify:
		return "refund"
	}
	return "Principal"
}

// charges writes the platform's charges on base, at the contract's rates
// or, for an order with injected drift, two points above.
func (g *gen) charges(gp *gPlat, l *liner, o *gOrder, base int64) {
	cur := gp.cur
	rated := func(kind settlement.Kind, typ, rate string) {
		c, _ := money.New(base, cur).MulRate(money.MustRate(rate))
		l.add(kind, typ, -c.Minor(), cur, "", "")
	}
	switch gp.k {
	case amazon:
		rated(settlement.Commission, "Commission", pick(o.drift, "0.17", "0.15"))
	case tmall:
		rated(settlement.Commission, "技术服务费", pick(o.drift, "0.07", "0.05"))
		rated(settlement.Fee, "支付宝服务费", "0.006")
	case shopify:
		rated(settlement.Fee, "fee", pick(o.drift, "0.049", "0.029"))
	}
}

func pick(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

// payoutLines writes the payout's own lines: ads, subscription and
// reserves for Amazon, the transfer for Shopify.
func (g *gen) payoutLines(gp *gPlat, pi int, po *gPayout) {
	l := &liner{po: po, o: &gOrder{}, at: po.end.Add(-time.Hour)}
	add := func(k settlement.Kind, typ string, minor int64) {
		l.seq++
		po.lines = append(po.lines, settlement.Line{Key: fmt.Sprintf("%s/-/%d", po.ref, l.seq), PayoutRef: po.ref, Kind: k, Type: typ,
			Amount: money.New(minor, gp.cur), PostedAt: l.at, Row: len(po.lines) + 2})
	}
	switch gp.k {
	case amazon:
		add(settlement.Advertising, "CostOfAdvertising", -2500)
		if pi == 0 {
			add(settlement.Fee, "Subscription Fee", -3999)
		} else {
			add(settlement.Reserve, "Previous Reserve Amount Balance", 10000)
		}
		add(settlement.Reserve, "Current Reserve Amount", -10000)
	case shopify:
		add(settlement.Transfer, "payout", -(sumLines(po.lines) + po.totalDelta))
	}
}

func sumLines(ls []settlement.Line) int64 {
	var t int64
	for _, l := range ls {
		if l.Kind != settlement.Transfer {
			t += l.Amount.Minor()
		}
	}
	return t
}

func (g *gen) payout(gp *gPlat, po *gPayout) settlement.Payout {
	p := settlement.Payout{Ref: po.ref, Currency: gp.cur, Start: po.start, End: po.end}
	if gp.k != tmall {
		p.HasTotal, p.Total, p.DepositAt = true, money.New(sumLines(po.lines)+po.totalDelta, gp.cur), po.end.Add(24*time.Hour)
	}
	return p
}
