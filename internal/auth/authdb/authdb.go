// Package authdb stores auth's users and tokens in SQLite or PostgreSQL
// through internal/store; one SQL text serves both engines.
package authdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/store"
)

// Store implements auth.Store.
type Store struct{ db *store.DB }

var _ auth.Store = (*Store)(nil)

// New returns a Store over db.
func New(db *store.DB) *Store { return &Store{db: db} }

// CreateUser inserts u and returns it with its new ID. Errors: Conflict.
// RETURNING gives the ID on both engines, whatever generates it.
func (s *Store) CreateUser(ctx context.Context, u auth.User, passwordHash string) (auth.User, error) {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			u.Name, string(u.Role), passwordHash, store.Micros(u.CreatedAt)).Scan(&u.ID)
	})
	if s.db.UniqueViolation(err) {
		return auth.User{}, fault.New(fault.Conflict, "user_exists", "user %s already exists", u.Name)
	}
	if err != nil {
		return auth.User{}, fmt.Errorf("authdb: create user %s: %w", u.Name, err)
	}
	return u, nil
}

const userColumns = `u.id, u.name, u.role, u.created_at, u.disabled_at`

// UserByName returns a user and its password hash. Errors: NotFound.
func (s *Store) UserByName(ctx context.Context, name string) (auth.User, string, error) {
	var u auth.User
	var hash string
	err := s.db.Read(ctx, func(tx *store.Tx) error {
		row := tx.QueryRow(ctx, `SELECT `+userColumns+`, u.password_hash FROM users u WHERE u.name = ?`, name)
		return scanUserRow(row, &u, &hash)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return auth.User{}, "", errUserNotFound(name)
	}
	if err != nil {
		return auth.User{}, "", fmt.Errorf("authdb: user %s: %w", name, err)
	}
	return u, hash, nil
}

// Users lists every user in ID order.
func (s *Store) Users(ctx context.Context) ([]auth.User, error) {
	out, err := store.Collect(ctx, s.db, scanUser, `SELECT `+userColumns+` FROM users u ORDER BY u.id`)
	if err != nil {
		return nil, fmt.Errorf("authdb: users: %w", err)
	}
	return out, nil
}

// DisableUser marks a user disabled as of at and ends their sessions, in
// one transaction: a session must not outlive its user's right to sign in.
// Errors: NotFound.
func (s *Store) DisableUser(ctx context.Context, name string, at time.Time) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `UPDATE users SET disabled_at = COALESCE(disabled_at, ?) WHERE name = ? RETURNING id`,
			store.Micros(at), name).Scan(&id)
		if err != nil {
			return err
		}
		return endUserSessions(ctx, tx, id, at, auth.EndUserDisabled)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return errUserNotFound(name)
	}
	if err != nil {
		return fmt.Errorf("authdb: disable user %s: %w", name, err)
	}
	return nil
}

// updateOne runs an UPDATE and returns sql.ErrNoRows when it matched no row.
func (s *Store) updateOne(ctx context.Context, query string, args ...any) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, query, args...)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err == nil && n == 0 {
			err = sql.ErrNoRows
		}
		return err
	})
}

func errUserNotFound(name string) error {
	return fault.New(fault.NotFound, "user_not_found", "user %s does not exist", name)
}
