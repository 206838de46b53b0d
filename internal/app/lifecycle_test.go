package app_test

import (
	"github.com/fnshub/fnshub/internal/profit/profitdb"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// TestOrders_EveryMoveIsInTheTable drives every ingestion and action path
// and checks each status change the use cases made (order.Record.Moves) is
// an edge of order's state machine — and that the paths make the moves
// the state machine's comment says the flow makes.
func TestOrders_EveryMoveIsInTheTable(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			lc := &lifecycle{t: t, h: newHub(t, e.Open, app.OrderOptions{}), seen: map[order.Transition]bool{}}
			lc.drive()
			want := [][2]order.Status{
				{order.AwaitingPayment, order.Paid}, {order.Paid, order.Allocated}, {order.Paid, order.OnHold},
				{order.OnHold, order.Allocated}, {order.Allocated, order.OnHold}, {order.Allocated, order.Shipped},
				{order.Allocated, order.Cancelled}, {order.Allocated, order.Refunded}, {order.AwaitingPayment, order.Cancelled},
				{order.Shipped, order.PartiallyRefunded}, {order.PartiallyRefunded, order.PartiallyRefunded},
				{order.PartiallyRefunded, order.Refunded}, {order.Shipped, order.Refunded},
			}
			for _, m := range want {
				if !lc.seen[order.Transition{From: m[0], To: m[1]}] {
					t.Errorf("no path moved an order %s → %s", m[0], m[1])
				}
			}
			lc.checkTopics()
			lc.h.assertInvariants(t)
			if ms, err := profitdb.New(lc.h.db).Check(ctx); err != nil || len(ms) > 0 {
				t.Fatalf("profit facts differ from their recomputation: %v %v", ms, err)
			}
		})
	}
}

type lifecycle struct {
	t    *testing.T
	h    *hub
	seen map[order.Transition]bool
}

// note checks the moves rec made and remembers them.
func (lc *lifecycle) note(what string, rec *order.Record) *order.Record {
	lc.t.Helper()
	for _, m := range rec.Moves {
		if !order.CanMove(m.From, m.To) {
			lc.t.Errorf("%s: order %d moved %s → %s, which the table forbids", what, rec.ID, m.From, m.To)
		}
		lc.seen[m] = true
	}
	return rec
}

func (lc *lifecycle) ingest(what string, in app.Input) *order.Record {
	lc.t.Helper()
	return lc.note(what, lc.h.ingest(lc.t, in).Order)
}

// act returns what checks the outcome of one action, named what.
func (lc *lifecycle) act(what string) func(app.ActionResult, error) *order.Record {
	return func(res app.ActionResult, err error) *order.Record {
		lc.t.Helper()
		if err != nil {
			lc.t.Fatalf("%s: %v", what, err)
		}
		return lc.note(what, res.Order)
	}
}

func (lc *lifecycle) drive() {
	t, h := lc.t, lc.h
	// No stock yet: a paid order is held, a retry after a receipt allocates it.
	noStock := lc.ingest("paid, no stock", paid("L1", 1, "TEA-250"))
	h.receive(t, "po-1", "TEA-250", "SH", 20)
	h.receive(t, "po-2", "CUP", "SH", 10)
	lc.act("retry")(h.orders.Retry(ctx, noStock.ID, ""))
	lc.act("cancel")(h.orders.Cancel(ctx, noStock.ID, ""))

	unpaid := paid("L2", 1, "TEA-250")
	unpaid.Order.Status = order.AwaitingPayment
	lc.ingest("unpaid", unpaid)
	paidNow := paid("L2", 2, "TEA-250")
	rec := lc.ingest("paid later", paidNow)
	changed := paid("L2", 3, "TEA-250")
	changed.Order.Lines[0].Quantity = 2
	lc.ingest("changed before shipping", changed)
	lc.act("hold")(h.orders.Hold(ctx, rec.ID, "", "check the buyer"))
	lc.act("approve")(h.orders.Approve(ctx, rec.ID, ""))
	lc.act("ship")(h.orders.Ship(ctx, rec.ID, "", "SF", "SF1"))
	// The write-back a shipment.push job does for a shop with an API.
	must(t, app.NewShipments(h.orders, h.shops, onePlatform{newShipPlatform()}).Push(ctx, rec.ID))
	after := paid("L2", 4, "TEA-250")
	lc.ingest("changed after shipping", after)
	lc.act("acknowledge")(h.orders.Approve(ctx, rec.ID, ""))
	lc.act("refund part")(h.orders.RefundPart(ctx, rec.ID, "rp-1", cny(300)))
	lc.act("return with refund")(h.orders.Return(ctx, rec.ID, "ret-1", []app.ReturnLine{{Line: 1, Quantity: 1}}, true))
	lc.act("refund the rest")(h.orders.RefundPart(ctx, rec.ID, "rp-2", cny(700)))

	full := lc.ingest("paid, in stock", paid("L3", 1, "GIFT"))
	lc.act("refund before shipping")(h.orders.Refund(ctx, full.ID, "rf-1"))

	lc.ingest("paid", paid("L4", 1, "TEA-250"))
	cancel := paid("L4", 2, "TEA-250")
	cancel.Order.Status = order.Cancelled
	lc.ingest("cancelled upstream", cancel)

	gone := lc.ingest("paid", paid("L5", 1, "TEA-250"))
	lc.act("ship")(h.orders.Ship(ctx, gone.ID, "", "SF", "SF2"))
	refund := paid("L5", 2, "TEA-250")
	refund.Order.Status = order.Refunded
	lc.ingest("refunded upstream after shipping", refund)

	never := paid("L6", 1, "TEA-250")
	never.Order.Status = order.AwaitingPayment
	lc.ingest("unpaid", never)
	never.Order.Version, never.Order.Status = 2, order.Cancelled
	lc.ingest("cancelled before payment", never)
}

// checkTopics checks every event the paths emitted is in order's table.
func (lc *lifecycle) checkTopics() {
	recs, err := lc.h.orders.List(ctx, orderListAll())
	must(lc.t, err)
	seen := map[order.Topic]bool{}
	for _, rec := range recs {
		evs, err := lc.h.orders.Events(ctx, rec.ID)
		must(lc.t, err)
		for _, e := range evs {
			if !e.Topic.Known() {
				lc.t.Errorf("order %d emitted %q, which is not in order's topic table", rec.ID, e.Topic)
			}
			seen[e.Topic] = true
		}
	}
	for _, topic := range order.Topics() {
		if !seen[topic] {
			lc.t.Errorf("no path emitted %s", topic)
		}
	}
}
