package app

import (
	"context"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
)

// act runs a person's action on one order in its own transaction. The
// order's row is locked first (on PostgreSQL; SQLite's writer holds the
// whole database), as ingestion locks the orders it changes, so an action
// and an ingestion of the same order never interleave, nor two actions on
// one order. Two actions under one key on different orders may race: the
// second fails on the key's unique index and runs once more (Unit.InTx),
// then finds the first and answers Conflict.
//
// Under an Idempotency-Key (key, optional but for refunds and returns) the
// action is done once: the same key again with the same action and
// parameters answers with the order as the first call left it (replayed),
// and with anything else is a Conflict. An action that fails records
// nothing, so it may be sent again.
func (o *Orders) act(ctx context.Context, id order.ID, a action, do func(w *work, rec *order.Record) error) (ActionResult, error) {
	var out ActionResult
	if err := validActionKey(a.key); err != nil {
		return out, err
	}
	err := o.unit.InTx(ctx, func(s Stores) error {
		rec, err := s.Orders.LoadByID(ctx, id, true)
		if err != nil {
			return err
		}
		if a.key != "" {
			prior, seen, err := s.Orders.LookupAction(ctx, a.key, rec)
			if err != nil {
				return err
			}
			if seen {
				out = ActionResult{Order: prior.Result, Replayed: true}
				return a.sameAs(prior, id)
			}
		}
		w := o.newWork(s)
		w.orders[rec.Key()] = rec
		if err := do(w, rec); err != nil {
			return err
		}
		out = ActionResult{Order: rec}
		if err := w.finish(ctx); err != nil || a.key == "" {
			return err
		}
		return w.s.Orders.InsertAction(ctx, order.Action{Key: a.key, OrderID: id, Name: a.name, RequestHash: a.hash(), Result: rec, CreatedAt: w.now})
	})
	if err != nil {
		return ActionResult{}, err
	}
	return out, nil
}

// Approve releases a held order: a person has checked what held it (an
// amount, an address, a manual hold) or fixed it elsewhere. The lines are
// mapped again and the order is routed and reserved; if stock or a mapping
// is still missing it stays on hold with the new reason.
// Errors: NotFound, Conflict (not on hold).
func (o *Orders) Approve(ctx context.Context, id order.ID, key string) (ActionResult, error) {
	return o.act(ctx, id, action{key: key, name: "approve"}, func(w *work, rec *order.Record) error {
		switch {
		case heldFor(rec.Hold, order.HoldChangedAfterShipping):
			w.acknowledge(rec) // shipped: nothing to allocate, the hold was the message
			return nil
		case rec.Status != order.OnHold:
			return fault.New(fault.Conflict, "order_not_on_hold", "order %d is %s, not on hold; only a held order can be approved", id, rec.Status)
		case heldFor(rec.Hold, order.HoldCurrency):
			return fault.New(fault.Conflict, "currency_unsupported",
				"order %d is in %s, which the books do not keep; it cannot be approved until exchange rates exist: cancel it", id, rec.Currency)
		}
		return o.reallocate(ctx, w, rec)
	})
}

// acknowledge clears the hold a changed version put on a shipped order: a
// person has seen what changed and handles it as after-sales.
func (w *work) acknowledge(rec *order.Record) {
	rec.Hold = nil
	w.touch(rec)
	w.event(order.TopicApproved, rec, map[string]any{"acknowledged": string(order.HoldChangedAfterShipping)})
}

// Retry re-runs the automatic checks of an order held for a cause that a
// fix elsewhere clears (a missing mapping, missing stock, an address
// corrected with CorrectReceiver). Errors: NotFound, Conflict (not on hold
// for such a cause).
func (o *Orders) Retry(ctx context.Context, id order.ID, key string) (ActionResult, error) {
	return o.act(ctx, id, action{key: key, name: "retry"}, func(w *work, rec *order.Record) error {
		if rec.Status == order.OnHold && heldFor(rec.Hold, order.HoldAddress) {
			hold, err := o.recheckAddress(ctx, w, rec)
			if err != nil {
				return err
			}
			if hold != nil {
				return w.hold(rec, hold) // still incomplete: held, saying what is missing now
			}
			return o.reallocate(ctx, w, rec)
		}
		if rec.Status != order.OnHold || rec.Hold == nil || !rec.Hold.Reason.Retryable() {
			return fault.New(fault.Conflict, "order_not_retryable",
				"order %d is not held for a missing mapping, stock or an address; approve it instead if a person has checked it", id)
		}
		return o.reallocate(ctx, w, rec)
	})
}

// RetryHolds retries every order held for a missing mapping or stock, oldest
// first, and reports how many were released.
func (o *Orders) RetryHolds(ctx context.Context) (released, still int, err error) {
	var ids []order.ID
	err = o.unit.Read(ctx, func(s Stores) (err error) {
		ids, err = s.Orders.HeldIDs(ctx, []order.HoldReason{order.HoldUnmapped, order.HoldNoStock})
		return err
	})
	if err != nil {
		return 0, 0, err
	}
	for _, id := range ids {
		res, err := o.Retry(ctx, id, "")
		if fault.Is(err, fault.Conflict) {
			continue // changed meanwhile
		}
		if err != nil {
			return released, still, err
		}
		if res.Order.Status == order.OnHold {
			still++
		} else {
			released++
		}
	}
	return released, still, nil
}

