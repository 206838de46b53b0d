package catalogdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/shop/shopdb"
	"github.com/fnshub/fnshub/internal/store"
)

// SKU returns one SKU with its components.
func (s *Store) SKU(ctx context.Context, code string) (catalog.SKU, error) {
	var sku catalog.SKU
	err := s.db.Read(ctx, func(tx *store.Tx) (err error) {
		if sku, err = scanSKU(tx.QueryRow(ctx, `SELECT `+skuColumns+` FROM skus WHERE code = ?`, code)); err != nil {
			return err
		}
		sku.Components, err = components(ctx, tx, code)
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return catalog.SKU{}, fault.New(fault.NotFound, "sku_not_found", "SKU %s does not exist", code)
	}
	if err != nil {
		return catalog.SKU{}, fmt.Errorf("catalogdb: SKU %s: %w", code, err)
	}
	return sku, nil
}

func components(ctx context.Context, tx *store.Tx, code string) ([]catalog.Component, error) {
	rows, err := tx.Query(ctx, `SELECT component_code, quantity FROM bundle_components WHERE bundle_code = ? ORDER BY component_code`, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []catalog.Component
	for rows.Next() {
		var c catalog.Component
		if err := rows.Scan(&c.SKU, &c.Quantity); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SKUs lists SKUs after the cursor in code order (bundles without their
// components; get one SKU for those).
func (s *Store) SKUs(ctx context.Context, after string, limit int) ([]catalog.SKU, error) {
	out, err := store.Collect(ctx, s.db, scanSKU, `SELECT `+skuColumns+` FROM skus WHERE code > ? ORDER BY code LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("catalogdb: SKUs: %w", err)
	}
	return out, nil
}

// PutListing maps a listing, replacing an earlier mapping of it.
func (s *Store) PutListing(ctx context.Context, l catalog.Listing) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM skus WHERE code = ?`, l.SKU).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fault.New(fault.NotFound, "sku_not_found", "SKU %s does not exist; create it first", l.SKU)
		}
		if err := shopdb.MustExistTx(ctx, tx, "shop", l.Channel, l.Shop); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO listings (channel, shop, external_item_id, external_sku_id, sku_code, created_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (channel, shop, external_item_id, external_sku_id) DO UPDATE SET sku_code = excluded.sku_code`,
			l.Channel, l.Shop, l.ExternalItemID, l.ExternalSKUID, l.SKU, store.Micros(l.CreatedAt))
		return err
	})
	return s.wrap(err, "listing", l.ExternalItemID)
}

// Resolve returns the SKU a listing maps to.
func (s *Store) Resolve(ctx context.Context, channel, shop, itemID, skuID string) (catalog.SKU, error) {
	var code string
	err := s.db.Read(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, `SELECT sku_code FROM listings WHERE channel = ? AND shop = ? AND external_item_id = ? AND external_sku_id = ?`,
			channel, shop, itemID, skuID).Scan(&code)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return catalog.SKU{}, fault.New(fault.NotFound, "listing_unmapped",
			"%s shop %s item %s/%s is not mapped to a SKU; add a listing mapping", channel, shop, itemID, skuID)
	}
	if err != nil {
		return catalog.SKU{}, fmt.Errorf("catalogdb: resolve listing: %w", err)
	}
	return s.SKU(ctx, code)
}

// Listings lists a shop's mappings.
func (s *Store) Listings(ctx context.Context, channel, shop string) ([]catalog.Listing, error) {
	return store.Collect(ctx, s.db, func(row store.Scanner) (catalog.Listing, error) {
		var l catalog.Listing
		var created int64
		err := row.Scan(&l.Channel, &l.Shop, &l.ExternalItemID, &l.ExternalSKUID, &l.SKU, &created)
		l.CreatedAt = store.Time(created)
		return l, err
	}, `SELECT channel, shop, external_item_id, external_sku_id, sku_code, created_at FROM listings
		WHERE channel = ? AND shop = ? ORDER BY external_item_id, external_sku_id`, channel, shop)
}
