// Package shopdb stores shops in SQLite or PostgreSQL through
// internal/store, with the same SQL on both.
package shopdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store"
)

// Store implements shop.Store.
type Store struct{ db *store.DB }

var _ shop.Store = (*Store)(nil)

// New returns a Store over db.
func New(db *store.DB) *Store { return &Store{db: db} }

const columns = `s.id, s.channel, s.name, e.code, s.entity_id, s.currency, s.timezone, s.active, s.created_at, s.updated_at, e.base_currency, s.settings, s.api_base_url`
const from = ` FROM shops s JOIN legal_entities e ON e.id = s.entity_id`

// Create adds sh and its warehouses in one transaction.
func (s *Store) Create(ctx context.Context, sh shop.Shop) (shop.Shop, error) {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRow(ctx, `SELECT id FROM legal_entities WHERE code = ?`, sh.Entity).Scan(&sh.EntityID)
		if errors.Is(err, sql.ErrNoRows) {
			return fault.Invalidf("entity", "entity_not_found", "entity %s does not exist; list them with GET /api/v1/entities or add it first", sh.Entity)
		}
		if err != nil {
			return err
		}
		settings, err := encodeSettings(sh.Settings)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO shops (id, channel, name, entity_id, currency, timezone, active, created_at, updated_at, settings, api_base_url)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, sh.ID, sh.Channel, sh.Name, sh.EntityID, string(sh.Currency), sh.Timezone,
			store.Int(sh.Active), store.Micros(sh.CreatedAt), store.Micros(sh.UpdatedAt), settings, sh.APIBaseURL); err != nil {
			return err
		}
		for _, sec := range sh.Sealed {
			if err := insertSecret(ctx, tx, sec); err != nil {
				return err
			}
		}
		if err := putWarehouses(ctx, tx, sh.ID, sh.Warehouses); err != nil {
			return err
		}
		sh.Secrets, err = secretInfos(ctx, tx, sh.ID)
		return err
	})
	if err != nil && s.db.UniqueViolation(err) {
		return shop.Shop{}, fault.New(fault.Conflict, "shop_id_taken", "shop %s already exists; change it with `fnshub shop update --id %s` or PATCH /api/v1/shops/%s, or choose another id", sh.ID, sh.ID, sh.ID)
	}
	if err != nil && fault.KindOf(err) == fault.Internal {
		return shop.Shop{}, fmt.Errorf("shopdb: create %s: %w", sh.ID, err)
	}
	if sh.Warehouses == nil {
		sh.Warehouses = []shop.Warehouse{}
	}
	sh.Sealed = nil
	return sh, err
}

// putWarehouses replaces the shop's warehouses with ws, each of which
// must exist.
func putWarehouses(ctx context.Context, tx *store.Tx, id string, ws []shop.Warehouse) error {
	if _, err := tx.Exec(ctx, `DELETE FROM shop_warehouses WHERE shop_id = ?`, id); err != nil {
		return err
	}
	for i, w := range ws {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM warehouses WHERE code = ?`, w.Code).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fault.Invalidf(fmt.Sprintf("warehouses[%d].warehouse", i), "warehouse_not_found",
				"warehouse %s does not exist; create it first (POST /api/v1/warehouses)", w.Code)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO shop_warehouses (shop_id, warehouse_code, priority) VALUES (?, ?, ?)`, id, w.Code, w.Priority); err != nil {
			return err
		}
	}
	return nil
}

// Get returns one shop with its warehouses.
func (s *Store) Get(ctx context.Context, id string) (sh shop.Shop, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { sh, err = GetTx(ctx, tx, id, false); return err })
	return sh, err
}

// GetTx returns one shop inside the caller's transaction, locked for
// update when lock is set. Errors: NotFound.
func GetTx(ctx context.Context, tx *store.Tx, id string, lock bool) (shop.Shop, error) {
	q := `SELECT ` + columns + from + ` WHERE s.id = ?`
	if lock {
		q = `SELECT ` + columns + from + ` WHERE s.id = (SELECT id FROM shops WHERE id = ?` + tx.Dialect().ForUpdate() + `)`
	}
	sh, err := scan(tx.QueryRow(ctx, q, id))
	if errors.Is(err, sql.ErrNoRows) {
		return shop.Shop{}, fault.New(fault.NotFound, "shop_not_found", "shop %s does not exist; add it with `fnshub shop add` or POST /api/v1/shops", id)
	}
	if err == nil {
		sh.Warehouses, err = warehouses(ctx, tx, id)
	}
	if err == nil {
		sh.Secrets, err = secretInfos(ctx, tx, id)
	}
	if err != nil {
		return shop.Shop{}, fmt.Errorf("shopdb: shop %s: %w", id, err)
	}
	return sh, nil
}

