package catalogdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/store"
)

// Bundles lists bundles after the cursor in code order, with components.
func (s *Store) Bundles(ctx context.Context, after string, limit int) ([]catalog.SKU, error) {
	var out []catalog.SKU
	err := s.db.Read(ctx, func(tx *store.Tx) (err error) {
		if out, err = querySKUs(ctx, tx, `SELECT `+skuColumns+` FROM skus WHERE is_bundle = 1 AND code > ? ORDER BY code LIMIT ?`, after, limit); err != nil {
			return err
		}
		codes := make([]any, len(out))
		for i, sku := range out {
			codes[i] = sku.Code
		}
		in, args := store.InList(codes)
		return withComponents(ctx, tx, out, `SELECT bundle_code, component_code, quantity FROM bundle_components
			WHERE bundle_code IN (`+in+`) ORDER BY bundle_code, component_code`, args...)
	})
	if err != nil {
		return nil, fmt.Errorf("catalogdb: bundles: %w", err)
	}
	return out, nil
}

// Product returns a product and its SKUs in code order, bundles with
// their components.
func (s *Store) Product(ctx context.Context, code string) (catalog.Product, []catalog.SKU, error) {
	var p catalog.Product
	var skus []catalog.SKU
	err := s.db.Read(ctx, func(tx *store.Tx) (err error) {
		if p, err = scanProduct(tx.QueryRow(ctx, `SELECT code, name, created_at FROM products WHERE code = ?`, code)); err != nil {
			return err
		}
		if skus, err = querySKUs(ctx, tx, `SELECT `+skuColumns+` FROM skus WHERE product_code = ? ORDER BY code`, code); err != nil {
			return err
		}
		return withComponents(ctx, tx, skus, `SELECT c.bundle_code, c.component_code, c.quantity FROM bundle_components c
			JOIN skus s ON s.code = c.bundle_code WHERE s.product_code = ? ORDER BY c.bundle_code, c.component_code`, code)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return catalog.Product{}, nil, productNotFound(code)
	}
	if err != nil {
		return catalog.Product{}, nil, fmt.Errorf("catalogdb: product %s: %w", code, err)
	}
	return p, skus, nil
}

// Products lists products after the cursor in code order.
func (s *Store) Products(ctx context.Context, after string, limit int) ([]catalog.Product, error) {
	out, err := store.Collect(ctx, s.db, scanProduct, `SELECT code, name, created_at FROM products WHERE code > ? ORDER BY code LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("catalogdb: products: %w", err)
	}
	return out, nil
}

func scanProduct(row store.Scanner) (catalog.Product, error) {
	var p catalog.Product
	var created int64
	err := row.Scan(&p.Code, &p.Name, &created)
	p.CreatedAt = store.Time(created)
	return p, err
}

func productNotFound(code string) error {
	return fault.New(fault.NotFound, "product_not_found", "product %s does not exist", code)
}

func querySKUs(ctx context.Context, tx *store.Tx, query string, args ...any) ([]catalog.SKU, error) {
	rows, err := tx.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []catalog.SKU
	for rows.Next() {
		sku, err := scanSKU(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sku)
	}
	return out, rows.Err()
}

// withComponents fills in the components of the bundles among skus from
// query, which selects bundle code, component code and quantity in order.
func withComponents(ctx context.Context, tx *store.Tx, skus []catalog.SKU, query string, args ...any) error {
	if len(skus) == 0 {
		return nil
	}
	at := make(map[string]int, len(skus))
	for i, sku := range skus {
		at[sku.Code] = i
	}
	rows, err := tx.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var bundle string
		var c catalog.Component
		if err := rows.Scan(&bundle, &c.SKU, &c.Quantity); err != nil {
			return err
		}
		if i, ok := at[bundle]; ok {
			skus[i].Components = append(skus[i].Components, c)
		}
	}
	return rows.Err()
}
