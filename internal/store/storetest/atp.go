package storetest

import (
	"context"
	"testing"

	"github.com/fnshub/fnshub/internal/entity/entitydb"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/shop/shopdb"
)

// ExerciseATP runs the available-to-promise storage contract (safety stock,
// shop rules, sellable stock) against one engine.
func ExerciseATP(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("a rule is replaced by the next for the same shop and SKU, and deleted once", func(t *testing.T) {
		t.Parallel()
		s, _ := NewInventory(t, open)
		_, err := s.PutRule(ctx, inventory.Rule{Shop: "tmall", SKU: "*", Kind: inventory.RuleShare, ShareBP: 2500})
		must(t, err)
		_, err = s.PutRule(ctx, inventory.Rule{Shop: "tmall", SKU: "*", Kind: inventory.RuleCap, Quantity: 40})
		must(t, err)
		_, err = s.PutRule(ctx, inventory.Rule{Shop: "jd", SKU: "SKU-1", Kind: inventory.RuleShare, ShareBP: 10000})
		must(t, err)
		rules, err := s.Rules(ctx)
		must(t, err)
		if len(rules) != 2 || rules[0].Shop != "jd" || rules[0].ShareBP != 10000 || rules[0].Quantity != 0 ||
			rules[1].Kind != inventory.RuleCap || rules[1].Quantity != 40 || rules[1].ShareBP != 0 || rules[1].UpdatedAt.IsZero() {
			t.Fatalf("rules = %+v, want jd's share and tmall's cap (the cap replaced the share)", rules)
		}
		must(t, s.DeleteRule(ctx, "jd", "SKU-1"))
		wantKind(t, s.DeleteRule(ctx, "jd", "SKU-1"), fault.NotFound)
		_, err = s.PutRule(ctx, inventory.Rule{Shop: "jd", SKU: "*", Kind: inventory.RuleShare, ShareBP: 10001})
		wantKind(t, err, fault.Invalid)
		_, err = s.PutRule(ctx, inventory.Rule{Shop: "jd", SKU: "*", Kind: "all"})
		wantKind(t, err, fault.Invalid)
	})
	t.Run("safety stock is set per SKU and replaced", func(t *testing.T) {
		t.Parallel()
		s, _ := NewInventory(t, open)
		for _, q := range []int64{5, 20} {
			_, err := s.PutSafetyStock(ctx, inventory.SafetyStock{SKU: "SKU-1", Quantity: q})
			must(t, err)
		}
		got, err := s.SafetyStocks(ctx)
		must(t, err)
		if len(got) != 1 || got[0].Quantity != 20 {
			t.Fatalf("safety stock = %+v, want 20 of SKU-1", got)
		}
		_, err = s.PutSafetyStock(ctx, inventory.SafetyStock{SKU: "SKU-1", Quantity: -1})
		wantKind(t, err, fault.Invalid)
	})
	t.Run("shops are promised what active warehouses hold less reservations and safety stock, never more in all", func(t *testing.T) {
		t.Parallel()
		s := newPromiseStock(t, open)
		rules := []inventory.Rule{
			{Shop: "tmall", SKU: "SKU-1", Kind: inventory.RuleFixed, Quantity: 10},
			{Shop: "tmall", SKU: "*", Kind: inventory.RuleShare, ShareBP: 10000}, // SKU-1 has its own rule
			{Shop: "jd", SKU: "*", Kind: inventory.RuleShare, ShareBP: 4000},
			{Shop: "douyin", SKU: "*", Kind: inventory.RuleCap, Quantity: 25},
		}
		for _, r := range rules {
			_, err := s.PutRule(ctx, r)
			must(t, err)
		}
		// SKU-1: 100 on hand in SH, 10 reserved, 50 in inactive GZ: 90 sellable,
		// 70 after safety. tmall 10 fixed, jd 40% of 60 = 24, douyin 25 of 36.
		want := map[string]int64{"tmall": 10, "jd": 24, "douyin": 25, "pdd": 0}
		var sum int64
		for shop, n := range want {
			ps, err := s.Promises(ctx, shop)
			must(t, err)
			if len(ps) != 1 || ps[0].SKU != "SKU-1" || ps[0].Sellable != 90 || ps[0].Safety != 20 || ps[0].Available != 70 || ps[0].Published != n {
				t.Fatalf("%s promises %+v, want SKU-1 sellable 90, safety 20, available 70, published %d", shop, ps, n)
			}
			if (ps[0].Rule == nil) != (shop == "pdd") {
				t.Fatalf("%s: rule applied = %+v", shop, ps[0].Rule)
			}
			sum += ps[0].Published
		}
		if sum > 70 {
			t.Fatalf("published %d in all of 70 available", sum)
		}
		_, err := s.Promises(ctx, "")
		wantKind(t, err, fault.Invalid)
	})
	t.Run("a shop's part counts only the warehouses it may ship from", func(t *testing.T) {
		t.Parallel()
		exerciseShopATP(t, open)
	})
}

