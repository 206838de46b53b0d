package app

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/order"
)

// allocate routes the queued orders over the stock they need, locked, and
// reserves it in one call. An order no route covers is held.
func (w *work) allocate(ctx context.Context) error {
	var todo []*allocation
	skus := map[string]bool{}
	for _, a := range w.toAllocate {
		if a.dropped || a.rec.Status == order.Cancelled || a.rec.Status == order.Refunded {
			continue // taken back, or undone later in the same group
		}
		todo = append(todo, a)
		for _, n := range a.demand.needs {
			skus[n.SKU] = true
		}
	}
	if len(todo) == 0 {
		return nil
	}
	router, err := w.router(ctx, skus)
	if err != nil {
		return err
	}
	var reqs []inventory.ReserveRequest
	var routed []*allocation
	for _, a := range todo {
		allowed, err := w.allowed(ctx, a.rec.Shop)
		if err != nil {
			return err
		}
		lines, ok := router.RouteWithin(a.demand.needs, a.rec.Province, allowed, w.split)
		if !ok {
			if err := w.hold(a.rec, noStockHold(a.demand.needs, a.rec.Shop, allowed)); err != nil {
				return err
			}
			continue
		}
		a.rec.AllocSeq++
		reqs = append(reqs, inventory.ReserveRequest{Key: order.ReservationKey(a.rec.ID, a.rec.AllocSeq),
			Ref: order.ReservationRef(a.rec.ID), Lines: lines})
		routed = append(routed, a)
	}
	outs, err := w.s.Stock.Reserve(ctx, reqs, w.now)
	if err != nil {
		return err
	}
	for i, out := range outs {
		if err := w.allocated(ctx, routed[i], reqs[i], out); err != nil {
			return err
		}
	}
	return nil
}

// allowed is the warehouses the order's shop may ship from (nil: every
// one), from the shops' cache.
func (w *work) allowed(ctx context.Context, shop string) (inventory.Allowed, error) {
	if w.shops == nil {
		return nil, nil
	}
	return w.shops.Allowed(ctx, shop)
}

func (w *work) router(ctx context.Context, skus map[string]bool) (*inventory.Router, error) {
	whs, err := w.s.Stock.Warehouses(ctx)
	if err != nil {
		return nil, err
	}
	list := make([]string, 0, len(skus))
	for s := range skus {
		list = append(list, s)
	}
	slices.Sort(list)
	levels, err := w.s.Stock.LockLevels(ctx, list)
	if err != nil {
		return nil, err
	}
	return inventory.NewRouter(whs, levels), nil
}

func (w *work) allocated(ctx context.Context, a *allocation, req inventory.ReserveRequest, out inventory.ReserveOutcome) error {
	rec := a.rec
	if out.Err != nil { // the router saw the same locked levels, so this is rare: hold, never half-reserve
		rec.AllocSeq--
		allowed, err := w.allowed(ctx, rec.Shop) // cached: routing asked a moment ago
		if err != nil {
			return err
		}
		return w.hold(rec, noStockHold(a.demand.needs, rec.Shop, allowed))
	}
	var whs, ids []string
	for _, r := range out.Reservations {
		ids = append(ids, r.ID)
		if !slices.Contains(whs, r.Warehouse) {
			whs = append(whs, r.Warehouse)
		}
	}
	if rec.Status != order.Allocated { // allocated again after a change: it stays allocated
		if err := rec.MoveTo(order.Allocated); err != nil {
			return err
		}
	}
	rec.Hold, rec.Warehouse = nil, strings.Join(whs, ",")
	w.lineWarehouses(rec, a.demand, out.Reservations)
	w.touch(rec)
	w.event(order.TopicReserved, rec, map[string]any{"reservations": ids, "lines": req.Lines})
	return nil
}

// lineWarehouses records on each line the warehouse its stock was
// reserved in: the first reservation of the SKU that stands for it
// (demand.first), so a bundle split over warehouses records the first.
// An existing order's lines are written again to keep it.
func (w *work) lineWarehouses(rec *order.Record, d demand, rs []inventory.Reservation) {
	at := map[string]string{}
	for _, r := range rs {
		if at[r.SKU] == "" {
			at[r.SKU] = r.Warehouse
		}
	}
	for i := range rec.Lines {
		if i < len(d.first) {
			rec.Lines[i].Warehouse = at[d.first[i]]
		}
	}
	if !slices.Contains(w.fresh, rec) && !slices.Contains(w.relined, rec) {
		w.relined = append(w.relined, rec)
	}
}

// noStockHold holds an order no allowed warehouse covers; when its shop
// lists warehouses the message names them, since stock elsewhere does not
// help.
func noStockHold(needs []inventory.Need, shop string, allowed inventory.Allowed) *order.Hold {
	total := map[string]int64{}
	for _, n := range needs {
		total[n.SKU] += n.Quantity
	}
	detail := map[string]string{}
	var parts []string
	for sku, q := range total {
		detail[sku] = fmt.Sprint(q)
		parts = append(parts, fmt.Sprintf("%d × %s", q, sku))
	}
	slices.Sort(parts)
	if len(allowed) > 0 {
		codes := slices.Sorted(maps.Keys(allowed))
		return &order.Hold{Reason: order.HoldNoStock, Detail: detail,
			Message: fmt.Sprintf("no warehouse shop %s may ship from (%s) has %s available; receive or transfer stock there, or add a warehouse to the shop (PATCH /api/v1/shops/%s), then retry",
				shop, strings.Join(codes, ", "), strings.Join(parts, ", "), shop)}
	}
	return &order.Hold{Reason: order.HoldNoStock, Detail: detail,
		Message: fmt.Sprintf("no warehouse has %s available; receive or transfer stock, then retry", strings.Join(parts, ", "))}
}