// reallocate maps the lines again and queues the order for allocation.
func (o *Orders) reallocate(ctx context.Context, w *work, rec *order.Record) error {
	var d demand
	hold, err := o.mapLines(ctx, &rec.Order, &d)
	if err != nil {
		return err
	}
	if err := rec.Price(); err != nil {
		return err
	}
	w.touch(rec)
	w.relined = append(w.relined, rec) // mapped SKUs and their tax rates
	if hold != nil {
		return w.hold(rec, hold)
	}
	rec.Hold = nil
	w.queueAllocation(rec, d)
	w.event(order.TopicApproved, rec, map[string]any{})
	return nil
}

// Hold puts an order on hold by hand; stock it held goes back to the pool
// until it is approved. Errors: NotFound, Conflict.
func (o *Orders) Hold(ctx context.Context, id order.ID, key, message string) (ActionResult, error) {
	return o.act(ctx, id, action{key: key, name: "hold", params: []string{message}}, func(w *work, rec *order.Record) error {
		if _, err := order.Move(rec.Status, order.OnHold); err != nil {
			return err
		}
		if message == "" {
			message = "held by hand"
		}
		w.toRelease = append(w.toRelease, rec)
		return w.hold(rec, &order.Hold{Reason: order.HoldManual, Message: message})
	})
}

// Cancel cancels an order before it ships: its stock goes back and its
// payment is reversed. Errors: NotFound, Conflict.
func (o *Orders) Cancel(ctx context.Context, id order.ID, key string) (ActionResult, error) {
	return o.undoAction(ctx, id, action{key: key, name: "cancel"}, order.Cancelled)
}

// Refund refunds an order in full: before shipping like a cancellation;
// after, its revenue and payment are reversed (returned goods come back
// through stock returns, or Return). It needs an Idempotency-Key.
// Errors: Invalid, NotFound, Conflict.
func (o *Orders) Refund(ctx context.Context, id order.ID, key string) (ActionResult, error) {
	if err := requireKey(key, "refund"); err != nil {
		return ActionResult{}, err
	}
	return o.undoAction(ctx, id, action{key: key, name: "refund"}, order.Refunded)
}

// RefundPart refunds part of a shipped order (after-sales: a missing item,
// a price adjustment). Revenue and output VAT go down and the platform owes
// that much less; the refund that completes the order leaves it refunded.
// It needs an Idempotency-Key. Errors: Invalid, NotFound, Conflict (not
// shipped yet: cancel or refund in full instead; more than is left).
func (o *Orders) RefundPart(ctx context.Context, id order.ID, key string, amount money.Amount) (ActionResult, error) {
	if err := requireKey(key, "refund"); err != nil {
		return ActionResult{}, err
	}
	return o.act(ctx, id, action{key: key, name: "refund", params: []string{amount.String()}}, func(w *work, rec *order.Record) error {
		if rec.Refunded == 0 && rec.Status != order.Shipped && rec.Status != order.Completed {
			return fault.New(fault.Conflict, "refund_before_shipping",
				"order %d is %s; before it ships, cancel it or refund it in full", id, rec.Status)
		}
		return w.refundPart(rec, amount)
	})
}

func (o *Orders) undoAction(ctx context.Context, id order.ID, a action, to order.Status) (ActionResult, error) {
	return o.act(ctx, id, a, func(w *work, rec *order.Record) error {
		if _, err := order.Move(rec.Status, to); err != nil {
			return err
		}
		return w.undo(rec, to)
	})
}

// Ship records that an allocated order left its warehouses with a carrier
// (or, with fulfillment none, was handed over: no carrier needed):
// its reservations become shipments, and its revenue and output VAT are
// recognised. Errors: Invalid, NotFound, Conflict.
func (o *Orders) Ship(ctx context.Context, id order.ID, key, carrier, trackingNo string) (ActionResult, error) {
	return o.act(ctx, id, action{key: key, name: "ship", params: []string{carrier, trackingNo}}, func(w *work, rec *order.Record) error {
		if rec.Fulfillment != order.NoShipping && (carrier == "" || trackingNo == "") {
			return fault.Invalidf("tracking_no", "shipment_invalid", "give the carrier and the tracking number (only an order with fulfillment none ships without)")
		}
		if err := rec.MoveTo(order.Shipped); err != nil {
			return err
		}
		rec.Carrier, rec.TrackingNo = carrier, trackingNo
		w.touch(rec)
		w.toShip = append(w.toShip, rec)
		w.event(order.TopicShipped, rec, map[string]any{"carrier": carrier, "tracking_no": trackingNo})
		return o.queueWriteBack(ctx, w, rec)
	})
}
