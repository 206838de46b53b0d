// Package inventorydb stores stock in SQLite or PostgreSQL through
// internal/store, with the same SQL on both.
package inventorydb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/store"
)

// Store implements inventory.Store. Use cases change stock inside their
// own transactions through the Tx functions (MoveTx, ReserveTx, ResolveTx,
// ReturnTx …), under InTx when the change stands alone.
type Store struct{ db *store.DB }

var _ inventory.Store = (*Store)(nil)

// New returns a Store over db.
func New(db *store.DB) *Store { return &Store{db: db} }

// CreateWarehouse adds w. Errors: Conflict.
func (s *Store) CreateWarehouse(ctx context.Context, w inventory.Warehouse) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO warehouses (code, name, province, priority, active, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			w.Code, w.Name, w.Province, w.Priority, store.Int(w.Active), store.Micros(w.CreatedAt))
		return err
	})
	if s.db.UniqueViolation(err) {
		return fault.New(fault.Conflict, "warehouse_exists", "warehouse %s already exists", w.Code)
	}
	if err != nil {
		return fmt.Errorf("inventorydb: create warehouse %s: %w", w.Code, err)
	}
	return nil
}

// Warehouses lists warehouses by priority, then code.
func (s *Store) Warehouses(ctx context.Context) ([]inventory.Warehouse, error) {
	return store.Collect(ctx, s.db, func(row store.Scanner) (inventory.Warehouse, error) {
		var w inventory.Warehouse
		var active int
		var created int64
		err := row.Scan(&w.Code, &w.Name, &w.Province, &w.Priority, &active, &created)
		w.Active, w.CreatedAt = active == 1, store.Time(created)
		return w, err
	}, `SELECT code, name, province, priority, active, created_at FROM warehouses ORDER BY priority, code`)
}

// Levels lists every stock level.
func (s *Store) Levels(ctx context.Context) (ls []inventory.Level, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { ls, err = levels(ctx, tx); return err })
	return ls, err
}

func levels(ctx context.Context, tx *store.Tx) ([]inventory.Level, error) {
	return store.CollectTx(ctx, tx, scanLevel, `SELECT sku, warehouse_code, on_hand, reserved FROM stock_levels ORDER BY sku, warehouse_code`)
}

// MovementSums sums movements per SKU and warehouse. Each reservation is
// the movement that made it (reserved +quantity); its release or shipment
// is a movement row.
func (s *Store) MovementSums(ctx context.Context) ([]inventory.Level, error) {
	return store.Collect(ctx, s.db, scanLevel, `SELECT sku, warehouse_code, SUM(on_hand_delta), SUM(reserved_delta) FROM (
		SELECT sku, warehouse_code, on_hand_delta, reserved_delta FROM stock_movements
		UNION ALL SELECT sku, warehouse_code, 0, quantity FROM reservations) m GROUP BY sku, warehouse_code`)
}

// HeldSums sums held reservations per SKU and warehouse.
func (s *Store) HeldSums(ctx context.Context) ([]inventory.Level, error) {
	return store.Collect(ctx, s.db, scanLevel, `SELECT sku, warehouse_code, 0, SUM(quantity)
		FROM reservations WHERE status = 'held' GROUP BY sku, warehouse_code`)
}

func scanLevel(row store.Scanner) (inventory.Level, error) {
	var l inventory.Level
	err := row.Scan(&l.SKU, &l.Warehouse, &l.OnHand, &l.Reserved)
	return l, err
}

func level(ctx context.Context, tx *store.Tx, sku, wh string) (inventory.Level, error) {
	l, err := scanLevel(tx.QueryRow(ctx, `SELECT sku, warehouse_code, on_hand, reserved FROM stock_levels WHERE sku = ? AND warehouse_code = ?`, sku, wh))
	if errors.Is(err, sql.ErrNoRows) {
		return inventory.Level{SKU: sku, Warehouse: wh}, nil
	}
	return l, err
}

// movement is one row of the movement ledger.
type movement struct {
	key, kind, sku, warehouse string
	onHand, reserved          int64
	reservation               string
}

func insertMovement(ctx context.Context, tx *store.Tx, m movement, at time.Time) error {
	if m.onHand != 0 || m.reserved != 0 {
		changed(tx, levelKey{m.sku, m.warehouse}, nil, at)
	}
	var res any
	if m.reservation != "" {
		res = m.reservation
	}
	_, err := tx.Exec(ctx, `INSERT INTO stock_movements (source_key, kind, sku, warehouse_code, on_hand_delta, reserved_delta, reservation_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, m.key, m.kind, m.sku, m.warehouse, m.onHand, m.reserved, res, store.Micros(at))
	return err
}

// priorMovement returns the movement recorded under key, if any.
func priorMovement(ctx context.Context, tx *store.Tx, key string) (movement, bool, error) {
	var m movement
	var res sql.NullString
	err := tx.QueryRow(ctx, `SELECT source_key, kind, sku, warehouse_code, on_hand_delta, reserved_delta, reservation_id
		FROM stock_movements WHERE source_key = ?`, key).Scan(&m.key, &m.kind, &m.sku, &m.warehouse, &m.onHand, &m.reserved, &res)
	if errors.Is(err, sql.ErrNoRows) {
		return movement{}, false, nil
	}
	m.reservation = res.String
	return m, err == nil, err
}

const codeKeyReused = "idempotency_key_reused"

func errKeyReused(key string) error {
	return fault.New(fault.Conflict, codeKeyReused, "key %q was already used for a different stock change; use a new key", key)
}

// UpdateWarehouse reads warehouse code, lets change alter it, and stores
// the result, in one transaction. Errors: NotFound, and change's own.
func (s *Store) UpdateWarehouse(ctx context.Context, code string, change func(*inventory.Warehouse) error) (inventory.Warehouse, error) {
	var w inventory.Warehouse
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var active int
		var created int64
		err := tx.QueryRow(ctx, `SELECT code, name, province, priority, active, created_at FROM warehouses WHERE code = ?`+
			tx.Dialect().ForUpdate(), code).Scan(&w.Code, &w.Name, &w.Province, &w.Priority, &active, &created)
		if errors.Is(err, sql.ErrNoRows) {
			return fault.New(fault.NotFound, "warehouse_not_found", "warehouse %s does not exist", code)
		}
		if err != nil {
			return err
		}
		w.Active, w.CreatedAt = active == 1, store.Time(created)
		if err := change(&w); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE warehouses SET name = ?, province = ?, priority = ?, active = ? WHERE code = ?`,
			w.Name, w.Province, w.Priority, store.Int(w.Active), code)
		return err
	})
	if err != nil && fault.KindOf(err) == fault.Internal {
		err = fmt.Errorf("inventorydb: update warehouse %s: %w", code, err)
	}
	return w, err
}
