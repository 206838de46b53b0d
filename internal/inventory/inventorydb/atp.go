package inventorydb

import (
	"context"
	"fmt"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/shop/shopdb"
	"github.com/fnshub/fnshub/internal/store"
)

// Sellable sums on hand − reserved per SKU over the active warehouses:
// stock in an inactive warehouse cannot ship, so it is not promised.
func (s *Store) Sellable(ctx context.Context) (map[string]int64, error) {
	type row struct {
		sku string
		n   int64
	}
	rows, err := store.Collect(ctx, s.db, func(sc store.Scanner) (row, error) {
		var r row
		err := sc.Scan(&r.sku, &r.n)
		return r, err
	}, `SELECT l.sku, SUM(l.on_hand - l.reserved) FROM stock_levels l
		JOIN warehouses w ON w.code = l.warehouse_code
		WHERE w.active = 1 GROUP BY l.sku`)
	if err != nil {
		return nil, fmt.Errorf("inventorydb: sellable stock: %w", err)
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.sku] = r.n
	}
	return out, nil
}

// SafetyStocks lists safety stock by SKU.
func (s *Store) SafetyStocks(ctx context.Context) ([]inventory.SafetyStock, error) {
	return store.Collect(ctx, s.db, scanSafetyStock, `SELECT sku, quantity, updated_at FROM safety_stock ORDER BY sku`)
}

// PutSafetyStock sets a SKU's safety stock.
func (s *Store) PutSafetyStock(ctx context.Context, ss inventory.SafetyStock) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO safety_stock (sku, quantity, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (sku) DO UPDATE SET quantity = excluded.quantity, updated_at = excluded.updated_at`,
			ss.SKU, ss.Quantity, store.Micros(ss.UpdatedAt))
		return err
	})
	if err != nil {
		return fmt.Errorf("inventorydb: put safety stock %s: %w", ss.SKU, err)
	}
	return nil
}

// Rules lists the shops' rules by shop, then SKU. The value column holds
// the quantity of a fixed or cap rule and the basis points of a share.
func (s *Store) Rules(ctx context.Context) ([]inventory.Rule, error) {
	return store.Collect(ctx, s.db, func(row store.Scanner) (inventory.Rule, error) {
		var r inventory.Rule
		var value, at int64
		err := row.Scan(&r.Shop, &r.SKU, &r.Kind, &value, &at)
		if r.Kind == inventory.RuleShare {
			r.ShareBP = value
		} else {
			r.Quantity = value
		}
		r.UpdatedAt = store.Time(at)
		return r, err
	}, `SELECT shop, sku, kind, value, updated_at FROM shop_stock_rules ORDER BY shop, sku`)
}

// PutRule saves r, replacing the rule of the same shop and SKU.
func (s *Store) PutRule(ctx context.Context, r inventory.Rule) error {
	value := r.Quantity
	if r.Kind == inventory.RuleShare {
		value = r.ShareBP
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := shopdb.MustExistTx(ctx, tx, "shop", "", r.Shop); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO shop_stock_rules (shop, sku, kind, value, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (shop, sku) DO UPDATE SET kind = excluded.kind, value = excluded.value, updated_at = excluded.updated_at`,
			r.Shop, r.SKU, string(r.Kind), value, store.Micros(r.UpdatedAt))
		return err
	})
	if err != nil && fault.KindOf(err) == fault.Internal {
		return fmt.Errorf("inventorydb: put rule %s/%s: %w", r.Shop, r.SKU, err)
	}
	return err
}

// DeleteRule removes the rule of shop and sku. Errors: NotFound.
func (s *Store) DeleteRule(ctx context.Context, shop, sku string) error {
	var n int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM shop_stock_rules WHERE shop = ? AND sku = ?`, shop, sku)
		if err == nil {
			n, err = res.RowsAffected()
		}
		return err
	})
	switch {
	case err != nil:
		return fmt.Errorf("inventorydb: delete rule %s/%s: %w", shop, sku, err)
	case n == 0:
		return fault.New(fault.NotFound, "rule_not_found", "shop %s has no rule for sku %s", shop, sku)
	}
	return nil
}
