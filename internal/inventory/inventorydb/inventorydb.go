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

// CreateWarehouse adds w under the entity w.Entity names. Errors:
// Conflict, Invalid (no such entity).
func (s *Store) CreateWarehouse(ctx context.Context, w inventory.Warehouse) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		id, err := entityID(ctx, tx, w.Entity)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO warehouses (code, name, province, priority, active, entity_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			w.Code, w.Name, w.Province, w.Priority, store.Int(w.Active), id, store.Micros(w.CreatedAt))
		return err
	})
	if s.db.UniqueViolation(err) {
		return fault.New(fault.Conflict, "warehouse_exists", "warehouse %s already exists", w.Code)
	}
	if err != nil && fault.KindOf(err) == fault.Internal {
		return fmt.Errorf("inventorydb: create warehouse %s: %w", w.Code, err)
	}
	return err
}

// entityID returns the id of the legal entity with code. Errors: Invalid
// (field entity), saying how to find or add one.
func entityID(ctx context.Context, tx *store.Tx, code string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM legal_entities WHERE code = ?`, code).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fault.Invalidf("entity", "entity_not_found", "entity %q does not exist; list them with GET /api/v1/entities or add it first", code)
	}
	return id, err
}

// warehouseColumns are what scanWarehouse reads, from warehouses w joined
// to legal_entities e.
const warehouseColumns = `w.code, w.name, w.province, w.priority, w.active, e.code, w.entity_id, w.created_at
	FROM warehouses w JOIN legal_entities e ON e.id = w.entity_id`

func scanWarehouse(row store.Scanner) (inventory.Warehouse, error) {
	var w inventory.Warehouse
	var active int
	var created int64
	err := row.Scan(&w.Code, &w.Name, &w.Province, &w.Priority, &active, &w.Entity, &w.EntityID, &created)
	w.Active, w.CreatedAt = active == 1, store.Time(created)
	return w, err
}

// Warehouses lists warehouses by priority, then code.
func (s *Store) Warehouses(ctx context.Context) ([]inventory.Warehouse, error) {
	return store.Collect(ctx, s.db, scanWarehouse, `SELECT `+warehouseColumns+` ORDER BY w.priority, w.code`)
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
// the result, in one transaction. A new entity (by code) is taken only
// while the warehouse holds no stock: its stock is on the old entity's
// books. Errors: NotFound, Invalid (no such entity), Conflict
// (warehouse_has_stock), and change's own.
func (s *Store) UpdateWarehouse(ctx context.Context, code string, change func(*inventory.Warehouse) error) (inventory.Warehouse, error) {
	var w inventory.Warehouse
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		w, err = scanWarehouse(tx.QueryRow(ctx, `SELECT `+warehouseColumns+` WHERE w.code = ?`+tx.Dialect().ForUpdate(), code))
		if errors.Is(err, sql.ErrNoRows) {
			return fault.New(fault.NotFound, "warehouse_not_found", "warehouse %s does not exist", code)
		}
		if err != nil {
			return err
		}
		was := w.Entity
		if err := change(&w); err != nil {
			return err
		}
		if w.Entity != was {
			if w.EntityID, err = entityID(ctx, tx, w.Entity); err != nil {
				return err
			}
			var units int64
			if err := tx.QueryRow(ctx, `SELECT COALESCE(SUM(on_hand), 0) FROM stock_levels WHERE warehouse_code = ?`, code).Scan(&units); err != nil {
				return err
			}
			if units != 0 {
				return fault.New(fault.Conflict, "warehouse_has_stock",
					"warehouse %s holds %d units on entity %s's books; transfer them to a warehouse of entity %s (POST /api/v1/stock/transfers), then change its entity", code, units, was, w.Entity)
			}
		}
		_, err = tx.Exec(ctx, `UPDATE warehouses SET name = ?, province = ?, priority = ?, active = ?, entity_id = ? WHERE code = ?`,
			w.Name, w.Province, w.Priority, store.Int(w.Active), w.EntityID, code)
		return err
	})
	if err != nil && fault.KindOf(err) == fault.Internal {
		err = fmt.Errorf("inventorydb: update warehouse %s: %w", code, err)
	}
	return w, err
}