// exerciseShopATP: a shop that ships only from some warehouses publishes
// at most what they hold, less safety stock (ADR 24), whatever its rule.
func exerciseShopATP(t *testing.T, open Opener) {
	ctx := context.Background()
	s := newPromiseStock(t, open)
	shops := shop.New(shopdb.New(s.DB), entitydb.New(s.DB), nil)
	s.WithShops(shops)
	_, err := s.CreateWarehouse(ctx, inventory.Warehouse{Code: "BJ", Name: "北京仓", Active: true})
	must(t, err)
	_, _, err = s.Receive(ctx, "po-bj", inventory.Line{SKU: "SKU-1", Warehouse: "BJ", Quantity: 30})
	must(t, err)
	for id, whs := range map[string][]shop.Warehouse{"tmall": {{Code: "BJ"}}, "jd": {{Code: "GZ"}}} {
		_, err := shops.Update(ctx, id, shop.Patch{Warehouses: &whs})
		must(t, err)
	}
	for _, r := range []inventory.Rule{
		{Shop: "tmall", SKU: "*", Kind: inventory.RuleShare, ShareBP: 5000},
		{Shop: "jd", SKU: "*", Kind: inventory.RuleCap, Quantity: 25},
		{Shop: "douyin", SKU: "*", Kind: inventory.RuleCap, Quantity: 25},
	} {
		_, err := s.PutRule(ctx, r)
		must(t, err)
	}
	// SKU-1: SH 100 − 10 reserved, BJ 30, GZ 50 inactive: 120 sellable, 100
	// after safety 20. tmall's half is 50, but BJ holds 30: 10 after
	// safety. jd may use only GZ, which is inactive: 0. douyin lists
	// nothing: its cap of 25 over everything.
	want := map[string][2]int64{"tmall": {10, 10}, "jd": {0, 0}, "douyin": {100, 25}}
	for id, w := range want {
		ps, err := s.Promises(ctx, id)
		must(t, err)
		if len(ps) != 1 || ps[0].Sellable != 120 || ps[0].Available != 100 || ps[0].ShopAvailable != w[0] || ps[0].Published != w[1] {
			t.Fatalf("%s promises %+v, want sellable 120, available 100, shop_available %d, published %d", id, ps, w[0], w[1])
		}
	}
	// Allowing SH too lifts tmall to its half at once.
	_, err = shops.Update(ctx, "tmall", shop.Patch{Warehouses: &[]shop.Warehouse{{Code: "BJ"}, {Code: "SH", Priority: 1}}})
	must(t, err)
	ps, err := s.Promises(ctx, "tmall")
	must(t, err)
	if ps[0].ShopAvailable != 100 || ps[0].Published != 50 {
		t.Fatalf("tmall with SH and BJ promises %+v, want shop_available 100, published 50", ps)
	}
}

// newPromiseStock is NewInventory plus an inactive warehouse GZ holding 50
// of SKU-1, 10 of SKU-1 reserved in SH and 20 units of safety stock.
func newPromiseStock(t *testing.T, open Opener) *Stock {
	t.Helper()
	ctx := context.Background()
	s, _ := NewInventory(t, open)
	_, err := s.CreateWarehouse(ctx, inventory.Warehouse{Code: "GZ", Name: "广州仓", Active: false})
	must(t, err)
	_, _, err = s.Receive(ctx, "po-gz", inventory.Line{SKU: "SKU-1", Warehouse: "GZ", Quantity: 50})
	must(t, err)
	_, err = s.ReserveOne(ctx, "o1", "order-1", inventory.Line{SKU: "SKU-1", Warehouse: "SH", Quantity: 10})
	must(t, err)
	_, err = s.PutSafetyStock(ctx, inventory.SafetyStock{SKU: "SKU-1", Quantity: 20})
	must(t, err)
	return s
}
