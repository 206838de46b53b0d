package inventorydb

import (
	"context"
	"fmt"

	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/store"
)

// load locks the stock levels the group's lines touch, in key order, all
// in one round trip where the engine pipelines (store.Batch): each lock
// is its own statement, run in that order, so two groups still take
// shared levels in the same order.
func (g *reserveGroup) load(ctx context.Context, reqs []inventory.ReserveRequest) error {
	g.levels, g.deltas = map[levelKey]*inventory.Level{}, map[levelKey]int64{}
	touched := map[levelKey]bool{}
	for _, r := range reqs {
		for _, l := range r.Lines {
			touched[levelKey{l.SKU, l.Warehouse}] = true
		}
	}
	b := g.tx.Batch()
	for _, k := range sortedKeys(touched) {
		b.Query(`SELECT sku, warehouse_code, on_hand, reserved FROM stock_levels WHERE sku = ? AND warehouse_code = ?`+g.tx.Dialect().ForUpdate(),
			[]any{k.sku, k.warehouse}, func(r store.Scanner) error {
				var lv inventory.Level
				if err := r.Scan(&lv.SKU, &lv.Warehouse, &lv.OnHand, &lv.Reserved); err != nil {
					return fmt.Errorf("lock stock %s@%s: %w", k.sku, k.warehouse, err)
				}
				g.levels[k] = &lv // no row: no stock at all, every line on it is refused
				return nil
			})
	}
	if err := b.Send(ctx); err != nil {
		return fmt.Errorf("lock stock levels: %w", err)
	}
	return nil
}

// write applies the group's decisions: one guarded UPDATE per level, then
// the reservations as multi-row INSERTs. A reservation row is its own
// movement (reserved +quantity; MovementSums counts it), so the hot path
// writes one row per line, not two.
func (g *reserveGroup) write(ctx context.Context) error {
	b := g.tx.Batch()
	for k, d := range g.deltas {
		b.Exec(`UPDATE stock_levels SET reserved = reserved + ? WHERE sku = ? AND warehouse_code = ? AND on_hand - reserved >= ?`,
			[]any{d, k.sku, k.warehouse, d}, func(n int64) error {
				if n != 1 {
					return fmt.Errorf("stock %s@%s changed under its lock (%d rows)", k.sku, k.warehouse, n)
				}
				return nil
			})
		after := *g.levels[k]
		changed(g.tx, k, &after, g.at)
	}
	var rs []any
	at := store.Micros(g.at)
	for _, r := range g.newRes {
		rs = append(rs, r.ID, r.Ref, r.SKU, r.Warehouse, r.Quantity, string(r.Status), at)
	}
	keyUsed := false
	b.InsertRows(`INSERT INTO reservations (id, ref, sku, warehouse_code, quantity, status, created_at) VALUES `,
		` ON CONFLICT (id) DO NOTHING`, 7, rs, func(inserted int64) error {
			keyUsed = inserted != int64(len(g.newRes))
			return nil
		})
	if err := b.Send(ctx); err != nil {
		return fmt.Errorf("reserve: %w", err)
	}
	if keyUsed {
		return errKeyUsed
	}
	return nil
}
