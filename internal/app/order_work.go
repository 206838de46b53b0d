package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/shop"
)

// work is one order-writing transaction: what it has decided so far, and
// the effects it carries out together when the decisions are made.
type work struct {
	s      Stores // bound to the transaction
	keys   *pii.Keyring
	bk     *buyerKeys // opened lazily (buyers)
	now    time.Time
	split  bool
	shops  *shop.Service // the shops' entities (whose books) and allowed warehouses (routing)
	newIDs []int64       // ids for the orders the group creates, taken in load

	orders     map[order.Key]*order.Record
	fresh      []*order.Record
	changed    []*order.Record   // existing orders to write back
	isChanged  map[order.ID]bool // ids in changed or fresh
	toAllocate []*allocation
	allocOf    map[*order.Record]*allocation // the allocation queued for an order, if any
	toPay      []*order.Record
	paidKeys   map[*order.Record]string // the paid entry's key when it is not the first one
	rebooks    []booking                // reversals of payments booked at a total that changed
	toRelease  []*order.Record
	toUndo     []*order.Record
	toShip     []*order.Record
	refunds    []booking                          // partial refunds' entries
	credits    []credit                           // money the group gives back, for red-letter invoices
	asks       []invoiceAsk                       // invoice requests the channel sent with its orders
	restocks   []restock                          // returned goods to bring back into stock
	relined    []*order.Record                    // existing orders whose lines are written again (new content, mapping, returns, warehouses)
	cogs       map[*order.Record]map[costOf]int64 // cost of the goods each shipped order took, by whose warehouse
	maps       map[int64]finance.Map              // account maps read in this transaction, by entity
	warehouses map[string]inventory.Warehouse     // the warehouses' entities, read once per transaction
	raws       []order.RawEvent                   // the group's payloads arriving now, with their outcomes
	versions   []order.Version
	events     []order.Event
	err        error // the first event that could not be encoded
}

type allocation struct {
	rec     *order.Record
	demand  demand
	dropped bool // a later version or a hold took it back
}

// buyers returns the transaction's data keys.
func (w *work) buyers() *buyerKeys {
	if w.bk == nil {
		w.bk = newBuyerKeys(w.keys, w.s.Buyers, w.now)
	}
	return w.bk
}

func (o *Orders) newWork(s Stores) *work {
	return &work{s: s, keys: o.keys, now: o.clock(), split: o.opt.Split, shops: o.opt.Shops, orders: map[order.Key]*order.Record{},
		isChanged: map[order.ID]bool{}, allocOf: map[*order.Record]*allocation{}, paidKeys: map[*order.Record]string{}}
}

// queueAllocation queues rec to be routed and reserved for d at the
// end of the transaction, in place of what was queued for it before.
func (w *work) queueAllocation(rec *order.Record, d demand) {
	if a := w.allocOf[rec]; a != nil {
		a.demand, a.dropped = d, false
		return
	}
	a := &allocation{rec: rec, demand: d}
	w.allocOf[rec] = a
	w.toAllocate = append(w.toAllocate, a)
}

// dropAllocation takes back what was queued for rec, if anything.
func (w *work) dropAllocation(rec *order.Record) {
	if a := w.allocOf[rec]; a != nil {
		a.dropped = true
	}
}

// queuePay queues rec's payment to be booked, once.
func (w *work) queuePay(rec *order.Record) {
	if !slices.Contains(w.toPay, rec) {
		w.toPay = append(w.toPay, rec)
	}
}

// rebook reverses the payment of rec booked at a total that version
// changed, and queues it to be booked again at the new total.
func (w *work) rebook(rec *order.Record, version int64) {
	w.rebooks = append(w.rebooks, booking{rec: rec, req: ledger.Request{SourceKey: entryKey(rec, fmt.Sprintf("repriced:v%d", version)),
		Reverses: rec.PaidEntry, Description: fmt.Sprintf("订单 %s 第 %d 版改价，冲回原付款 / Order %s version %d changed the total: payment reversed",
			rec.ExternalID, version, rec.ExternalID, version)}, keep: func(int64) {}})
	rec.PaidEntry = 0
	w.paidKeys[rec] = fmt.Sprintf("paid:v%d", version)
	w.queuePay(rec)
}

// touch marks an existing order to be written back. New orders are in
// isChanged from their creation (create), so they are inserted, not updated.
func (w *work) touch(rec *order.Record) {
	rec.UpdatedAt = w.now
	if w.isChanged[rec.ID] {
		return
	}
	w.isChanged[rec.ID] = true
	w.changed = append(w.changed, rec)
}

func (w *work) event(topic order.Topic, rec *order.Record, payload any) {
	b, err := json.Marshal(payload)
	if err != nil && w.err == nil {
		w.err = fmt.Errorf("app: encode %s event: %w", topic, err)
	}
	w.events = append(w.events, order.Event{Topic: topic, OrderID: rec.ID, Payload: b, CreatedAt: w.now})
}

// undo cancels or refunds an order: its held stock goes back, and its
// payment (and revenue, if shipped) is reversed. An order partly refunded
// already is refunded the rest instead.
func (w *work) undo(rec *order.Record, to order.Status) error {
	if rec.Refunded > 0 {
		total, err := rec.Total()
		if err != nil {
			return err
		}
		return w.refundPart(rec, money.New(total.Minor()-rec.Refunded, rec.Currency))
	}
	if err := rec.MoveTo(to); err != nil {
		return err
	}
	rec.Hold = nil
	w.touch(rec)
	w.toRelease = append(w.toRelease, rec)
	w.toUndo = append(w.toUndo, rec)
	if err := w.credit(rec, entryKey(rec, "undo")); err != nil {
		return err
	}
	w.event(order.UndoneTopic(to), rec, map[string]any{"version": rec.Version})
	return nil
}

