// Package financedb stores account maps (internal/finance) in SQLite or
// PostgreSQL through internal/store.
package financedb

import (
	"context"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/store"
)

// Store reads and saves account maps.
type Store struct{ db *store.DB }

// New returns a Store over db.
func New(db *store.DB) *Store { return &Store{db: db} }

// Bind returns the finance.TxMaps that reads inside tx.
func Bind(tx *store.Tx) finance.TxMaps { return bound{tx} }

type bound struct{ tx *store.Tx }

func (b bound) Current(ctx context.Context, entity int64) (finance.Map, error) {
	return current(ctx, b.tx, entity)
}

// Current returns entity's newest map, or its default.
func (s *Store) Current(ctx context.Context, entity int64) (m finance.Map, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { m, err = current(ctx, tx, entity); return err })
	return m, err
}

func current(ctx context.Context, tx *store.Tx, entity int64) (finance.Map, error) {
	if entity == 0 {
		entity = ledger.DefaultEntity
	}
	var version int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM ledger_account_maps WHERE entity_id = ?`, entity).Scan(&version); err != nil {
		return finance.Map{}, fmt.Errorf("financedb: account map of entity %d: %w", entity, err)
	}
	if version == 0 {
		return finance.DefaultMap(entity), nil
	}
	maps, err := load(ctx, tx, `entity_id = ? AND version = ?`, entity, version)
	if err != nil || len(maps) != 1 {
		return finance.Map{}, fmt.Errorf("financedb: account map %d of entity %d: %w", version, entity, err)
	}
	return maps[0], nil
}

// Versions returns every saved map of entity, oldest first, after the
// default (version 0).
func (s *Store) Versions(ctx context.Context, entity int64) (out []finance.Map, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { out, err = load(ctx, tx, `entity_id = ?`, entity); return err })
	return append([]finance.Map{finance.DefaultMap(entity)}, out...), err
}

// All returns every saved map of every entity, and the default.
func (s *Store) All(ctx context.Context) (out []finance.Map, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { out, err = load(ctx, tx, `1 = 1`); return err })
	return append([]finance.Map{finance.DefaultMap(ledger.DefaultEntity)}, out...), err
}

func load(ctx context.Context, tx *store.Tx, where string, args ...any) ([]finance.Map, error) {
	rows, err := tx.Query(ctx, `SELECT entity_id, version, role, channel, account_code, created_at FROM ledger_account_maps
		WHERE `+where+` ORDER BY entity_id, version, role, channel`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []finance.Map
	for rows.Next() {
		var entity, version, created int64
		var e finance.MapEntry
		if err := rows.Scan(&entity, &version, &e.Role, &e.Channel, &e.Account, &created); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].Entity != entity || out[n-1].Version != version {
			out = append(out, finance.Map{Entity: entity, Version: version, CreatedAt: store.Time(created)})
		}
		out[len(out)-1].Accounts = append(out[len(out)-1].Accounts, e)
	}
	return out, rows.Err()
}

// Save stores m as entity's next version and returns it. Errors: NotFound
// (an account is not in the chart).
func (s *Store) Save(ctx context.Context, m finance.Map, now time.Time) (finance.Map, error) {
	m.CreatedAt = now.UTC().Truncate(time.Microsecond)
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		for i, e := range m.Accounts {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM ledger_accounts WHERE code = ?`, e.Account).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				fe := fault.New(fault.NotFound, "account_not_found", "account %s does not exist; create it first (POST /api/v1/ledger/accounts)", e.Account)
				fe.Field = fmt.Sprintf("accounts[%d].account", i)
				return fe
			}
		}
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM ledger_account_maps WHERE entity_id = ?`, m.Entity).Scan(&m.Version); err != nil {
			return err
		}
		var rows []any
		for _, e := range m.Accounts {
			rows = append(rows, m.Entity, m.Version, string(e.Role), e.Channel, e.Account, store.Micros(m.CreatedAt))
		}
		_, err := tx.InsertRows(ctx, `INSERT INTO ledger_account_maps (entity_id, version, role, channel, account_code, created_at) VALUES `, "", 6, rows)
		return err
	})
	if fault.KindOf(err) == fault.NotFound {
		return finance.Map{}, err
	}
	if err != nil {
		return finance.Map{}, fmt.Errorf("financedb: save account map of entity %d: %w", m.Entity, err)
	}
	return m, nil
}
