package inventory

import (
	"context"

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
