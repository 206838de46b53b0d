package inventory

import (
	"context"
	"maps"
	"slices"
)

// PromisesOf is Promises for the given SKUs only, from one read of their
// levels: the stock pusher asks it just before each write, so its cost
// follows the listings written, not the catalogue. A SKU without stock in
// an active warehouse is not among the answers (it publishes nothing).
// Errors: Invalid (shop).
func (s *Service) PromisesOf(ctx context.Context, shop string, skus []string) ([]Promise, error) {
	if err := validShop(shop); err != nil {
		return nil, err
	}
	levels, err := s.store.LevelsOf(ctx, skus)
	if err != nil {
		return nil, err
	}
	whs, err := s.store.Warehouses(ctx)
	if err != nil {
		return nil, err
	}
	safeties, err := s.store.SafetyStocksOf(ctx, skus)
	if err != nil {
		return nil, err
	}
	rules, err := s.store.Rules(ctx)
	if err != nil {
		return nil, err
	}
	var allowed map[string]int
	if s.shops != nil {
		if allowed, err = s.shops.Allowed(ctx, shop); err != nil {
			return nil, err
		}
	}
	active := map[string]bool{}
	for _, w := range whs {
		active[w.Code] = w.Active
	}
	sellable, inReach := map[string]int64{}, map[string]int64{}
	for _, l := range levels {
		if !active[l.Warehouse] {
			continue
		}
		sellable[l.SKU] += l.Available()
		if _, ok := allowed[l.Warehouse]; ok {
			inReach[l.SKU] += l.Available()
		}
	}
	safety := safetyBySKU(safeties)
	var reach map[string]int64 // nil: the shop may use every warehouse
	if len(allowed) > 0 {
		reach = make(map[string]int64, len(inReach))
		for sku, n := range inReach {
			reach[sku] = max(n-safety[sku], 0)
		}
	}
	return promise(shop, sellable, safety, rules, reach), nil
}

func safetyBySKU(safeties []SafetyStock) map[string]int64 {
	safety := make(map[string]int64, len(safeties))
	for _, ss := range safeties {
		safety[ss.SKU] = ss.Quantity
	}
	return safety
}

// promise is what shop may publish of each SKU in sellable, by SKU: the
// rules' split of what safety stock leaves, at most what the shop's
// warehouses hold (reach; nil: every warehouse).
func promise(shop string, sellable, safety map[string]int64, rules []Rule, reach map[string]int64) []Promise {
	available := make(map[string]int64, len(sellable))
	for sku, n := range sellable {
		available[sku] = max(n-safety[sku], 0)
	}
	mine := map[string]Allotment{}
	for _, a := range Allot(available, rules) {
		if a.Shop == shop {
			mine[a.SKU] = a
		}
	}
	// A shop without any rule is not among the allotments; it is still
	// answered with every SKU, publishing nothing.
	out := make([]Promise, 0, len(available))
	for _, sku := range slices.Sorted(maps.Keys(available)) {
		a, own := mine[sku], available[sku]
		if reach != nil {
			own = reach[sku]
		}
		out = append(out, Promise{SKU: sku, Sellable: sellable[sku], Safety: safety[sku],
			Available: available[sku], ShopAvailable: own, Published: min(a.Published, own), Rule: a.Rule})
	}
	return out
}
