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
)

// Stock books the stock changes that change what the inventory is worth —
// receipts, adjustments, returns — together with their ledger entries, so
// the inventory sub-ledger always equals account 1405 (invariant 7).
type Stock struct {
	unit     Unit
	currency money.Currency // of SKUs first valued without a unit cost
	now      func() time.Time
}

// stockEntity is the legal entity whose books hold the stock's value.
// TODO(issue 7 merge): per warehouse or shop once entities own them.
func stockEntity() int64 { return ledger.DefaultEntity }

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
		return s.revalue(ctx, st, key, l.SKU, now, value)
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

func (s *Stock) revalue(ctx context.Context, st Stores, key, sku string, now time.Time,
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
	return postValue(ctx, st, "stock:"+key, fmt.Sprintf("库存 %s 价值变动 / Stock value of %s (%s)", sku, sku, key), v.Currency, delta, event,
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

// postValue books a change of delta in inventory value by event's posting
// rule (inventory against the event's other account); nothing when zero.
func postValue(ctx context.Context, st Stores, sourceKey, description string, cur money.Currency, delta int64, event finance.Event, dims ledger.Dims, now time.Time) error {
	if delta == 0 {
		return nil
	}
	m, err := st.Maps.Current(ctx, stockEntity())
	if err != nil {
		return err
	}
	p, err := finance.Postings(m, event, finance.Facts{Value: money.New(delta, cur), Dims: dims})
	if err != nil {
		return err
	}
	req := ledger.Request{Entity: stockEntity(), MapVersion: p.MapVersion, SourceKey: sourceKey, Description: description, EffectiveAt: now,
		Postings: p.Postings}
	if err := req.Validate(); err != nil {
		return err
	}
	outs, err := st.Ledger.Post(ctx, []ledger.Request{req}, now)
	if err != nil {
		return err
	}
	return outs[0].Err
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
// average, taking their cost back out of cost of goods sold. Errors:
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
		return s.revalue(ctx, st, key, lvl.SKU, now, func(v *inventory.Valuation) (int64, finance.Event, error) {
			return atAverage(v, quantity, finance.StockReturned)
		})
	})
	return lvl, replayed, err
}
