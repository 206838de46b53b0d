package inventory

import (
	"context"
	"maps"
	"slices"

	"github.com/fnshub/fnshub/internal/fault"
)

// Promise is what one shop may publish of one SKU, and how that was found.
type Promise struct {
	SKU       string `json:"sku"`
	Sellable  int64  `json:"sellable"`  // on hand − reserved, over active warehouses
	Safety    int64  `json:"safety"`    // safety stock of the SKU
	Available int64  `json:"available"` // sellable − safety, at least 0: what all shops share
	// ShopAvailable is Available counted over the warehouses this shop may
	// ship from (ADR 24): on hand − reserved there, less safety stock, at
	// least 0. It equals Available for a shop that lists no warehouses.
	ShopAvailable int64 `json:"shop_available"`
	Published     int64 `json:"published"` // this shop's part (ADR 10), at most ShopAvailable
	Rule          *Rule `json:"rule"`      // the rule applied; null: none, nothing published
}

// Promises computes what shop may publish of every SKU in stock. All shops'
// rules take part, so the parts of all shops never sum past what is
// available; a shop that ships only from some warehouses publishes at most
// what those hold (ShopAvailable), since an order it took beyond that
// would be held for stock it may not use. Errors: Invalid (shop).
func (s *Service) Promises(ctx context.Context, shop string) ([]Promise, error) {
	if err := validShop(shop); err != nil {
		return nil, err
	}
	sellable, err := s.store.Sellable(ctx)
	if err != nil {
		return nil, err
	}
	safeties, err := s.store.SafetyStocks(ctx)
	if err != nil {
		return nil, err
	}
	rules, err := s.store.Rules(ctx)
	if err != nil {
		return nil, err
	}
	safety := safetyBySKU(safeties)
	reach, err := s.shopAvailable(ctx, shop, safety)
	if err != nil {
		return nil, err
	}
	return promise(shop, sellable, safety, rules, reach), nil
}

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

// shopAvailable returns, for a shop that lists warehouses, on hand −
// reserved per SKU over those of them that are active, less safety stock,
// at least 0; nil for a shop that may use every warehouse.
func (s *Service) shopAvailable(ctx context.Context, shop string, safety map[string]int64) (map[string]int64, error) {
	if s.shops == nil {
		return nil, nil
	}
	allowed, err := s.shops.Allowed(ctx, shop)
	if err != nil || len(allowed) == 0 {
		return nil, err
	}
	whs, err := s.store.Warehouses(ctx)
	if err != nil {
		return nil, err
	}
	use := map[string]bool{}
	for _, w := range whs {
		if _, ok := allowed[w.Code]; ok && w.Active {
			use[w.Code] = true
		}
	}
	levels, err := s.store.Levels(ctx)
	if err != nil {
		return nil, err
	}
	sellable := map[string]int64{}
	for _, l := range levels {
		if use[l.Warehouse] {
			sellable[l.SKU] += l.Available()
		}
	}
	out := make(map[string]int64, len(sellable))
	for sku, n := range sellable {
		out[sku] = max(n-safety[sku], 0)
	}
	return out, nil
}

// PutRule saves a shop's rule for a SKU, or for every SKU without its own
// rule (SKU "*"), replacing the one before. Errors: Invalid.
func (s *Service) PutRule(ctx context.Context, r Rule) (Rule, error) {
	if err := r.validate(); err != nil {
		return Rule{}, err
	}
	r.UpdatedAt = s.clock()
	return r, s.store.PutRule(ctx, r)
}

// DeleteRule removes a shop's rule for sku ("*" for its default).
// Errors: Invalid, NotFound.
func (s *Service) DeleteRule(ctx context.Context, shop, sku string) error {
	if err := validShop(shop); err != nil {
		return err
	}
	if err := validRuleSKU(sku); err != nil {
		return err
	}
	return s.store.DeleteRule(ctx, shop, sku)
}

// Rules lists every shop's rules by shop, then SKU.
func (s *Service) Rules(ctx context.Context) ([]Rule, error) { return s.store.Rules(ctx) }

// PutSafetyStock sets a SKU's safety stock (0 removes the buffer).
// Errors: Invalid.
func (s *Service) PutSafetyStock(ctx context.Context, ss SafetyStock) (SafetyStock, error) {
	if ss.SKU == "" || len(ss.SKU) > 64 || ss.SKU == AnySKU {
		return SafetyStock{}, fault.Invalidf("sku", "sku_invalid", "sku must be 1 to 64 characters (safety stock is per SKU; \"*\" is not one)")
	}
	if ss.Quantity < 0 || ss.Quantity > MaxQuantity {
		return SafetyStock{}, fault.Invalidf("quantity", "quantity_invalid", "safety stock must be 0 to %d units, not %d", int64(MaxQuantity), ss.Quantity)
	}
	ss.UpdatedAt = s.clock()
	return ss, s.store.PutSafetyStock(ctx, ss)
}

// SafetyStocks lists safety stock by SKU.
func (s *Service) SafetyStocks(ctx context.Context) ([]SafetyStock, error) {
	return s.store.SafetyStocks(ctx)
}