// refundPart takes amount of a shipped order back out of revenue and
// output VAT (order.RefundSplit); the refund that completes the order
// leaves it refunded.
func (w *work) refundPart(rec *order.Record, amount money.Amount) error {
	net, tax, err := rec.RefundSplit(amount, rec.Refunded, rec.RefundedTax)
	if err != nil {
		return err
	}
	total, err := rec.Total()
	if err != nil {
		return err
	}
	to := order.PartiallyRefunded
	if rec.Refunded+amount.Minor() == total.Minor() {
		to = order.Refunded
	}
	if _, err := order.Move(rec.Status, to); err != nil {
		return err // checked before the refund is counted
	}
	rec.RefundSeq++
	refund := refundEntry(rec, amount, net, tax, w.now)
	if err := rec.MoveTo(to); err != nil {
		return err
	}
	rec.Refunded, rec.RefundedTax = rec.Refunded+amount.Minor(), rec.RefundedTax+tax.Minor()
	w.touch(rec)
	w.refunds = append(w.refunds, refund)
	w.credits = append(w.credits, credit{rec: rec, amount: amount, ref: refund.req.SourceKey})
	w.event(order.TopicRefundedPart, rec, map[string]any{"amount": amount.String(), "net": net.String(), "tax": tax.String()})
	return nil
}

// finish carries out the group's effects and writes it.
func (w *work) finish(ctx context.Context) error {
	if err := w.release(ctx); err != nil {
		return err
	}
	if err := w.allocate(ctx); err != nil {
		return err
	}
	if err := w.ship(ctx); err != nil {
		return err
	}
	if err := w.restockAll(ctx); err != nil {
		return err
	}
	if err := w.book(ctx); err != nil {
		return err
	}
	if err := w.raiseCredits(ctx); err != nil {
		return err
	}
	if err := w.takeInvoiceAsks(ctx); err != nil {
		return err
	}
	return w.write(ctx)
}

func (w *work) release(ctx context.Context) error {
	for _, rec := range w.toRelease {
		ids, err := w.s.Stock.Held(ctx, order.ReservationRef(rec.ID))
		if err != nil {
			return err
		}
		for _, id := range ids {
			if _, _, err := w.s.Stock.Resolve(ctx, id+":release", id, inventory.Released, w.now); err != nil {
				return err
			}
		}
		if len(ids) > 0 {
			w.event(order.TopicReleased, rec, map[string]any{"reservations": ids})
		}
	}
	return nil
}

// ship turns the held reservations of shipped orders into shipments.
func (w *work) ship(ctx context.Context) error {
	for _, rec := range w.toShip {
		ids, err := w.s.Stock.Held(ctx, order.ReservationRef(rec.ID))
		if err != nil {
			return err
		}
		for _, id := range ids {
			r, _, err := w.s.Stock.Resolve(ctx, id+":ship", id, inventory.Shipped, w.now)
			if err != nil {
				return err
			}
			if err := w.issue(ctx, rec, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// warehouseEntity is the entity owning warehouse code, the warehouses read
// once per transaction (a warehouse holding stock cannot change entity).
func (w *work) warehouseEntity(ctx context.Context, code string) (int64, error) {
	if w.warehouses == nil {
		whs, err := warehousesByCode(ctx, w.s.Stock)
		if err != nil {
			return 0, err
		}
		w.warehouses = whs
	}
	return entityOfWarehouse(w.warehouses, code)
}

// costOf groups the cost of an order's shipped goods by the entity whose
// warehouse they left and the valuation currency.
type costOf struct {
	entity   int64
	currency money.Currency
}

// issue takes a shipped reservation's goods out of the valuation at the
// moving average and adds their cost to the order's cost of goods sold,
// kept apart by the entity that owns the warehouse (costBookings).
func (w *work) issue(ctx context.Context, rec *order.Record, r inventory.Reservation) error {
	v, err := w.s.Stock.Valuation(ctx, r.SKU, rec.Currency)
	if err != nil {
		return err
	}
	cost := v.Issue(r.Quantity)
	if err := w.s.Stock.PutValuation(ctx, v); err != nil {
		return err
	}
	entity, err := w.warehouseEntity(ctx, r.Warehouse)
	if err != nil {
		return err
	}
	if w.cogs == nil {
		w.cogs = map[*order.Record]map[costOf]int64{}
	}
	if w.cogs[rec] == nil {
		w.cogs[rec] = map[costOf]int64{}
	}
	w.cogs[rec][costOf{entity, v.Currency}] += cost
	return nil
}

// write stores the group: its payloads, new orders with their lines,
// changed orders, versions and events. It comes last, after the reads of
// routing, stock and the ledger, so that on PostgreSQL all of it is sent
// with the commit's flush in one round trip (store.Tx.Later).
func (w *work) write(ctx context.Context) error {
	if w.err != nil {
		return w.err
	}
	if len(w.raws) > 0 {
		if err := w.s.Orders.InsertRawEvents(ctx, w.raws); err != nil {
			return err
		}
	}
	if len(w.fresh) > 0 {
		if err := w.s.Orders.InsertOrders(ctx, w.fresh); err != nil {
			return err
		}
	}
	for _, rec := range w.relined {
		if err := w.s.Orders.ReplaceLines(ctx, rec); err != nil {
			return err
		}
	}
	for _, rec := range w.changed {
		if err := w.s.Orders.UpdateOrder(ctx, rec); err != nil {
			return err
		}
	}
	if len(w.versions) > 0 {
		if err := w.s.Orders.InsertVersions(ctx, w.versions); err != nil {
			return err
		}
	}
	if len(w.events) > 0 {
		return w.s.Orders.InsertEvents(ctx, w.events)
	}
	return nil
}
