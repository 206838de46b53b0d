package catalog

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
)

// Service validates master data in front of a Store.
type Service struct {
	store Store
	now   func() time.Time
	cache cache
}

// New returns a Service; now is the clock (time.Now when nil).
func New(s Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: s, now: now}
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// CreateProduct validates and adds a product.
func (s *Service) CreateProduct(ctx context.Context, p Product) (Product, error) {
	if err := p.Validate(); err != nil {
		return Product{}, err
	}
	p.CreatedAt = s.clock()
	return p, s.store.CreateProduct(ctx, p)
}

// CreateSKU validates and adds a SKU or bundle.
func (s *Service) CreateSKU(ctx context.Context, sku SKU) (SKU, error) {
	if err := sku.Validate(); err != nil {
		return SKU{}, err
	}
	sku.CreatedAt = s.clock()
	return sku, s.store.CreateSKU(ctx, sku)
}

// SKU returns one SKU. Errors: NotFound. SKUs read are cached for SKUTTL
// (cache.go); one updated through this Service is forgotten at once.
func (s *Service) SKU(ctx context.Context, code string) (SKU, error) {
	if sku, ok := s.cache.sku(code, s.now()); ok {
		return sku, nil
	}
	sku, err := s.store.SKU(ctx, code)
	if err == nil {
		s.cache.putSKU(sku, s.now())
	}
	return sku, err
}

// SKUs pages through SKUs in code order (limit 1–1000), bundles without
// their components. Errors: Invalid (limit).
func (s *Service) SKUs(ctx context.Context, after string, limit int) ([]SKU, error) {
	if err := validLimit(limit); err != nil {
		return nil, err
	}
	return s.store.SKUs(ctx, after, limit)
}

// Bundles pages through the SKUs that are bundles, in code order and with
// their components (limit 1–1000). Errors: Invalid (limit).
func (s *Service) Bundles(ctx context.Context, after string, limit int) ([]SKU, error) {
	if err := validLimit(limit); err != nil {
		return nil, err
	}
	return s.store.Bundles(ctx, after, limit)
}

// Product returns one product and its SKUs (bundles with components).
// Errors: NotFound.
func (s *Service) Product(ctx context.Context, code string) (Product, []SKU, error) {
	return s.store.Product(ctx, code)
}

// Products pages through products in code order (limit 1–1000).
// Errors: Invalid (limit).
func (s *Service) Products(ctx context.Context, after string, limit int) ([]Product, error) {
	if err := validLimit(limit); err != nil {
		return nil, err
	}
	return s.store.Products(ctx, after, limit)
}

func validLimit(limit int) error {
	if limit < 1 || limit > 1000 {
		return fault.Invalidf("limit", "limit_invalid", "limit must be between 1 and 1000, not %d", limit)
	}
	return nil
}

// PutListing validates and stores a listing mapping.
func (s *Service) PutListing(ctx context.Context, l Listing) (Listing, error) {
	if err := l.Validate(); err != nil {
		return Listing{}, err
	}
	l.CreatedAt = s.clock()
	err := s.store.PutListing(ctx, l)
	s.cache.forgetListing(l.Channel, l.Shop, l.ExternalItemID, l.ExternalSKUID)
	return l, err
}

// Resolve maps a channel's item to our SKU. Errors: NotFound when unmapped,
// which puts an order on hold until a mapping is added.
// Mappings found are cached for a few seconds (cache.go).
func (s *Service) Resolve(ctx context.Context, channel, shop, itemID, skuID string) (SKU, error) {
	if code, ok := s.cache.listing(channel, shop, itemID, skuID, s.now()); ok {
		return s.SKU(ctx, code)
	}
	sku, err := s.store.Resolve(ctx, channel, shop, itemID, skuID)
	if err == nil {
		s.cache.putListing(channel, shop, itemID, skuID, sku, s.now())
	}
	return sku, err
}

// Listings lists a shop's mappings.
func (s *Service) Listings(ctx context.Context, channel, shop string) ([]Listing, error) {
	return s.store.Listings(ctx, channel, shop)
}

// ImportSKUs validates and adds skus in one transaction, all or none: plain
// SKUs first, so bundles in the same file find their components.
func (s *Service) ImportSKUs(ctx context.Context, skus []SKU, progress func(done int)) error {
	now := s.clock()
	ordered := make([]SKU, 0, len(skus))
	for _, bundles := range []bool{false, true} {
		for _, sku := range skus {
			if sku.IsBundle() == bundles {
				sku.CreatedAt = now
				ordered = append(ordered, sku)
			}
		}
	}
	for _, sku := range ordered {
		if err := sku.Validate(); err != nil {
			return err
		}
	}
	return s.store.CreateSKUs(ctx, ordered, progress)
}
