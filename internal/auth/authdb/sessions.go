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

// CreateSession inserts a live session. Errors: NotFound (no such user),
// checked in the transaction as CreateToken does.
func (s *Store) CreateSession(ctx context.Context, sess auth.Session, secretHash, csrfHash []byte) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM users WHERE id = ?`, sess.UserID).Scan(&one); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO sessions (id, user_id, secret_hash, csrf_hash, created_at, last_seen_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, sess.ID, sess.UserID, secretHash, csrfHash,
			store.Micros(sess.CreatedAt), store.Micros(sess.LastSeenAt), store.Micros(sess.ExpiresAt))
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return fault.New(fault.NotFound, "user_not_found", "user %d does not exist", sess.UserID)
	}
	if err != nil {
		return fmt.Errorf("authdb: create session for user %d: %w", sess.UserID, err)
	}
	return nil
}

// SessionByID returns a session with its hashes and owner. Errors: NotFound.
func (s *Store) SessionByID(ctx context.Context, id string) (auth.StoredSession, error) {
	var st auth.StoredSession
	err := s.db.Read(ctx, func(tx *store.Tx) error {
		row := tx.QueryRow(ctx, `SELECT s.id, s.user_id, s.secret_hash, s.csrf_hash, s.created_at, s.last_seen_at,
			s.expires_at, s.ended_at, `+userColumns+` FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`, id)
		var created, seen, expires int64
		var ended sql.NullInt64
		ud, userDone := userDest(&st.Owner)
		dest := append([]any{&st.Session.ID, &st.Session.UserID, &st.SecretHash, &st.CSRFHash, &created, &seen, &expires, &ended}, ud...)
		if err := row.Scan(dest...); err != nil {
			return err
		}
		userDone()
		st.Session.CreatedAt, st.Session.LastSeenAt, st.Session.ExpiresAt = store.Time(created), store.Time(seen), store.Time(expires)
		st.Session.Ended = ended.Valid
		return nil
	})
	if errors.Is(err, sql.ErrNoRows) {
		return auth.StoredSession{}, fault.New(fault.NotFound, "session_not_found", "session %s does not exist", id)
	}
	if err != nil {
		return auth.StoredSession{}, fmt.Errorf("authdb: session %s: %w", id, err)
	}
	return st, nil
}

// TouchSession moves last_seen_at forward only, when several nodes share
// the database.
func (s *Store) TouchSession(ctx context.Context, id string, at time.Time) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE id = ? AND ended_at IS NULL AND last_seen_at < ?`,
			store.Micros(at), id, store.Micros(at))
		return err
	})
	if err != nil {
		return fmt.Errorf("authdb: touch session %s: %w", id, err)
	}
	return nil
}

// EndSession ends a live session; the first end and its reason stay.
func (s *Store) EndSession(ctx context.Context, id string, at time.Time, reason auth.EndReason) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL`,
			store.Micros(at), string(reason), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("authdb: end session %s: %w", id, err)
	}
	return nil
}

// endUserSessions ends every live session of a user, inside tx.
func endUserSessions(ctx context.Context, tx *store.Tx, userID int64, at time.Time, reason auth.EndReason) error {
	_, err := tx.Exec(ctx, `UPDATE sessions SET ended_at = ?, end_reason = ? WHERE user_id = ? AND ended_at IS NULL`,
		store.Micros(at), string(reason), userID)
	return err
}

// SetPassword replaces the hash and ends the user's sessions in one
// transaction, so no session outlives the old password. Errors: NotFound.
func (s *Store) SetPassword(ctx context.Context, userID int64, passwordHash string, at time.Time) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, passwordHash, userID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmp(err, sql.ErrNoRows)
		}
		return endUserSessions(ctx, tx, userID, at, auth.EndPasswordChanged)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return fault.New(fault.NotFound, "user_not_found", "user %d does not exist", userID)
	}
	if err != nil {
		return fmt.Errorf("authdb: set password of user %d: %w", userID, err)
	}
	return nil
}

// cmp returns err, or fallback when err is nil.
func cmp(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// CreateFirstAdmin inserts the first user while there is none. The
// first_admin row (id 1) is the guard: a second setup, even one that read
// an empty users table at the same moment, fails on its primary key.
// Errors: Conflict "setup_done".
func (s *Store) CreateFirstAdmin(ctx context.Context, u auth.User, passwordHash string) (auth.User, error) {
	errDone := fault.New(fault.Conflict, "setup_done", "fnshub is set up already; sign in, or ask an admin for an account")
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errDone
		}
		if err := tx.QueryRow(ctx, `INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			u.Name, string(u.Role), passwordHash, store.Micros(u.CreatedAt)).Scan(&u.ID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO first_admin (id, user_id, created_at) VALUES (1, ?, ?)`, u.ID, store.Micros(u.CreatedAt))
		return err
	})
	switch {
	case errors.Is(err, errDone), s.db.UniqueViolation(err):
		return auth.User{}, errDone
	case err != nil:
		return auth.User{}, fmt.Errorf("authdb: first admin %s: %w", u.Name, err)
	}
	return u, nil
}
