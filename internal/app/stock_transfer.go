package app

import (
	"context"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

// Inter-company current accounts (docs/adr/0027-inter-entity-stock.md):
// the sending entity is owed for goods it sent another entity of the
// group, the receiving one owes it.
const (
	accountInterCompanyReceivable = "1221" // 其他应收款 — 关联方往来
	accountInterCompanyPayable    = "2241" // 其他应付款 — 关联方往来
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
		entries, err := interEntityEntries(key, l, money.New(v.CostOf(l.Quantity), v.Currency), src, dst, now)
		if err != nil || len(entries) == 0 {
			return err
		}
		reqs := make([]ledger.Request, len(entries))
		for i, e := range entries {
			reqs[i] = e.Request
			reqs[i].Entity = e.Entity
		}
		outs, err := st.Ledger.Post(ctx, reqs, now)
		if err != nil {
			return err
		}
		for _, o := range outs {
			if o.Err != nil {
				return o.Err
			}
		}
		return nil
	})
	return from, dest, replayed, err
}

func transferEnds(ctx context.Context, st inventory.TxStore, from, to string) (src, dst inventory.Warehouse, err error) {
	whs, err := st.Warehouses(ctx)
	if err != nil {
		return src, dst, err
	}
	for _, w := range whs {
		switch w.Code {
		case from:
			src = w
		case to:
			dst = w
		}
	}
	return src, dst, nil // the transfer itself already found both
}

// EntityEntry is a journal entry and the legal entity whose books it
// belongs in.
//
// The books do not carry an entity yet (that is the ledger's half of
// issue 7): until they do, both entries of an inter-entity transfer post
// to the one set of books, where they net to a receivable and a payable
// of the same amount and leave inventory (1405) as the valuation says.
// When ledger.Request gains its entity, Entity moves into it.
type EntityEntry struct {
	Entity  int64 // legal_entities.id
	Request ledger.Request
}

// interEntityEntries are the two entries of moving l from warehouse src to
// dst of another entity at cost (the SKU's moving-average cost of
// l.Quantity): in src's entity Dr inter-company receivable / Cr inventory,
// in dst's entity Dr inventory / Cr inter-company payable, the same amount
// on both sides. Their source keys are "stock:"+key+"#out" and "#in", as
// the stock movements. None when cost is zero (stock never valued).
func interEntityEntries(key string, l inventory.Line, cost money.Amount, src, dst inventory.Warehouse, at time.Time) ([]EntityEntry, error) {
	if cost.IsZero() {
		return nil, nil
	}
	if cost.Sign() < 0 {
		return nil, fmt.Errorf("app: transfer %s: negative cost %s", key, cost)
	}
	neg, err := cost.Neg()
	if err != nil {
		return nil, err
	}
	what := fmt.Sprintf("%d × %s %s → %s", l.Quantity, l.SKU, src.Code, dst.Code)
	out := EntityEntry{Entity: src.EntityID, Request: ledger.Request{SourceKey: "stock:" + key + "#out", EffectiveAt: at,
		Description: fmt.Sprintf("关联方调出 %s 给 %s / Inter-company transfer out to %s: %s", what, dst.Entity, dst.Entity, what),
		Postings:    []ledger.Posting{{Account: accountInterCompanyReceivable, Amount: cost}, {Account: "1405", Amount: neg}}}}
	in := EntityEntry{Entity: dst.EntityID, Request: ledger.Request{SourceKey: "stock:" + key + "#in", EffectiveAt: at,
		Description: fmt.Sprintf("关联方调入 %s 自 %s / Inter-company transfer in from %s: %s", what, src.Entity, src.Entity, what),
		Postings:    []ledger.Posting{{Account: "1405", Amount: cost}, {Account: accountInterCompanyPayable, Amount: neg}}}}
	for _, e := range []EntityEntry{out, in} {
		if err := e.Request.Validate(); err != nil {
			return nil, err
		}
	}
	return []EntityEntry{out, in}, nil
}
