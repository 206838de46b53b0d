package inventorydb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/store"
)

// ValuationTx returns the valuation of sku, locked (on PostgreSQL) until
// the caller's transaction ends; a SKU never valued yet starts empty in cur.
func ValuationTx(ctx context.Context, tx *store.Tx, sku string, cur money.Currency) (inventory.Valuation, error) {
	v := inventory.Valuation{SKU: sku, Currency: cur}
	var c string
	err := tx.QueryRow(ctx, `SELECT currency, quantity, value FROM sku_costs WHERE sku = ?`+tx.Dialect().ForUpdate(), sku).
		Scan(&c, &v.Quantity, &v.Value)
	if errors.Is(err, sql.ErrNoRows) {
		return v, nil
	}
	v.Currency = money.Currency(c)
	if err != nil {
		return v, fmt.Errorf("inventorydb: valuation of %s: %w", sku, err)
	}
	return v, nil
}

// PutValuationTx stores v.
func PutValuationTx(ctx context.Context, tx *store.Tx, v inventory.Valuation) error {
	_, err := tx.Exec(ctx, `INSERT INTO sku_costs (sku, currency, quantity, value) VALUES (?, ?, ?, ?)
		ON CONFLICT (sku) DO UPDATE SET quantity = excluded.quantity, value = excluded.value`, v.SKU, string(v.Currency), v.Quantity, v.Value)
	if err != nil {
		return fmt.Errorf("inventorydb: store valuation of %s: %w", v.SKU, err)
	}
	return nil
}

// Valuations lists every SKU's valuation.
func (s *Store) Valuations(ctx context.Context) (vs []inventory.Valuation, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { vs, err = valuations(ctx, tx); return err })
	return vs, err
}

func valuations(ctx context.Context, tx *store.Tx) ([]inventory.Valuation, error) {
	return store.CollectTx(ctx, tx, func(row store.Scanner) (inventory.Valuation, error) {
		var v inventory.Valuation
		var c string
		err := row.Scan(&v.SKU, &c, &v.Quantity, &v.Value)
		v.Currency = money.Currency(c)
		return v, err
	}, `SELECT sku, currency, quantity, value FROM sku_costs ORDER BY sku`)
}
