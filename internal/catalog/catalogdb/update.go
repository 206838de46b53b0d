package catalogdb

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/store"
)

// UpdateSKU reads the SKU under a row lock, lets fn change it and writes the
// descriptive fields and tax rate back. The code and the components are
// not written: a change to either is refused.
func (s *Store) UpdateSKU(ctx context.Context, code string, fn func(*catalog.SKU) error) (catalog.SKU, error) {
	var sku catalog.SKU
	err := s.db.InTx(ctx, func(tx *store.Tx) (err error) {
		if sku, err = scanSKU(tx.QueryRow(ctx, `SELECT `+skuColumns+` FROM skus WHERE code = ?`+tx.Dialect().ForUpdate(), code)); err != nil {
			return err
		}
		if sku.Components, err = components(ctx, tx, code); err != nil {
			return err
		}
		was := slices.Clone(sku.Components)
		if err := fn(&sku); err != nil {
			return err
		}
		if sku.Code != code || !slices.Equal(sku.Components, was) {
			return fault.Invalidf("code", "sku_immutable", "SKU %s: the code and a bundle's components cannot change; create a new SKU instead", code)
		}
		if err := checkRefs(ctx, tx, catalog.SKU{Product: sku.Product}); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE skus SET product_code = ?, barcode = ?, name = ?, spec = ?, unit = ?, tax_rate = ?, weight_g = ? WHERE code = ?`,
			nullable(sku.Product), sku.Barcode, sku.Name, sku.Spec, sku.Unit, sku.TaxRate.String(), sku.WeightG, code)
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return catalog.SKU{}, fault.New(fault.NotFound, "sku_not_found", "SKU %s does not exist", code)
	}
	if err != nil {
		return catalog.SKU{}, s.wrap(err, "update SKU", code)
	}
	return sku, nil
}

// UpdateProduct reads the product under a row lock, lets fn change it and
// writes its name back.
func (s *Store) UpdateProduct(ctx context.Context, code string, fn func(*catalog.Product) error) (catalog.Product, error) {
	var p catalog.Product
	err := s.db.InTx(ctx, func(tx *store.Tx) (err error) {
		if p, err = scanProduct(tx.QueryRow(ctx, `SELECT code, name, created_at FROM products WHERE code = ?`+tx.Dialect().ForUpdate(), code)); err != nil {
			return err
		}
		if err := fn(&p); err != nil {
			return err
		}
		if p.Code != code {
			return fault.Invalidf("code", "product_immutable", "product %s: the code cannot change; create a new product instead", code)
		}
		_, err = tx.Exec(ctx, `UPDATE products SET name = ? WHERE code = ?`, p.Name, code)
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return catalog.Product{}, productNotFound(code)
	}
	if err != nil {
		return catalog.Product{}, s.wrap(err, "update product", code)
	}
	return p, nil
}

// DeleteListing removes one listing mapping.
func (s *Store) DeleteListing(ctx context.Context, channel, shop, itemID, skuID string) error {
	var n int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM listings WHERE channel = ? AND shop = ? AND external_item_id = ? AND external_sku_id = ?`,
			channel, shop, itemID, skuID)
		if err == nil {
			n, err = res.RowsAffected()
		}
		return err
	})
	switch {
	case err != nil:
		return s.wrap(err, "delete listing", itemID)
	case n == 0:
		return fault.New(fault.NotFound, "listing_not_found", "%s shop %s item %s/%s is not mapped", channel, shop, itemID, skuID)
	}
	return nil
}

// nullable stores "" as NULL, for optional references.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
