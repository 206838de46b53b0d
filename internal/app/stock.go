package app

import (
	"context"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/shop"
)

// Stock books the stock changes that change what the inventory is worth —
// receipts, adjustments, returns — together with their ledger entries, so
// the inventory sub-ledger always equals account 1405 (invariant 7).
//
// The value is booked in the entity that owns the warehouse the goods are
// in (docs/adr/0027-inter-entity-stock.md); goods that change entity are
// sold between the two at cost.
type Stock struct {
	unit     Unit
	currency money.Currency // of SKUs first valued without a unit cost
	now      func() time.Time
	shops    *shop.Service // whose books an order is in, for returns of its goods
}

// NewStock returns the stock use cases; currency values SKUs received
// without a unit cost (CNY when empty).
func NewStock(unit Unit, currency money.Currency, now func() time.Time) *Stock {
	if currency == "" {
		currency = "CNY"
	}
	if now == nil {
		now = time.Now
	}
	return &Stock{unit: unit, currency: currency, now: now}
}

// WithShops tells the stock use cases which entity each shop's orders are
// booked in, so goods returned for an order (Return) come out of cost of
// goods sold in the order's entity. Without it a return is booked wholly in
// the warehouse's entity, which is right only for a group of one entity.
func (s *Stock) WithShops(shops *shop.Service) *Stock {
	s.shops = shops
	return s
}

