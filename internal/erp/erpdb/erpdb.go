// Package erpdb stores ERP account maps, connections and push outcomes
// (internal/erp) in SQLite or PostgreSQL through internal/store, with the
// same SQL on both.
package erpdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/store"
)

// Store implements erp.Store.
type Store struct{ db *store.DB }

var _ erp.Store = (*Store)(nil)

// New returns a Store over db.
func New(db *store.DB) *Store { return &Store{db: db} }

// SaveMap stores entries as erp's next version.
func (s *Store) SaveMap(ctx context.Context, name string, entries []erp.MapEntry, now time.Time) (erp.Map, error) {
	m := erp.Map{ERP: name, Entries: entries, CreatedAt: now.UTC().Truncate(time.Microsecond)}
	raw, err := json.Marshal(entries)
	if err != nil {
		return erp.Map{}, err
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM erp_account_maps WHERE erp = ?`, name).Scan(&m.Version); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO erp_account_maps (erp, version, entries, created_at) VALUES (?, ?, ?, ?)`,
			name, m.Version, string(raw), store.Micros(m.CreatedAt))
		return err
	})
	if err != nil {
		return erp.Map{}, fmt.Errorf("erpdb: save %s account map: %w", name, err)
	}
	return m, nil
}

// CurrentMap returns erp's newest map. Errors: NotFound.
func (s *Store) CurrentMap(ctx context.Context, name string) (erp.Map, error) {
	m := erp.Map{ERP: name}
	var raw string
	var created int64
	err := s.db.Read(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, `SELECT version, entries, created_at FROM erp_account_maps WHERE erp = ? ORDER BY version DESC LIMIT 1`, name).
			Scan(&m.Version, &raw, &created)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return erp.Map{}, fault.New(fault.NotFound, "erp_map_not_found",
			"no %s account map yet; save one with PUT /api/v1/erp/%s/account-map", name, name)
	}
	if err != nil {
		return erp.Map{}, fmt.Errorf("erpdb: %s account map: %w", name, err)
	}
	m.CreatedAt = store.Time(created)
	if err := json.Unmarshal([]byte(raw), &m.Entries); err != nil {
		return erp.Map{}, fmt.Errorf("erpdb: %s account map %d: %w", name, m.Version, err)
	}
	return m, nil
}

// PutConnection replaces the connection and sets the given secrets.
func (s *Store) PutConnection(ctx context.Context, c erp.Connection, secrets []erp.SealedSecret) (erp.Connection, error) {
	c.UpdatedAt = c.UpdatedAt.UTC().Truncate(time.Microsecond)
	raw, err := json.Marshal(c.Settings)
	if err != nil {
		return erp.Connection{}, err
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO erp_connections (erp, base_url, settings, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (erp) DO UPDATE SET base_url = excluded.base_url, settings = excluded.settings, updated_at = excluded.updated_at`,
			c.ERP, c.BaseURL, string(raw), store.Micros(c.UpdatedAt)); err != nil {
			return err
		}
		for _, sec := range secrets {
			if _, err := tx.Exec(ctx, `INSERT INTO erp_secrets (erp, name, key_id, sealed, set_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (erp, name) DO UPDATE SET key_id = excluded.key_id, sealed = excluded.sealed, set_at = excluded.set_at`,
				c.ERP, sec.Name, sec.KeyID, sec.Sealed, store.Micros(c.UpdatedAt)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return erp.Connection{}, fmt.Errorf("erpdb: save %s connection: %w", c.ERP, err)
	}
	out, _, err := s.Connection(ctx, c.ERP)
	return out, err
}

// Connection returns erp's connection and sealed secrets. Errors: NotFound.
func (s *Store) Connection(ctx context.Context, name string) (c erp.Connection, secrets []erp.SealedSecret, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error {
		if c, err = scanConnection(tx.QueryRow(ctx, `SELECT erp, base_url, settings, updated_at FROM erp_connections WHERE erp = ?`, name)); err != nil {
			return err
		}
		secrets, err = store.CollectTx(ctx, tx, scanSecret, `SELECT erp, name, key_id, sealed, set_at FROM erp_secrets WHERE erp = ? ORDER BY name`, name)
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return erp.Connection{}, nil, fault.New(fault.NotFound, "erp_connection_not_found",
			"no %s connection yet; save it with PUT /api/v1/erp/%s/settings", name, name)
	}
	if err != nil {
		return erp.Connection{}, nil, fmt.Errorf("erpdb: %s connection: %w", name, err)
	}
	for _, sec := range secrets {
		c.Secrets = append(c.Secrets, sec.Name)
	}
	return c, secrets, nil
}

// Connections lists every connection, by ERP, without secrets' names.
func (s *Store) Connections(ctx context.Context) ([]erp.Connection, error) {
	return store.Collect(ctx, s.db, scanConnection, `SELECT erp, base_url, settings, updated_at FROM erp_connections ORDER BY erp`)
}

func scanConnection(row store.Scanner) (erp.Connection, error) {
	var c erp.Connection
	var raw string
	var at int64
	if err := row.Scan(&c.ERP, &c.BaseURL, &raw, &at); err != nil {
		return c, err
	}
	c.UpdatedAt = store.Time(at)
	return c, json.Unmarshal([]byte(raw), &c.Settings)
}

func scanSecret(row store.Scanner) (erp.SealedSecret, error) {
	var s erp.SealedSecret
	var at int64
	err := row.Scan(&s.ERP, &s.Name, &s.KeyID, &s.Sealed, &at)
	s.SetAt = store.Time(at)
	return s, err
}

// RecordPushes stores each outcome over the voucher's last, counting the
// attempt up.
func (s *Store) RecordPushes(ctx context.Context, ps []erp.Push) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		for _, p := range ps {
			if _, err := tx.Exec(ctx, `INSERT INTO erp_pushes (erp, voucher_id, entity_id, entry_id, period, map_version, outcome, erp_ref, attempt, error, at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
				ON CONFLICT (erp, voucher_id) DO UPDATE SET period = excluded.period, map_version = excluded.map_version,
					outcome = excluded.outcome, erp_ref = excluded.erp_ref, attempt = erp_pushes.attempt + 1,
					error = excluded.error, at = excluded.at`,
				p.ERP, p.VoucherID, p.Entity, p.EntryID, p.Period, p.MapVersion, string(p.Outcome), p.ERPRef, p.Error,
				store.Micros(p.At)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("erpdb: record %d pushes: %w", len(ps), err)
	}
	return nil
}

// Pushes returns erp's rows of entity's period (entity 0: all), by voucher id.
func (s *Store) Pushes(ctx context.Context, name string, entity int64, period string) ([]erp.Push, error) {
	return store.Collect(ctx, s.db, scanPush, `SELECT erp, voucher_id, entity_id, entry_id, period, map_version, outcome, erp_ref, attempt, error, at
		FROM erp_pushes WHERE erp = ? AND period = ? AND (? = 0 OR entity_id = ?) ORDER BY entity_id, entry_id`, name, period, entity, entity)
}

func scanPush(row store.Scanner) (erp.Push, error) {
	var p erp.Push
	var at int64
	var outcome string
	err := row.Scan(&p.ERP, &p.VoucherID, &p.Entity, &p.EntryID, &p.Period, &p.MapVersion, &outcome, &p.ERPRef, &p.Attempt, &p.Error, &at)
	p.Outcome, p.At = erp.Outcome(outcome), store.Time(at)
	return p, err
}
