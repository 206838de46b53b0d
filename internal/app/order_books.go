package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
)

// booking is one entry an order needs, and where to keep its id. When event
// is set, the postings are the event's posting rule (internal/finance)
// applied to facts with the order's entity's account map; otherwise req is
// a reversal.
type booking struct {
	rec    *order.Record
	entity int64 // whose books; 0 is the order's (entityOf)
	req    ledger.Request
	keep   func(id int64)
	event  finance.Event
	facts  finance.Facts
}

// entityOf is the legal entity whose books an order is kept in: its
// shop's, which never changes once the shop exists (ADR 24).
func (w *work) entityOf(ctx context.Context, rec *order.Record) (int64, error) {
	return w.shops.EntityOf(ctx, rec.Shop)
}

// orderDims are the dimensions of an order's postings: its shop and
// channel, and the order as source, by which receivables are open per order.
func orderDims(rec *order.Record) ledger.Dims {
	return ledger.Dims{Shop: rec.Shop, Channel: rec.Channel, Source: ledger.Source{Kind: ledger.SourceOrder, ID: fmt.Sprint(rec.ID)}}
}

// accountMap returns the account map an entity posts with now, read once
// per transaction.
func (w *work) accountMap(ctx context.Context, entity int64) (finance.Map, error) {
	if m, ok := w.maps[entity]; ok {
		return m, nil
	}
	m, err := w.s.Maps.Current(ctx, entity)
	if err != nil {
		return finance.Map{}, err
	}
	if w.maps == nil {
		w.maps = map[int64]finance.Map{}
	}
	w.maps[entity] = m
	return m, nil
}

// book posts the group's payments, then its reversals (which may undo a
// payment posted a moment earlier in the same group).
func (w *work) book(ctx context.Context) error {
	var pays []booking
	for _, rec := range w.toPay {
		total, err := rec.Total()
		if err != nil {
			return err
		}
		if total.IsZero() || rec.PaidEntry != 0 {
			continue
		}
		b := paidEntry(rec, total, w.now, w.paidKeys[rec])
		b.keep = func(id int64) { rec.PaidEntry = id }
		pays = append(pays, b)
	}
	for _, rec := range w.toShip {
		if total, err := rec.Total(); err != nil || total.IsZero() {
			continue // nothing was paid, so there is nothing to recognise
		}
		b, err := revenueEntry(rec, w.now)
		if err != nil {
			return err
		}
		b.keep = func(id int64) { rec.RevenueEntry = id }
		pays = append(pays, b)
	}
	pays = append(pays, w.rebooks...)
	costs, err := w.costBookings(ctx)
	if err != nil {
		return err
	}
	pays = append(pays, costs...)
	pays = append(pays, w.refunds...)
	if err := w.post(ctx, pays); err != nil {
		return err
	}
	var undos []booking
	for _, rec := range w.toUndo {
		what := fmt.Sprintf("订单 %s %s / Order %s %s", rec.ExternalID, rec.Status, rec.ExternalID, rec.Status)
		if rec.RevenueEntry != 0 {
			undos = append(undos, booking{rec: rec, req: ledger.Request{SourceKey: entryKey(rec, "undo-revenue"), Reverses: rec.RevenueEntry,
				Description: what + ": revenue reversed"}, keep: func(int64) {}})
		}
		if rec.PaidEntry != 0 && rec.UndoEntry == 0 {
			undos = append(undos, booking{rec: rec, req: ledger.Request{SourceKey: entryKey(rec, "undo"), Reverses: rec.PaidEntry,
				Description: what + ": payment reversed"}, keep: func(id int64) { rec.UndoEntry = id }})
		}
	}
	return w.post(ctx, undos)
}

// post writes the bookings' entries and keeps their ids. A refused entry
// fails the transaction: an order is never half-booked.
func (w *work) post(ctx context.Context, bs []booking) error {
	if len(bs) == 0 {
		return nil
	}
	reqs := make([]ledger.Request, len(bs))
	for i, b := range bs {
		entity := b.entity
		if entity == 0 {
			var err error
			if entity, err = w.entityOf(ctx, b.rec); err != nil {
				return err
			}
		}
		b.req.Entity = entity
		if b.event != "" {
			m, err := w.accountMap(ctx, b.req.Entity)
			if err != nil {
				return err
			}
			p, err := finance.Postings(m, b.event, b.facts)
			if err != nil {
				return fmt.Errorf("app: entry %s: %w", b.req.SourceKey, err)
			}
			b.req.Postings, b.req.MapVersion = p.Postings, p.MapVersion
		}
		if err := b.req.Validate(); err != nil {
			return fmt.Errorf("app: entry %s: %w", b.req.SourceKey, err)
		}
		reqs[i] = b.req
	}
	outs, err := w.s.Ledger.Post(ctx, reqs, w.now)
	if err != nil {
		return err
	}
	for i, out := range outs {
		if out.Err != nil {
			return fmt.Errorf("app: entry %s: %w", reqs[i].SourceKey, out.Err)
		}
		bs[i].keep(out.Entry.ID)
		w.touch(bs[i].rec)
		w.event(order.TopicPosted, bs[i].rec, map[string]any{"entry": out.Entry.ID, "source_key": out.Entry.SourceKey})
	}
	return nil
}

