package app

import (
	"context"

	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/order/orderdb"
	"github.com/fnshub/fnshub/internal/store"
)

// commit runs a group of order versions in one transaction. If that
// transaction fails as a whole, each version runs alone, so that one bad
// order cannot fail the others.
func (o *Orders) commit(ctx context.Context, ps []*pending) ([]Result, error) {
	res, err := o.commitGroup(ctx, ps)
	if err == nil || len(ps) == 1 {
		return res, err
	}
	out := make([]Result, len(ps))
	for i := range ps {
		r, err := o.commitGroup(ctx, ps[i:i+1])
		if err != nil {
			r = []Result{{Err: err}}
		}
		out[i] = r[0]
	}
	return out, nil
}

func (o *Orders) commitGroup(ctx context.Context, ps []*pending) ([]Result, error) {
	var results []Result
	err := o.db.InTx(ctx, func(tx *store.Tx) error {
		w := newWork(tx, o.clock(), o.opt.Split)
		var err error
		results, err = w.ingest(ctx, ps)
		return err
	})
	return results, err
}

// ingest applies each version in turn to the orders it names, then carries
// out the group's effects together: one routing pass and one reservation
// call, two ledger calls, and multi-row writes.
func (w *work) ingest(ctx context.Context, ps []*pending) ([]Result, error) {
	if err := w.storeRaw(ctx, ps); err != nil {
		return nil, err
	}
	if err := w.load(ctx, ps); err != nil {
		return nil, err
	}
	results := make([]Result, len(ps))
	for i, p := range ps {
		results[i] = w.apply(p, w.rawIDs[i].ID)
	}
	if err := w.finish(ctx); err != nil {
		return nil, err
	}
	return results, nil
}

func (w *work) storeRaw(ctx context.Context, ps []*pending) error {
	first, err := orderdb.NextIDs(ctx, w.tx, "raw_events", len(ps))
	if err != nil {
		return err
	}
	raws := make([]orderdb.RawEvent, len(ps))
	for i, p := range ps {
		raws[i] = p.raw
		raws[i].ID = first + int64(i)
	}
	w.rawIDs = raws
	return orderdb.InsertRawEvents(ctx, w.tx, raws)
}

// load reads the orders the group names and hands out ids for new ones.
func (w *work) load(ctx context.Context, ps []*pending) error {
	keys := make([]order.Key, len(ps))
	for i, p := range ps {
		keys[i] = p.ord.Key()
	}
	var err error
	if w.orders, err = orderdb.LoadByKeys(ctx, w.tx, keys); err != nil {
		return err
	}
	fresh := map[order.Key]bool{}
	for _, k := range keys {
		if w.orders[k] == nil {
			fresh[k] = true
		}
	}
	if len(fresh) > 0 {
		w.nextID, err = orderdb.NextIDs(ctx, w.tx, "orders", len(fresh))
	}
	return err
}

// apply decides what one version does: create the order, change it, or
// nothing (a duplicate or an older version).
func (w *work) apply(p *pending, rawID int64) Result {
	rec := w.orders[p.ord.Key()]
	v := p.ord.Version
	switch {
	case rec == nil:
		return Result{Order: w.create(p, rawID), Effect: EffectCreated}
	case rec.Versions[v]:
		return Result{Order: rec, Effect: EffectDuplicate, Replayed: true}
	case v < rec.Version:
		w.record(rec, p, rawID, orderdb.Stale)
		return Result{Order: rec, Effect: EffectStale}
	}
	if err := w.update(rec, p, rawID); err != nil {
		return Result{Err: err}
	}
	return Result{Order: rec, Effect: EffectApplied}
}

func (w *work) create(p *pending, rawID int64) *orderdb.Record {
	rec := &orderdb.Record{Order: p.ord, Contact: p.contact, RawEventID: rawID, Versions: map[int64]bool{}}
	rec.ID, rec.UpdatedAt = w.nextID, w.now
	w.nextID++
	w.orders[rec.Key()] = rec
	w.fresh, w.isChanged[rec.ID] = append(w.fresh, rec), true
	w.record(rec, p, rawID, orderdb.Created)
	w.event("order.ingested", rec, map[string]any{"status": rec.Status, "version": rec.Version, "external_id": rec.ExternalID})
	if rec.Status == order.Paid {
		w.pay(rec, p)
	}
	return rec
}

// update applies a newer version: payment, or cancellation and refund
// before the order is complete. The state machine refuses the rest, before
// anything changes: a refused version leaves no trace.
func (w *work) update(rec *orderdb.Record, p *pending, rawID int64) error {
	to := p.ord.Status
	if err := legalUpstream(rec.Status, to); err != nil {
		return err
	}
	if rec.Status == order.AwaitingPayment {
		w.reprice(rec, p) // until it is paid, the seller may still change prices (改价)
	}
	switch {
	case to == order.Paid && rec.Status == order.AwaitingPayment:
		rec.PaidAt = p.ord.PaidAt
		rec.Status = order.Paid
		w.pay(rec, p)
	case to == order.Cancelled || to == order.Refunded:
		if err := w.undo(rec, to); err != nil {
			return err
		}
	}
	rec.Version, rec.RawEventID, rec.UpdatedAt = p.ord.Version, rawID, w.now
	w.touch(rec)
	w.record(rec, p, rawID, orderdb.Applied)
	return nil
}

// legalUpstream refuses what a channel may not say about an order in this
// state: unpaid again once paid, paid once undone, cancelled or refunded
// where the state machine forbids it.
func legalUpstream(from, to order.Status) error {
	switch {
	case to == order.Cancelled || to == order.Refunded,
		to == order.AwaitingPayment && from != order.AwaitingPayment,
		to == order.Paid && from.Final():
		_, err := order.Move(from, to)
		return err
	}
	return nil
}

// reprice takes the lines, amounts and address of a newer version of an
// unpaid order: what the buyer pays is only fixed by paying.
func (w *work) reprice(rec *orderdb.Record, p *pending) {
	rec.Lines, rec.ShippingFee, rec.Discount = p.ord.Lines, p.ord.ShippingFee, p.ord.Discount
	rec.Province, rec.BuyerRef = p.ord.Province, p.ord.BuyerRef
	if p.contact != nil {
		rec.Contact = p.contact
	}
	w.relined = append(w.relined, rec)
}

// pay books the payment and, unless an exception holds the order, queues
// it for allocation.
func (w *work) pay(rec *orderdb.Record, p *pending) {
	w.toPay = append(w.toPay, rec)
	if p.hold != nil {
		w.hold(rec, p.hold)
		return
	}
	w.toAllocate = append(w.toAllocate, allocation{rec: rec, needs: p.needs})
}

func (w *work) hold(rec *orderdb.Record, h *order.Hold) {
	rec.Status, rec.Hold = order.OnHold, h
	w.touch(rec)
	w.event("order.held", rec, h)
}

func (w *work) record(rec *orderdb.Record, p *pending, rawID int64, e orderdb.Effect) {
	rec.Versions[p.ord.Version] = true
	w.versions = append(w.versions, orderdb.Version{OrderID: rec.ID, Version: p.ord.Version, Status: p.ord.Status,
		Effect: e, RawEventID: rawID, ReceivedAt: w.now})
}
