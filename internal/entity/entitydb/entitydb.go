// Package entitydb stores legal entities in SQLite or PostgreSQL through
// internal/store, with the same SQL on both.
package entitydb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/fnshub/fnshub/internal/entity"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/store"
)

// Store implements entity.Store.
type Store struct{ db *store.DB }

var _ entity.Store = (*Store)(nil)

// New returns a Store over db.
func New(db *store.DB) *Store { return &Store{db: db} }

const columns = `id, code, name, base_currency, timezone, created_at`

// Create adds e; the engine gives its id.
func (s *Store) Create(ctx context.Context, e entity.Entity) (entity.Entity, error) {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO legal_entities (code, name, base_currency, timezone, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			e.Code, e.Name, string(e.BaseCurrency), e.Timezone, store.Micros(e.CreatedAt)).Scan(&e.ID)
		if err == nil && e.ID > entity.MaxID {
			return fault.New(fault.Conflict, "entity_limit", "a deployment keeps at most %d legal entities", entity.MaxID)
		}
		return err
	})
	if err != nil && s.db.UniqueViolation(err) {
		return entity.Entity{}, fault.New(fault.Conflict, "entity_code_taken", "entity %s already exists; choose another code", e.Code)
	}
	if err != nil {
		return entity.Entity{}, fmt.Errorf("entitydb: create %s: %w", e.Code, err)
	}
	return e, nil
}

// List returns every entity by id.
func (s *Store) List(ctx context.Context) ([]entity.Entity, error) {
	return store.Collect(ctx, s.db, scan, `SELECT `+columns+` FROM legal_entities ORDER BY id`)
}

// ByID returns one entity.
func (s *Store) ByID(ctx context.Context, id int64) (e entity.Entity, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { e, err = ByIDTx(ctx, tx, id); return err })
	return e, err
}

// ByCode returns one entity.
func (s *Store) ByCode(ctx context.Context, code string) (e entity.Entity, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { e, err = byCode(ctx, tx, code, false); return err })
	return e, err
}

// ByIDTx returns one entity inside the caller's transaction, for the
// stores that check a reference to it (shopdb). Errors: NotFound.
func ByIDTx(ctx context.Context, tx *store.Tx, id int64) (entity.Entity, error) {
	e, err := scan(tx.QueryRow(ctx, `SELECT `+columns+` FROM legal_entities WHERE id = ?`, id))
	return e, found(err, fmt.Sprint(id))
}

func byCode(ctx context.Context, tx *store.Tx, code string, lock bool) (entity.Entity, error) {
	q := `SELECT ` + columns + ` FROM legal_entities WHERE code = ?`
	if lock {
		q += tx.Dialect().ForUpdate()
	}
	e, err := scan(tx.QueryRow(ctx, q, code))
	return e, found(err, code)
}

func found(err error, name string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fault.New(fault.NotFound, "entity_not_found", "entity %s does not exist; list them with GET /api/v1/entities or `fnshub entity list`", name)
	}
	if err != nil {
		return fmt.Errorf("entitydb: entity %s: %w", name, err)
	}
	return nil
}

// Update changes one entity in one transaction.
func (s *Store) Update(ctx context.Context, code string, fn func(*entity.Entity) error) (entity.Entity, error) {
	var out entity.Entity
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		old, err := byCode(ctx, tx, code, true)
		if err != nil {
			return err
		}
		e := old
		if err := fn(&e); err != nil {
			return err
		}
		if e.ID != old.ID || e.Code != old.Code {
			return fault.Invalidf("code", "entity_code_fixed", "an entity's code and id cannot change; create a new entity instead")
		}
		if e.BaseCurrency != old.BaseCurrency {
			if err := noBooks(ctx, tx, old); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `UPDATE legal_entities SET name = ?, base_currency = ?, timezone = ? WHERE id = ?`,
			e.Name, string(e.BaseCurrency), e.Timezone, e.ID)
		out = e
		return err
	})
	if err != nil && fault.KindOf(err) == fault.Internal {
		return entity.Entity{}, fmt.Errorf("entitydb: update %s: %w", code, err)
	}
	return out, err
}

// noBooks refuses a new base currency once the entity has journal entries:
// their amounts are in the old one, and the trial balance would mix both.
// An entity's chain head counts its entries (ADR 25).
func noBooks(ctx context.Context, tx *store.Tx, e entity.Entity) error {
	var n int64
	err := tx.QueryRow(ctx, `SELECT last_seq FROM ledger_chains WHERE entity_id = ?`, e.ID).Scan(&n)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if n > 0 {
		return fault.New(fault.Conflict, entity.CodeBooksExist,
			"entity %s already keeps books in %s, so its base currency cannot change; create a new entity for books in another currency", e.Code, e.BaseCurrency)
	}
	return nil
}

func scan(row store.Scanner) (entity.Entity, error) {
	var e entity.Entity
	var cur string
	var created int64
	err := row.Scan(&e.ID, &e.Code, &e.Name, &cur, &e.Timezone, &created)
	e.BaseCurrency, e.CreatedAt = money.Currency(cur), store.Time(created)
	return e, err
}
