package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
)

// ReturnLine names units of one order line that came back.
type ReturnLine struct {
	Line     int   `json:"line"` // 1-based, in the order the order shows its lines
	Quantity int64 `json:"quantity"`
}

// restock is goods of one SKU an order takes back into stock.
type restock struct {
	rec      *order.Record
	sku      string
	quantity int64
	key      string // the action's Idempotency-Key, which with seq names the movements
	seq      int
}

// Return books units of a shipped order's lines that came back into stock,
// at the warehouses they shipped from, valued at the moving average (their
// cost leaves cost of goods sold); a bundle brings back its components.
// With refund, the lines' share of what was paid is refunded as RefundPart
// does. It needs an Idempotency-Key.
// Errors: Invalid (naming the line), NotFound, Conflict (not shipped; more
// units than the line has left to return).
func (o *Orders) Return(ctx context.Context, id order.ID, key string, lines []ReturnLine, refund bool) (ActionResult, error) {
	if err := requireKey(key, "return"); err != nil {
		return ActionResult{}, err
	}
	if len(lines) == 0 || len(lines) > 500 {
		return ActionResult{}, fault.Invalidf("lines", "lines_invalid", "name 1 to 500 lines that came back, e.g. [{\"line\":1,\"quantity\":1}]")
	}
	params := []string{fmt.Sprint(refund)}
	for _, l := range lines {
		params = append(params, fmt.Sprintf("%d×%d", l.Line, l.Quantity))
	}
	return o.act(ctx, id, action{key: key, name: "return", params: params}, func(w *work, rec *order.Record) error {
		if !shipped(rec) || rec.Status == order.Refunded {
			return fault.New(fault.Conflict, "order_not_shipped",
				"order %d is %s; only goods of a shipped order come back as returns (before shipping, cancel it)", id, rec.Status)
		}
		refundable := money.Zero(rec.Currency)
		for i, rl := range lines {
			share, err := o.takeBack(ctx, w, rec, i, rl, key)
			if err != nil {
				return err
			}
			if refundable, err = refundable.Add(share); err != nil {
				return err
			}
		}
		if !slices.Contains(w.relined, rec) {
			w.relined = append(w.relined, rec)
		}
		w.touch(rec)
		w.event(order.TopicReturned, rec, map[string]any{"lines": lines, "refund": refund})
		if refund && !refundable.IsZero() {
			return w.refundPart(rec, refundable)
		}
		return nil
	})
}

// takeBack records units of line rl as returned, queues their stock to
// come back and returns their share of what was paid.
func (o *Orders) takeBack(ctx context.Context, w *work, rec *order.Record, i int, rl ReturnLine, key string) (money.Amount, error) {
	field := fmt.Sprintf("lines[%d]", i)
	if rl.Line < 1 || rl.Line > len(rec.Lines) {
		return money.Amount{}, fault.Invalidf(field+".line", "line_invalid", "order %d has lines 1 to %d, not %d", rec.ID, len(rec.Lines), rl.Line)
	}
	l := &rec.Lines[rl.Line-1]
	if rl.Quantity <= 0 {
		return money.Amount{}, fault.Invalidf(field+".quantity", "quantity_invalid", "quantity must be positive, not %d", rl.Quantity)
	}
	if l.Returned+rl.Quantity > l.Quantity {
		return money.Amount{}, fault.New(fault.Conflict, "return_exceeds_line",
			"line %d shipped %d × %s and %d came back already; %d more is too many", rl.Line, l.Quantity, l.SKU, l.Returned, rl.Quantity)
	}
	sku, err := o.catalog.SKU(ctx, l.SKU)
	if err != nil {
		return money.Amount{}, err
	}
	needs := []inventory.Need{{SKU: sku.Code, Quantity: rl.Quantity}}
	if sku.IsBundle() {
		needs = needs[:0]
		for _, c := range sku.Components {
			needs = append(needs, inventory.Need{SKU: c.SKU, Quantity: c.Quantity * rl.Quantity})
		}
	}
	for _, n := range needs {
		w.restocks = append(w.restocks, restock{rec: rec, sku: n.SKU, quantity: n.Quantity, key: key, seq: len(w.restocks) + 1})
	}
	share := l.ShareOf(l.Returned, l.Returned+rl.Quantity)
	l.Returned += rl.Quantity
	return share, nil
}

// restockAll brings the queued returns back into stock: each from the
// order's shipments of that SKU with units left to return, first shipped
// first, valued at the moving average against cost of goods sold.
func (w *work) restockAll(ctx context.Context) error {
	for _, r := range w.restocks {
		shipments, err := w.s.Stock.Returnable(ctx, order.ReservationRef(r.rec.ID))
		if err != nil {
			return err
		}
		left := r.quantity
		for _, s := range shipments {
			if s.SKU != r.sku || left == 0 {
				continue
			}
			take := min(left, s.Left)
			if err := w.restockFrom(ctx, r, s.ID, take); err != nil {
				return err
			}
			left -= take
		}
		if left > 0 {
			return fault.New(fault.Conflict, "return_exceeds_shipment",
				"order %d shipped too few units of %s for this return; %d cannot be placed", r.rec.ID, r.sku, left)
		}
	}
	return nil
}

func (w *work) restockFrom(ctx context.Context, r restock, reservationID string, quantity int64) error {
	key := strings.Join([]string{"order", fmt.Sprint(r.rec.ID), "return", r.key, fmt.Sprint(r.seq), reservationID}, ":")
	lvl, replayed, err := w.s.Stock.Return(ctx, key, reservationID, quantity, w.now)
	if err != nil || replayed {
		return err
	}
	v, err := w.s.Stock.Valuation(ctx, lvl.SKU, r.rec.Currency)
	if err != nil {
		return err
	}
	cost, _, err := atAverage(&v, quantity, finance.StockReturned)
	if err != nil {
		return err
	}
	if err := w.s.Stock.PutValuation(ctx, v); err != nil {
		return err
	}
	w.event(order.TopicRestocked, r.rec, map[string]any{"reservation": reservationID, "sku": lvl.SKU, "warehouse": lvl.Warehouse, "quantity": quantity})
	if cost == 0 {
		return nil
	}
	whs, err := w.warehouseEntity(ctx, lvl.Warehouse)
	if err != nil {
		return err
	}
	orders, err := w.entityOf(ctx, r.rec)
	if err != nil {
		return err
	}
	dims := orderDims(r.rec)
	dims.SKU = lvl.SKU
	return postRules(ctx, w.s, w.now, returnEntries(whs, orders, "stock:"+key,
		fmt.Sprintf("订单 %s 退货入库 / Order %s: %d × %s returned", r.rec.ExternalID, r.rec.ExternalID, quantity, lvl.SKU),
		money.New(cost, v.Currency), dims)...)
}
