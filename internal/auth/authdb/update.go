package authdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/store"
)

// UpdateUser reads the user and the active admins in one transaction, lets
// change edit the user's role and disabled flag, and writes them back.
// Errors: NotFound, or whatever change returns.
//
// The active admins' rows are locked (FOR UPDATE on PostgreSQL, the write
// lock on SQLite) before the count, so two admins demoting each other at
// once are serialised and the second sees the first's change: the count
// cannot be stale when change checks it.
func (s *Store) UpdateUser(ctx context.Context, name string, at time.Time, change func(u *auth.User, activeAdmins int) error) (auth.User, error) {
	var u auth.User
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		admins, err := lockActiveAdmins(ctx, tx, s.db.ForUpdate())
		if err != nil {
			return err
		}
		row := tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.name = ? `+s.db.ForUpdate(), name)
		if err := scanUserRow(row, &u); err != nil {
			return err
		}
		before := u
		if err := change(&u, admins); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE users SET role = ?,
			disabled_at = CASE WHEN ? THEN COALESCE(disabled_at, ?) ELSE NULL END WHERE id = ?`,
			string(u.Role), u.Disabled, store.Micros(at), u.ID)
		if err != nil {
			return err
		}
		return endChangedSessions(ctx, tx, before, u, at)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return auth.User{}, errUserNotFound(name)
	}
	if err != nil {
		return auth.User{}, fmt.Errorf("authdb: update user %s: %w", name, err)
	}
	return u, nil
}

// endChangedSessions ends the user's sessions when the change disabled
// them or gave them another role: a session must not keep rights, or a
// role, its user no longer has.
func endChangedSessions(ctx context.Context, tx *store.Tx, before, after auth.User, at time.Time) error {
	switch {
	case after.Disabled && !before.Disabled:
		return endUserSessions(ctx, tx, after.ID, at, auth.EndUserDisabled)
	case after.Role != before.Role:
		return endUserSessions(ctx, tx, after.ID, at, auth.EndRoleChanged)
	}
	return nil
}

func lockActiveAdmins(ctx context.Context, tx *store.Tx, forUpdate string) (int, error) {
	rows, err := tx.Query(ctx, `SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL `+forUpdate)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

// AllTokens lists every user's tokens, oldest first.
func (s *Store) AllTokens(ctx context.Context) ([]auth.Token, error) {
	out, err := store.Collect(ctx, s.db, scanToken,
		`SELECT `+tokenColumns+` FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.created_at, t.id`)
	if err != nil {
		return nil, fmt.Errorf("authdb: tokens: %w", err)
	}
	return out, nil
}
