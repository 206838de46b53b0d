package app

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

// Check verifies invariant 7 for inventory. The moving average is one per
// SKU across warehouses and entities (docs/adr/0027-inter-entity-stock.md),
// so: the valuation of all SKUs (the sub-ledger) equals the inventory
// accounts summed over every entity's books, per currency; each SKU's
// valued quantity equals its stock on hand across warehouses; no entity's
// inventory is negative; and the inter-company receivables of all
// entities equal their inter-company payables (goods sold between them at
// cost, owed as much as owing).
func (s *Stock) Check(ctx context.Context) (problems []string, err error) {
	var vals []inventory.Valuation
	var levels []inventory.Level
	var balances []ledger.Balance
	accountMaps := map[int64]finance.Map{}
	err = s.unit.Read(ctx, func(st Stores) (err error) {
		if vals, err = st.Stock.Valuations(ctx); err != nil {
			return err
		}
		if levels, err = st.Stock.Levels(ctx); err != nil {
			return err
		}
		if balances, err = st.Ledger.Balances(ctx); err != nil {
			return err
		}
		whs, err := st.Stock.Warehouses(ctx)
		if err != nil {
			return err
		}
		entities := []int64{ledger.DefaultEntity}
		for _, w := range whs {
			entities = append(entities, w.EntityID)
		}
		for _, b := range balances {
			entities = append(entities, b.Entity)
		}
		for _, e := range entities {
			if _, ok := accountMaps[e]; ok {
				continue
			}
			if accountMaps[e], err = st.Maps.Current(ctx, e); err != nil {
				return err
			}
		}
		return nil
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
	for _, sku := range slices.Sorted(maps.Keys(onHand)) {
		if q := onHand[sku]; q != 0 {
			problems = append(problems, fmt.Sprintf("I7 inventory sub-ledger: %s has %d on hand and no valuation", sku, q))
		}
	}
	type entityCur struct {
		entity int64
		cur    money.Currency
	}
	account := map[money.Currency]int64{}      // inventory, all entities
	perEntity := map[entityCur]int64{}         // inventory
	intercompany := map[money.Currency]int64{} // receivables + payables (negative), all entities
	for _, b := range balances {
		m := accountMaps[b.Entity]
		cur, minor := b.Amount.Currency(), b.Amount.Minor()
		if slices.Contains(finance.Codes(finance.Inventory, finance.DefaultMap(b.Entity), m), b.Account) {
			account[cur] += minor
			perEntity[entityCur{b.Entity, cur}] += minor
		}
		if slices.Contains(finance.Codes(finance.InterCompanyReceivable, finance.DefaultMap(b.Entity), m), b.Account) ||
			slices.Contains(finance.Codes(finance.InterCompanyPayable, finance.DefaultMap(b.Entity), m), b.Account) {
			intercompany[cur] += minor
		}
	}
	for _, cur := range slices.Sorted(maps.Keys(merge(subledger, account))) {
		if subledger[cur] != account[cur] {
			problems = append(problems, fmt.Sprintf("I7 inventory sub-ledger: stock is worth %s, the inventory accounts of all entities say %s",
				money.New(subledger[cur], cur), money.New(account[cur], cur)))
		}
	}
	keys := slices.SortedFunc(maps.Keys(perEntity), func(a, b entityCur) int {
		if a.entity != b.entity {
			return cmp.Compare(a.entity, b.entity)
		}
		return cmp.Compare(a.cur, b.cur)
	})
	for _, k := range keys {
		if perEntity[k] < 0 {
			problems = append(problems, fmt.Sprintf("I7 inventory: entity %d's inventory is negative, %s", k.entity, money.New(perEntity[k], k.cur)))
		}
	}
	for _, cur := range slices.Sorted(maps.Keys(intercompany)) {
		if intercompany[cur] != 0 {
			problems = append(problems, fmt.Sprintf("I7 inter-company: the entities' inter-company receivables and payables differ by %s; they must net to zero across the group",
				money.New(intercompany[cur], cur)))
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
