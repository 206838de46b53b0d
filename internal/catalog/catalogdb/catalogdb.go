// Package catalogdb stores master data in SQLite or PostgreSQL through
// internal/store, with the same SQL on both.
package catalogdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/store"
)

// Store implements catalog.Store.
type Store struct{ db *store.DB }

var _ catalog.Store = (*Store)(nil)

// New returns a Store over db.
func New(db *store.DB) *Store { return &Store{db: db} }

// CreateProduct adds p. Errors: Conflict.
func (s *Store) CreateProduct(ctx context.Context, p catalog.Product) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO products (code, name, created_at) VALUES (?, ?, ?)`, p.Code, p.Name, store.Micros(p.CreatedAt))
		return err
	})
	return s.wrap(err, "product", p.Code)
}

// CreateSKU adds sku and its components in one transaction.
func (s *Store) CreateSKU(ctx context.Context, sku catalog.SKU) error {
	return s.CreateSKUs(ctx, []catalog.SKU{sku}, nil)
}

// CreateSKUs adds skus in one transaction, all or none.
func (s *Store) CreateSKUs(ctx context.Context, skus []catalog.SKU, progress func(done int)) error {
	var current catalog.SKU
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		for i, sku := range skus {
			current = sku
			if err := insertSKU(ctx, tx, sku); err != nil {
				return err
			}
			if progress != nil && (i+1)%100 == 0 {
				progress(i + 1)
			}
		}
		return nil
	})
	if err == nil && progress != nil {
		progress(len(skus))
	}
	return s.wrap(err, "SKU", current.Code)
}

func insertSKU(ctx context.Context, tx *store.Tx, sku catalog.SKU) error {
	if err := checkRefs(ctx, tx, sku); err != nil {
		return err
	}
	var product any
	if sku.Product != "" {
		product = sku.Product
	}
	if _, err := tx.Exec(ctx, `INSERT INTO skus (code, product_code, barcode, name, spec, unit, tax_rate, weight_g, is_bundle, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, sku.Code, product, sku.Barcode, sku.Name, sku.Spec, sku.Unit,
		sku.TaxRate.String(), sku.WeightG, store.Int(sku.IsBundle()), store.Micros(sku.CreatedAt)); err != nil {
		return err
	}
	var rows []any
	for _, c := range sku.Components {
		rows = append(rows, sku.Code, c.SKU, c.Quantity)
	}
	_, err := tx.InsertRows(ctx, `INSERT INTO bundle_components (bundle_code, component_code, quantity) VALUES `, "", 3, rows)
	return err
}

// checkRefs makes sure the product exists and every component is a plain
// SKU (bundles of bundles would make stock recursive).
func checkRefs(ctx context.Context, tx *store.Tx, sku catalog.SKU) error {
	if sku.Product != "" {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM products WHERE code = ?`, sku.Product).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fault.Invalidf("product", "product_not_found", "product %s does not exist; create it first", sku.Product)
		}
	}
	for i, c := range sku.Components {
		var bundle int
		err := tx.QueryRow(ctx, `SELECT is_bundle FROM skus WHERE code = ?`, c.SKU).Scan(&bundle)
		field := fmt.Sprintf("components[%d].sku", i)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return fault.Invalidf(field, "component_not_found", "component %s does not exist; create it first", c.SKU)
		case err != nil:
			return err
		case bundle == 1:
			return fault.Invalidf(field, "component_is_bundle", "component %s is itself a bundle; list its components instead", c.SKU)
		}
	}
	return nil
}

func (s *Store) wrap(err error, what, code string) error {
	switch {
	case err == nil:
		return nil
	case s.db.UniqueViolation(err):
		return fault.New(fault.Conflict, "code_taken", "%s %s already exists", what, code)
	case fault.KindOf(err) != fault.Internal:
		return err
	}
	return fmt.Errorf("catalogdb: %s %s: %w", what, code, err)
}

func scanSKU(row store.Scanner) (catalog.SKU, error) {
	var s catalog.SKU
	var product sql.NullString
	var rate string
	var created int64
	if err := row.Scan(&s.Code, &product, &s.Barcode, &s.Name, &s.Spec, &s.Unit, &rate, &s.WeightG, &created); err != nil {
		return s, err
	}
	r, err := money.ParseRate(rate)
	s.Product, s.TaxRate, s.CreatedAt = product.String, r, store.Time(created)
	return s, err
}

const skuColumns = `code, product_code, barcode, name, spec, unit, tax_rate, weight_g, created_at`
