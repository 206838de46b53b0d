package app

import (
	"context"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

// warehousesByCode reads every warehouse, by code: what entity owns each
// (docs/adr/0027-inter-entity-stock.md).
func warehousesByCode(ctx context.Context, st inventory.TxStore) (map[string]inventory.Warehouse, error) {
	whs, err := st.Warehouses(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]inventory.Warehouse, len(whs))
	for _, w := range whs {
		out[w.Code] = w
	}
	return out, nil
}

// warehouseEntity is the legal entity whose books hold the stock of
// warehouse code. The stock movement that comes with the entry has
// already found the warehouse.
func warehouseEntity(ctx context.Context, st inventory.TxStore, code string) (int64, error) {
	whs, err := warehousesByCode(ctx, st)
	if err != nil {
		return 0, err
	}
	return entityOfWarehouse(whs, code)
}

func entityOfWarehouse(whs map[string]inventory.Warehouse, code string) (int64, error) {
	w, ok := whs[code]
	if !ok {
		return 0, fmt.Errorf("app: warehouse %s not found for its entity", code)
	}
	return w.EntityID, nil
}

// ruleEntry is one entry a stock change posts: event's posting rule
// applied to facts with the current account map of entity.
type ruleEntry struct {
	entity      int64
	event       finance.Event
	facts       finance.Facts
	key         string
	description string
}

// postRules posts entries in one call; a refused one fails the
// transaction, so goods never change value or owner half-booked. Entries
// whose amounts are all zero post nothing.
func postRules(ctx context.Context, st Stores, now time.Time, entries ...ruleEntry) error {
	var reqs []ledger.Request
	maps := map[int64]finance.Map{}
	for _, e := range entries {
		m, ok := maps[e.entity]
		if !ok {
			var err error
			if m, err = st.Maps.Current(ctx, e.entity); err != nil {
				return err
			}
			maps[e.entity] = m
		}
		p, err := finance.Postings(m, e.event, e.facts)
		if err != nil {
			return fmt.Errorf("app: entry %s: %w", e.key, err)
		}
		if len(p.Postings) == 0 {
			continue
		}
		req := ledger.Request{Entity: e.entity, MapVersion: p.MapVersion, SourceKey: e.key, Description: e.description,
			EffectiveAt: now, Postings: p.Postings}
		if err := req.Validate(); err != nil {
			return fmt.Errorf("app: entry %s: %w", e.key, err)
		}
		reqs = append(reqs, req)
	}
	if len(reqs) == 0 {
		return nil
	}
	outs, err := st.Ledger.Post(ctx, reqs, now)
	if err != nil {
		return err
	}
	for i, o := range outs {
		if o.Err != nil {
			return fmt.Errorf("app: entry %s: %w", reqs[i].SourceKey, o.Err)
		}
	}
	return nil
}

// returnEntries book goods of an order coming back into a warehouse of
// entity whs at value (their moving-average cost now). When the order's
// entity orders is whs, they come out of its cost of goods sold
// (stock.returned). Otherwise they were sold to the order's entity at
// cost when shipped, and the return undoes that sale: the warehouse's
// entity takes them back into inventory against its inter-company
// receivable (stock.taken_back), the order's entity takes their cost out
// of cost of goods sold against its inter-company payable
// (order.cost_returned). key is the return's source key; the order's side
// is key+"#cogs".
func returnEntries(whs, orders int64, key, description string, value money.Amount, dims ledger.Dims) []ruleEntry {
	f := finance.Facts{Value: value, Dims: dims}
	if whs == orders {
		return []ruleEntry{{entity: whs, event: finance.StockReturned, facts: f, key: key, description: description}}
	}
	return []ruleEntry{
		{entity: whs, event: finance.StockTakenBack, facts: f, key: key, description: description + " (关联方退回 / inter-company)"},
		{entity: orders, event: finance.OrderCostReturned, facts: f, key: key + "#cogs", description: description + " (关联方退回 / inter-company)"},
	}
}
