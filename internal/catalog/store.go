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
	// SKUs lists SKUs by code after the cursor, at most limit, bundles
	// without their components.
	SKUs(ctx context.Context, after string, limit int) ([]SKU, error)
	// Bundles lists the SKUs that are bundles, with their components, by
	// code after the cursor, at most limit.
	Bundles(ctx context.Context, after string, limit int) ([]SKU, error)
	// UpdateSKU reads the SKU with code, lets fn change it and stores it, in
	// one transaction, and returns the stored SKU. fn may not change the
	// code or the components. Errors: NotFound (SKU), Invalid (from fn, a
	// product that does not exist, a changed code or components).
	UpdateSKU(ctx context.Context, code string, fn func(*SKU) error) (SKU, error)
	// Product returns one product with its SKUs (bundles with components).
	// Errors: NotFound.
	Product(ctx context.Context, code string) (Product, []SKU, error)
	// Products lists products by code after the cursor, at most limit.
	Products(ctx context.Context, after string, limit int) ([]Product, error)
	// UpdateProduct reads the product with code, lets fn change it and
	// stores it, in one transaction. fn may not change the code.
	// Errors: NotFound, Invalid (from fn).
	UpdateProduct(ctx context.Context, code string, fn func(*Product) error) (Product, error)
	// PutListing maps a listing to a SKU, replacing an earlier mapping of the
	// same listing. Errors: NotFound (SKU).
	PutListing(ctx context.Context, l Listing) error
	// Resolve returns the SKU a listing maps to. Errors: NotFound (unmapped).
	Resolve(ctx context.Context, channel, shop, itemID, skuID string) (SKU, error)
	// DeleteListing removes the mapping of one listing. Errors: NotFound.
	DeleteListing(ctx context.Context, channel, shop, itemID, skuID string) error
	// Listings lists the mappings of one shop.
	Listings(ctx context.Context, channel, shop string) ([]Listing, error)
}

// TxStore is what a use case (internal/app) needs of the catalog inside
// one transaction, bound to it by the engine side (catalogdb.Bind).
type TxStore interface {
	// SKU returns one SKU with its components. Errors: NotFound.
	SKU(ctx context.Context, code string) (SKU, error)
}
