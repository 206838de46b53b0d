package catalog

import (
	"context"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

// SKUPatch changes a SKU's descriptive fields and tax rate; a nil field is
// left as it is. There is no way to change the code or a bundle's
// components: orders and reservations already name them, so a different
// article or composition is a new SKU.
type SKUPatch struct {
	Product *string // "" detaches the SKU from its product
	Barcode *string
	Name    *string
	Spec    *string
	Unit    *string
	TaxRate *money.Rate // applies to orders mapped from now on
	WeightG *int64
}

func (p SKUPatch) apply(s *SKU) {
	set(&s.Product, p.Product)
	set(&s.Barcode, p.Barcode)
	set(&s.Name, p.Name)
	set(&s.Spec, p.Spec)
	set(&s.Unit, p.Unit)
	set(&s.TaxRate, p.TaxRate)
	set(&s.WeightG, p.WeightG)
}

// ProductPatch changes a product's name; nil leaves it as it is.
type ProductPatch struct {
	Name *string
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// UpdateSKU applies p to the SKU with code, validated as on create, and
// forgets the cached SKU on this node (other nodes see it within SKUTTL).
// Orders already stored keep the tax rate they were mapped with.
// Errors: NotFound (SKU), Invalid (a field, or a product that does not exist).
func (s *Service) UpdateSKU(ctx context.Context, code string, p SKUPatch) (SKU, error) {
	updated, err := s.store.UpdateSKU(ctx, code, func(sku *SKU) error {
		p.apply(sku)
		return sku.Validate()
	})
	s.cache.forgetSKU(code)
	return updated, err
}

// UpdateProduct applies p to the product with code, validated as on create.
// Errors: NotFound, Invalid.
func (s *Service) UpdateProduct(ctx context.Context, code string, p ProductPatch) (Product, error) {
	return s.store.UpdateProduct(ctx, code, func(prod *Product) error {
		set(&prod.Name, p.Name)
		return prod.Validate()
	})
}

// DeleteListing unmaps a listing and forgets it on this node (other nodes
// within ListingTTL). Orders already mapped keep their SKU; new orders for
// the listing are held as unmapped. Errors: Invalid (channel, shop or item
// missing), NotFound (not mapped).
func (s *Service) DeleteListing(ctx context.Context, channel, shop, itemID, skuID string) error {
	if channel == "" || shop == "" || itemID == "" {
		return fault.Invalidf("external_item_id", "listing_key_missing",
			"name the listing: channel, shop and external_item_id (and external_sku_id when it has one)")
	}
	err := s.store.DeleteListing(ctx, channel, shop, itemID, skuID)
	s.cache.forgetListing(channel, shop, itemID, skuID)
	return err
}
