package app

import (
	"context"
	"fmt"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

// Transfer moves available stock between warehouses. Within one legal
// entity nothing is booked: the moving average is one per SKU, so the
// stock is worth the same in either warehouse. Between warehouses of
// different entities the goods change owner at cost: the sending entity
// books them out of inventory against an inter-company receivable, the
// receiving one into inventory against an inter-company payable
// (interEntityEntries), in the transaction that moves the stock. Stock of a
// SKU with no value yet moves without entries. Errors: Invalid, NotFound
// (a warehouse), Conflict (not that much available; a reused key).
func (s *Stock) Transfer(ctx context.Context, key string, l inventory.Line, to string) (from, dest inventory.Level, replayed bool, err error) {
	if err := inventory.ValidateChange(key, l, true); err != nil {
		return from, dest, false, err
	}
	if to == l.Warehouse || to == "" {
		return from, dest, false, fault.Invalidf("to", "transfer_target_invalid", "transfer to another warehouse than %s", l.Warehouse)
	}
	now := s.clock()
	err = s.unit.StockTx(ctx, key+"#out", func(st Stores) error {
		from, dest, replayed, err = st.Stock.Transfer(ctx, key, l, to, now)
		if err != nil || replayed {
			return err
		}
		src, dst, err := transferEnds(ctx, st.Stock, l.Warehouse, to)
		if err != nil || src.EntityID == dst.EntityID {
			return err
		}
		v, err := st.Stock.Valuation(ctx, l.SKU, s.currency) // locked: no issue can change the average meanwhile
		if err != nil {
			return err
		}
		entries, err := interEntityEntries(key, l, money.New(v.CostOf(l.Quantity), v.Currency), src, dst)
		if err != nil {
			return err
		}
		return postRules(ctx, st, now, entries...)
	})
	return from, dest, replayed, err
}

func transferEnds(ctx context.Context, st inventory.TxStore, from, to string) (src, dst inventory.Warehouse, err error) {
	whs, err := warehousesByCode(ctx, st)
	return whs[from], whs[to], err // the transfer itself already found both
}

// interEntityEntries are the two entries of moving l from warehouse src to
// dst of another entity at cost (the SKU's moving-average cost of
// l.Quantity), by the posting rules stock.transferred_out in src's entity
// (Dr inter-company receivable / Cr inventory) and stock.transferred_in in
// dst's (Dr inventory / Cr inter-company payable), the same amount on both
// sides, with the SKU and {transfer, key} as dimensions. Their source keys
// are "stock:"+key+"#out" and "#in", as the stock movements. None when cost
// is zero (stock never valued).
func interEntityEntries(key string, l inventory.Line, cost money.Amount, src, dst inventory.Warehouse) ([]ruleEntry, error) {
	if cost.IsZero() {
		return nil, nil
	}
	if cost.Sign() < 0 {
		return nil, fmt.Errorf("app: transfer %s: negative cost %s", key, cost)
	}
	f := finance.Facts{Cost: cost, Dims: ledger.Dims{SKU: l.SKU, Source: ledger.Source{Kind: ledger.SourceTransfer, ID: key}}}
	what := fmt.Sprintf("%d × %s %s → %s", l.Quantity, l.SKU, src.Code, dst.Code)
	return []ruleEntry{
		{entity: src.EntityID, event: finance.StockTransferredOut, facts: f, key: "stock:" + key + "#out",
			description: fmt.Sprintf("关联方调出 %s 给 %s / Inter-company transfer out to %s: %s", what, dst.Entity, dst.Entity, what)},
		{entity: dst.EntityID, event: finance.StockTransferredIn, facts: f, key: "stock:" + key + "#in",
			description: fmt.Sprintf("关联方调入 %s 自 %s / Inter-company transfer in from %s: %s", what, src.Entity, src.Entity, what)},
	}, nil
}