// paidEntry books what the buyer paid as owed by the platform and, until
// delivery, owed to the buyer. key names a payment booked again after a
// newer version changed the total ("" for the first).
func paidEntry(rec *order.Record, total money.Amount, now time.Time, key string) booking {
	at := rec.PaidAt
	if at.IsZero() {
		at = now
	}
	if key == "" {
		key = "paid"
	}
	return booking{rec: rec, event: finance.OrderPaid, facts: finance.Facts{Total: total, Dims: orderDims(rec)}, req: ledger.Request{
		SourceKey:   entryKey(rec, key),
		Description: fmt.Sprintf("订单 %s 已付款 / Order %s paid (%s %s)", rec.ExternalID, rec.ExternalID, rec.Channel, rec.Shop),
		EffectiveAt: at,
	}}
}

// costBookings move the cost of shipped goods from inventory to cost of
// goods sold, one entry per valuation currency, in the order's entity for
// goods from its own warehouses (order.cost). Goods that left a warehouse
// of another entity are sold to the order's entity at cost
// (docs/adr/0027-inter-entity-stock.md): the warehouse's entity books them
// out of inventory against an inter-company receivable (stock.supplied,
// key order:{id}:supply:{entity}), the order's entity books their cost
// against an inter-company payable (order.cost_supplied, key
// order:{id}:cogs:{entity}); a currency suffix when there are several.
func (w *work) costBookings(ctx context.Context) ([]booking, error) {
	var bs []booking
	for _, rec := range w.toShip {
		if len(w.cogs[rec]) == 0 {
			continue
		}
		own, err := w.entityOf(ctx, rec)
		if err != nil {
			return nil, err
		}
		groups := make([]costOf, 0, len(w.cogs[rec]))
		multi := map[int64]int{}
		for g := range w.cogs[rec] {
			groups = append(groups, g)
			multi[g.entity]++
		}
		slices.SortFunc(groups, func(a, b costOf) int {
			if a.entity != b.entity {
				return cmp.Compare(a.entity, b.entity)
			}
			return cmp.Compare(a.currency, b.currency)
		})
		for _, g := range groups {
			cost := money.New(w.cogs[rec][g], g.currency)
			if cost.IsZero() {
				continue
			}
			suffix := ""
			if multi[g.entity] > 1 {
				suffix = ":" + string(g.currency)
			}
			what := fmt.Sprintf("订单 %s 发货成本 / Order %s: cost of goods shipped", rec.ExternalID, rec.ExternalID)
			facts := finance.Facts{Cost: cost, Dims: orderDims(rec)}
			if g.entity == own {
				bs = append(bs, booking{rec: rec, event: finance.OrderCost, facts: facts,
					req: ledger.Request{SourceKey: entryKey(rec, "cogs") + suffix, EffectiveAt: w.now, Description: what}, keep: func(int64) {}})
				continue
			}
			ic := fmt.Sprintf(" (关联方供货 / supplied inter-company by entity %d for entity %d)", g.entity, own)
			bs = append(bs,
				booking{rec: rec, entity: g.entity, event: finance.StockSupplied, facts: facts,
					req:  ledger.Request{SourceKey: entryKey(rec, fmt.Sprintf("supply:%d", g.entity)) + suffix, EffectiveAt: w.now, Description: what + ic},
					keep: func(int64) {}},
				booking{rec: rec, event: finance.OrderCostSupplied, facts: facts,
					req:  ledger.Request{SourceKey: entryKey(rec, fmt.Sprintf("cogs:%d", g.entity)) + suffix, EffectiveAt: w.now, Description: what + ic},
					keep: func(int64) {}})
		}
	}
	return bs, nil
}

// revenueEntry recognises a shipped order: the advance becomes revenue and
// output VAT, split per line by the SKU's rate. Shipping charged to the
// buyer is revenue without a VAT split of its own
// (docs/adr/0012-order-ingestion.md).
func revenueEntry(rec *order.Record, now time.Time) (booking, error) {
	total, err := rec.Total()
	if err != nil {
		return booking{}, err
	}
	net, tax := rec.ShippingFee, money.Zero(rec.Currency)
	if net.IsZero() {
		net = money.Zero(rec.Currency)
	}
	for _, l := range rec.Lines {
		if net, err = net.Add(l.Net); err != nil {
			return booking{}, err
		}
		if tax, err = tax.Add(l.Tax); err != nil {
			return booking{}, err
		}
	}
	return booking{rec: rec, event: finance.OrderShipped, facts: finance.Facts{Total: total, Net: net, Tax: tax, Dims: orderDims(rec)},
		req: ledger.Request{
			SourceKey:   entryKey(rec, "revenue"),
			Description: fmt.Sprintf("订单 %s 已发货，确认收入 / Order %s shipped: revenue recognised", rec.ExternalID, rec.ExternalID),
			EffectiveAt: now,
		}}, nil
}

// refundEntry takes a partial refund back out of revenue and output VAT;
// the platform owes that much less.
func refundEntry(rec *order.Record, amount, net, tax money.Amount, now time.Time) booking {
	return booking{rec: rec, event: finance.OrderRefunded, facts: finance.Facts{Total: amount, Net: net, Tax: tax, Dims: orderDims(rec)},
		req: ledger.Request{
			SourceKey:   entryKey(rec, fmt.Sprintf("refund:%d", rec.RefundSeq)),
			Description: fmt.Sprintf("订单 %s 部分退款 %s / Order %s: partial refund of %s", rec.ExternalID, amount, rec.ExternalID, amount),
			EffectiveAt: now,
		}, keep: func(int64) {}}
}

func entryKey(rec *order.Record, what string) string {
	return fmt.Sprintf("order:%d:%s", rec.ID, what)
}
