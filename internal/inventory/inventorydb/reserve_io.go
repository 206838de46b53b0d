package inventorydb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/store"
)

// load locks the stock levels the group's lines touch.
func (g *reserveGroup) load(ctx context.Context, reqs []inventory.ReserveRequest) error {
	g.levels, g.deltas = map[levelKey]*inventory.Level{}, map[levelKey]int64{}
	touched := map[levelKey]bool{}
	for _, r := range reqs {
		for _, l := range r.Lines {
			touched[levelKey{l.SKU, l.Warehouse}] = true
		}
	}
	for _, k := range sortedKeys(touched) {
		if err := g.lockLevel(ctx, k); err != nil {
			return err
		}
	}
	return nil
}

func (g *reserveGroup) lockLevel(ctx context.Context, k levelKey) error {
	var lv inventory.Level
	err := g.tx.QueryRow(ctx, `SELECT sku, warehouse_code, on_hand, reserved FROM stock_levels WHERE sku = ? AND warehouse_code = ?`+
		g.tx.Dialect().ForUpdate(), k.sku, k.warehouse).Scan(&lv.SKU, &lv.Warehouse, &lv.OnHand, &lv.Reserved)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // no stock at all: every line on it is refused
	}
	if err != nil {
		return fmt.Errorf("lock stock %s@%s: %w", k.sku, k.warehouse, err)
	}
	g.levels[k] = &lv
	return nil
}

// write applies the group's decisions: one guarded UPDATE per level, then
// the reservations as multi-row INSERTs. A reservation row is its own
// movement (reserved +quantity; MovementSums counts it), so the hot path
// writes one row per line, not two.
func (g *reserveGroup) write(ctx context.Context) error {
	for k, d := range g.deltas {
		res, err := g.tx.Exec(ctx, `UPDATE stock_levels SET reserved = reserved + ? WHERE sku = ? AND warehouse_code = ? AND on_hand - reserved >= ?`,
			d, k.sku, k.warehouse, d)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("stock %s@%s changed under its lock (%d rows, %v)", k.sku, k.warehouse, n, err)
		}
		after := *g.levels[k]
		changed(g.tx, k, &after, g.at)
	}
	var rs []any
	at := store.Micros(g.at)
	for _, r := range g.newRes {
		rs = append(rs, r.ID, r.Ref, r.SKU, r.Warehouse, r.Quantity, string(r.Status), at)
	}
	inserted, err := g.tx.InsertRows(ctx, `INSERT INTO reservations (id, ref, sku, warehouse_code, quantity, status, created_at) VALUES `,
		` ON CONFLICT (id) DO NOTHING`, 7, rs)
	if err != nil {
		return fmt.Errorf("insert reservations: %w", err)
	}
	if inserted != int64(len(g.newRes)) {
		return errKeyUsed
	}
	return nil
}
