package catalog

import "context"

// Store persists master data. Implementations live in catalog/catalogdb.
type Store interface {
	// CreateProduct adds p. Errors: Conflict.
	CreateProduct(ctx context.Context, p Product) error
	// CreateSKU adds s with its components. Errors: Conflict (code taken),
	// NotFound (product or a component missing), Invalid (a component that
	// is itself a bundle).
	CreateSKU(ctx context.Context, s SKU) error
	// CreateSKUs adds all of skus in one transaction, in order, or none;
	// progress is told how many are done. Errors as CreateSKU, naming the SKU.
	CreateSKUs(ctx context.Context, skus []SKU, progress func(done int)) error
	// SKU returns one SKU with its components. Errors: NotFound.
	SKU(ctx context.Context, code string) (SKU, error)
	// SKUs lists SKUs by code after the cursor, at most limit.
	SKUs(ctx context.Context, after string, limit int) ([]SKU, error)
	// PutListing maps a listing to a SKU, replacing an earlier mapping of the
	// same listing. Errors: NotFound (SKU).
	PutListing(ctx context.Context, l Listing) error
	// Resolve returns the SKU a listing maps to. Errors: NotFound (unmapped).
	Resolve(ctx context.Context, channel, shop, itemID, skuID string) (SKU, error)
	// Listings lists the mappings of one shop.
	Listings(ctx context.Context, channel, shop string) ([]Listing, error)
}
