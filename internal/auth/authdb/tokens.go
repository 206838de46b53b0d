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

// CreateToken inserts t with its secret's hash. Errors: NotFound (no such
// user), Conflict (the ID is taken). The owner is checked in the same
// transaction rather than by the foreign key, because the dialect seam
// names unique violations only.
func (s *Store) CreateToken(ctx context.Context, t auth.Token, secretHash []byte) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM users WHERE id = ?`, t.UserID).Scan(&one); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO api_tokens (id, user_id, label, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
			t.ID, t.UserID, t.Label, secretHash, store.Micros(t.CreatedAt))
		return err
	})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fault.New(fault.NotFound, "user_not_found", "user %d does not exist", t.UserID)
	case s.db.UniqueViolation(err):
		return fault.New(fault.Conflict, "token_exists", "token %s already exists", t.ID)
	case err != nil:
		return fmt.Errorf("authdb: create token for user %d: %w", t.UserID, err)
	}
	return nil
}

// tokenColumns needs users joined as u, for the owner's name.
const tokenColumns = `t.id, t.user_id, u.name, t.label, t.created_at, t.last_used_at, t.revoked_at`

// TokenByID returns a token with its hash and owner. Errors: NotFound.
func (s *Store) TokenByID(ctx context.Context, id string) (auth.StoredToken, error) {
	var st auth.StoredToken
	err := s.db.Read(ctx, func(tx *store.Tx) error {
		row := tx.QueryRow(ctx, `SELECT `+tokenColumns+`, t.secret_hash, `+userColumns+`
			FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?`, id)
		td, tokenDone := tokenDest(&st.Token)
		ud, userDone := userDest(&st.Owner)
		if err := row.Scan(append(append(td, &st.SecretHash), ud...)...); err != nil {
			return err
		}
		tokenDone()
		userDone()
		return nil
	})
	if errors.Is(err, sql.ErrNoRows) {
		return auth.StoredToken{}, errTokenNotFound(id)
	}
	if err != nil {
		return auth.StoredToken{}, fmt.Errorf("authdb: token %s: %w", id, err)
	}
	return st, nil
}

// Tokens lists a user's tokens, oldest first.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]auth.Token, error) {
	out, err := store.Collect(ctx, s.db, scanToken,
		`SELECT `+tokenColumns+` FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.user_id = ? ORDER BY t.created_at, t.id`, userID)
	if err != nil {
		return nil, fmt.Errorf("authdb: tokens of user %d: %w", userID, err)
	}
	return out, nil
}

// TouchToken records a use, never moving last_used_at backwards when
// several processes share the database.
func (s *Store) TouchToken(ctx context.Context, id string, at time.Time) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)`,
			store.Micros(at), id, store.Micros(at))
		return err
	})
	if err != nil {
		return fmt.Errorf("authdb: touch token %s: %w", id, err)
	}
	return nil
}

// RevokeToken marks a token revoked as of at. Errors: NotFound.
func (s *Store) RevokeToken(ctx context.Context, id string, at time.Time) error {
	err := s.updateOne(ctx, `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?`, store.Micros(at), id)
	if errors.Is(err, sql.ErrNoRows) {
		return errTokenNotFound(id)
	}
	if err != nil {
		return fmt.Errorf("authdb: revoke token %s: %w", id, err)
	}
	return nil
}

func errTokenNotFound(id string) error {
	return fault.New(fault.NotFound, "token_not_found", "token %s does not exist", id)
}