func warehouses(ctx context.Context, tx *store.Tx, id string) ([]shop.Warehouse, error) {
	ws, err := store.CollectTx(ctx, tx, func(r store.Scanner) (w shop.Warehouse, err error) {
		return w, r.Scan(&w.Code, &w.Priority)
	}, `SELECT warehouse_code, priority FROM shop_warehouses WHERE shop_id = ? ORDER BY priority, warehouse_code`, id)
	if ws == nil {
		ws = []shop.Warehouse{}
	}
	return ws, err
}

// List returns shops by id after the cursor.
func (s *Store) List(ctx context.Context, after string, limit int) ([]shop.Shop, error) {
	var out []shop.Shop
	err := s.db.Read(ctx, func(tx *store.Tx) (err error) {
		out, err = store.CollectTx(ctx, tx, scan, `SELECT `+columns+from+` WHERE s.id > ? ORDER BY s.id LIMIT ?`, after, limit)
		for i := range out {
			if err == nil {
				out[i].Warehouses, err = warehouses(ctx, tx, out[i].ID)
			}
			if err == nil {
				out[i].Secrets, err = secretInfos(ctx, tx, out[i].ID)
			}
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("shopdb: list: %w", err)
	}
	return out, nil
}

// Update changes one shop in one transaction.
func (s *Store) Update(ctx context.Context, id string, fn func(*shop.Shop) error) (shop.Shop, error) {
	var out shop.Shop
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		old, err := GetTx(ctx, tx, id, true)
		if err != nil {
			return err
		}
		sh := old
		sh.Warehouses = append([]shop.Warehouse(nil), old.Warehouses...)
		if err := fn(&sh); err != nil {
			return err
		}
		if sh.ID != old.ID || sh.Channel != old.Channel || sh.EntityID != old.EntityID || sh.Entity != old.Entity || sh.Currency != old.Currency {
			return fault.Invalidf("id", "shop_fixed", "a shop's id, channel, entity and currency cannot change: its orders and books name them; add a new shop instead")
		}
		settings, err := encodeSettings(sh.Settings)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE shops SET name = ?, timezone = ?, active = ?, updated_at = ?, settings = ?, api_base_url = ? WHERE id = ?`,
			sh.Name, sh.Timezone, store.Int(sh.Active), store.Micros(sh.UpdatedAt), settings, sh.APIBaseURL, id); err != nil {
			return err
		}
		if err := putWarehouses(ctx, tx, id, sh.Warehouses); err != nil {
			return err
		}
		out = sh
		return nil
	})
	if err != nil && fault.KindOf(err) == fault.Internal {
		return shop.Shop{}, fmt.Errorf("shopdb: update %s: %w", id, err)
	}
	if out.Warehouses == nil {
		out.Warehouses = []shop.Warehouse{}
	}
	return out, err
}

// MustExistTx refuses a reference to a shop that does not exist, inside
// the caller's transaction, for the stores of listings and stock rules.
// channel, when given, must be the shop's. field names the input.
// Errors: Invalid.
func MustExistTx(ctx context.Context, tx *store.Tx, field, channel, id string) error {
	var got string
	err := tx.QueryRow(ctx, `SELECT channel FROM shops WHERE id = ?`, id).Scan(&got)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return shop.NotFound(field, id, channel)
	case err != nil:
		return fmt.Errorf("shopdb: shop %s: %w", id, err)
	case channel != "" && got != channel:
		return fault.Invalidf("channel", "shop_channel_mismatch", "shop %s is a %s shop, not %s; use channel %q", id, got, channel, got)
	}
	return nil
}

func scan(row store.Scanner) (shop.Shop, error) {
	var sh shop.Shop
	var cur, books string
	var active int
	var created, updated int64
	var settings string
	err := row.Scan(&sh.ID, &sh.Channel, &sh.Name, &sh.Entity, &sh.EntityID, &cur, &sh.Timezone, &active, &created, &updated, &books,
		&settings, &sh.APIBaseURL)
	if err != nil {
		return sh, err
	}
	sh.BooksCurrency = money.Currency(books)
	sh.Currency, sh.Active, sh.CreatedAt, sh.UpdatedAt = money.Currency(cur), active == 1, store.Time(created), store.Time(updated)
	if err := json.Unmarshal([]byte(settings), &sh.Settings); err != nil {
		return sh, fmt.Errorf("settings of shop %s: %w", sh.ID, err)
	}
	if sh.Settings == nil {
		sh.Settings = map[string]string{}
	}
	return sh, nil
}

// encodeSettings writes settings as a JSON object, keys sorted (as
// encoding/json writes maps), so equal settings are equal text.
func encodeSettings(settings map[string]string) (string, error) {
	if settings == nil {
		return "{}", nil
	}
	b, err := json.Marshal(settings)
	return string(b), err
}