func (s *Stock) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Receive books goods in. With a unit cost they are valued at it (and owed
// to the supplier); without, at the SKU's moving average. Errors: Invalid
// (also: the SKU is a bundle), NotFound (SKU, warehouse), Conflict (a
// reused key).
func (s *Stock) Receive(ctx context.Context, key string, l inventory.Line, unitCost *money.Amount) (inventory.Level, bool, error) {
	if err := inventory.ValidateChange(key, l, true); err != nil {
		return inventory.Level{}, false, err
	}
	if unitCost != nil && unitCost.Sign() < 0 {
		return inventory.Level{}, false, fault.Invalidf("unit_cost", "unit_cost_invalid", "the unit cost cannot be negative")
	}
	return s.change(ctx, key, inventory.KindReceipt, l, func(v *inventory.Valuation) (int64, finance.Event, error) {
		if unitCost == nil {
			return atAverage(v, l.Quantity, finance.StockReceived)
		}
		if v.Quantity > 0 && unitCost.Currency() != v.Currency || unitCost.Currency() == "" {
			return 0, "", fault.Invalidf("unit_cost", "unit_cost_currency", "%s is valued in %s; give the unit cost in %s", l.SKU, v.Currency, v.Currency)
		}
		total, err := unitCost.Mul(l.Quantity)
		if err != nil {
			return 0, "", fault.Invalidf("unit_cost", "unit_cost_invalid", "unit cost × quantity overflows")
		}
		v.Currency = unitCost.Currency()
		v.Receive(l.Quantity, total.Minor())
		return total.Minor(), finance.StockReceived, nil
	})
}

// Adjust corrects on-hand stock after a count: a loss leaves at the moving
// average (to 6711), a gain comes in at it (from 6301). Errors as Receive,
// and Conflict when on hand would fall below what is reserved.
func (s *Stock) Adjust(ctx context.Context, key string, l inventory.Line) (inventory.Level, bool, error) {
	if err := inventory.ValidateChange(key, l, false); err != nil {
		return inventory.Level{}, false, err
	}
	return s.change(ctx, key, inventory.KindAdjustment, l, func(v *inventory.Valuation) (int64, finance.Event, error) {
		if l.Quantity < 0 {
			return -v.Issue(-l.Quantity), finance.StockLost, nil
		}
		return atAverage(v, l.Quantity, finance.StockFound)
	})
}

// change applies a stock movement and its value in one transaction, run
// again only if a same-key twin committed meanwhile (Unit.StockTx).
// value updates the valuation and returns the value added (negative:
// removed) and the event whose posting rule books it (internal/finance).
func (s *Stock) change(ctx context.Context, key, kind string, l inventory.Line,
	value func(*inventory.Valuation) (int64, finance.Event, error)) (lvl inventory.Level, replayed bool, err error) {
	now := s.clock()
	err = s.unit.StockTx(ctx, key, func(st Stores) error {
		if err := stockable(ctx, st.Catalog, l.SKU); err != nil {
			return err
		}
		lvl, replayed, err = st.Stock.Move(ctx, key, kind, l, now)
		if err != nil || replayed {
			return err
		}
		entity, err := warehouseEntity(ctx, st.Stock, l.Warehouse)
		if err != nil {
			return err
		}
		return s.revalue(ctx, st, entity, key, l.SKU, now, value)
	})
	return lvl, replayed, err
}

// stockable refuses stock of a SKU the catalog does not know (NotFound) or
// of a bundle (Invalid), which would otherwise become valued stock nothing
// can reserve or ship (item 1.7).
func stockable(ctx context.Context, cat catalog.TxStore, code string) error {
	sku, err := cat.SKU(ctx, code)
	if err != nil {
		return err
	}
	return sku.Stockable()
}

// revalue updates sku's valuation by value and books the change in
// entity's books.
func (s *Stock) revalue(ctx context.Context, st Stores, entity int64, key, sku string, now time.Time,
	value func(*inventory.Valuation) (int64, finance.Event, error)) error {
	v, err := st.Stock.Valuation(ctx, sku, s.currency)
	if err != nil {
		return err
	}
	delta, event, err := value(&v)
	if err != nil {
		return err
	}
	if err := st.Stock.PutValuation(ctx, v); err != nil {
		return err
	}
	return postValue(ctx, st, entity, "stock:"+key, fmt.Sprintf("库存 %s 价值变动 / Stock value of %s (%s)", sku, sku, key), v.Currency, delta, event,
		ledger.Dims{SKU: sku, Source: ledger.Source{Kind: stockSource(event), ID: key}}, now)
}

// stockSource is the source kind of a stock event's postings.
func stockSource(e finance.Event) ledger.SourceKind {
	switch e {
	case finance.StockReceived:
		return ledger.SourceReceipt
	case finance.StockReturned:
		return ledger.SourceReturn
	}
	return ledger.SourceAdjustment
}

// postValue books a change of delta in inventory value in entity's books by
// event's posting rule (inventory against the event's other account);
// nothing when zero.
func postValue(ctx context.Context, st Stores, entity int64, sourceKey, description string, cur money.Currency, delta int64, event finance.Event, dims ledger.Dims, now time.Time) error {
	return postRules(ctx, st, now, ruleEntry{entity: entity, event: event, facts: finance.Facts{Value: money.New(delta, cur), Dims: dims},
		key: sourceKey, description: description})
}

// atAverage receives q units at the moving average of v.
func atAverage(v *inventory.Valuation, q int64, event finance.Event) (int64, finance.Event, error) {
	cost, ok := v.AtAverage(q)
	if !ok {
		return 0, "", fault.Invalidf("quantity", "value_overflow", "%d more units of %s at its average cost overflow its value", q, v.SKU)
	}
	v.Receive(q, cost)
	return cost, event, nil
}

// Return books goods of a shipped reservation back into stock at the moving
// average, in the books of the warehouse's entity, taking their cost back
// out of cost of goods sold — through the inter-company accounts when the
// reservation was an order's of another entity (returnEntries). Errors:
// Invalid, NotFound (reservation, SKU), Conflict (not shipped; more than
// shipped; a reused key).
func (s *Stock) Return(ctx context.Context, key, reservationID string, quantity int64) (lvl inventory.Level, replayed bool, err error) {
	if key == "" || len(key) > 200 {
		return lvl, false, fault.Invalidf("key", "idempotency_key_invalid", "every stock change needs an idempotency key of 1 to 200 characters")
	}
	if quantity <= 0 {
		return lvl, false, fault.Invalidf("quantity", "quantity_invalid", "quantity must be positive, not %d", quantity)
	}
	now := s.clock()
	err = s.unit.StockTx(ctx, key, func(st Stores) error {
		lvl, replayed, err = st.Stock.Return(ctx, key, reservationID, quantity, now)
		if err != nil || replayed {
			return err
		}
		if err := stockable(ctx, st.Catalog, lvl.SKU); err != nil {
			return err
		}
		whs, err := warehouseEntity(ctx, st.Stock, lvl.Warehouse)
		if err != nil {
			return err
		}
		orders, err := s.orderEntity(ctx, st, reservationID, whs)
		if err != nil {
			return err
		}
		v, err := st.Stock.Valuation(ctx, lvl.SKU, s.currency)
		if err != nil {
			return err
		}
		cost, _, err := atAverage(&v, quantity, finance.StockReturned)
		if err != nil {
			return err
		}
		if err := st.Stock.PutValuation(ctx, v); err != nil {
			return err
		}
		if cost == 0 {
			return nil
		}
		return postRules(ctx, st, now, returnEntries(whs, orders, "stock:"+key,
			fmt.Sprintf("库存 %s 退货入库 / Stock of %s returned (%s)", lvl.SKU, lvl.SKU, key), money.New(cost, v.Currency),
			ledger.Dims{SKU: lvl.SKU, Source: ledger.Source{Kind: ledger.SourceReturn, ID: key}})...)
	})
	return lvl, replayed, err
}

// orderEntity is the entity whose books the order of reservation id is
// in, or whs when the reservation is no order's or the shops are unknown.
func (s *Stock) orderEntity(ctx context.Context, st Stores, reservationID string, whs int64) (int64, error) {
	id, ok := order.ReservationOrder(reservationID)
	if !ok || s.shops == nil {
		return whs, nil
	}
	rec, err := st.Orders.LoadByID(ctx, id, false)
	if err != nil {
		return 0, err
	}
	return s.shops.EntityOf(ctx, rec.Shop)
}
