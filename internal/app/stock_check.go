package app

import (
	"context"
	"fmt"
	"slices"

	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

// Check verifies invariant 7 for inventory: the valuation of all SKUs (the
// sub-ledger) equals the balance of account 1405 in every currency, and
// each SKU's valued quantity equals its stock on hand across warehouses.
func (s *Stock) Check(ctx context.Context) (problems []string, err error) {
	var vals []inventory.Valuation
	var levels []inventory.Level
	var balances []ledger.Balance
	var m finance.Map
	err = s.unit.Read(ctx, func(st Stores) (err error) {
		if m, err = st.Maps.Current(ctx, stockEntity()); err != nil {
			return err
		}
		if vals, err = st.Stock.Valuations(ctx); err != nil {
			return err
		}
		if levels, err = st.Stock.Levels(ctx); err != nil {
			return err
		}
		balances, err = st.Ledger.Balances(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	onHand := map[string]int64{}
	for _, l := range levels {
		onHand[l.SKU] += l.OnHand
	}
	subledger := map[money.Currency]int64{}
	for _, v := range vals {
		subledger[v.Currency] += v.Value
		if v.Quantity != onHand[v.SKU] {
			problems = append(problems, fmt.Sprintf("I7 inventory sub-ledger: %s is valued for %d units, %d are on hand", v.SKU, v.Quantity, onHand[v.SKU]))
		}
		delete(onHand, v.SKU)
	}
	for sku, q := range onHand {
		if q != 0 {
			problems = append(problems, fmt.Sprintf("I7 inventory sub-ledger: %s has %d on hand and no valuation", sku, q))
		}
	}
	account := map[money.Currency]int64{}
	inventoryAccounts := finance.Codes(finance.Inventory, finance.DefaultMap(stockEntity()), m)
	for _, b := range balances {
		if slices.Contains(inventoryAccounts, b.Account) {
			account[b.Amount.Currency()] += b.Amount.Minor()
		}
	}
	for cur := range merge(subledger, account) {
		if subledger[cur] != account[cur] {
			problems = append(problems, fmt.Sprintf("I7 inventory sub-ledger: stock is worth %s, account 1405 says %s",
				money.New(subledger[cur], cur), money.New(account[cur], cur)))
		}
	}
	return problems, nil
}

func merge(a, b map[money.Currency]int64) map[money.Currency]bool {
	out := map[money.Currency]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}
