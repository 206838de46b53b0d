package authdb

import (
	"database/sql"
	"strings"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/store"
)

// userDest returns scan destinations for userColumns and a function that
// copies the scanned times and flags into u; callers scan rows of several
// shapes (a user, a user with its hash, a token with its owner), so the
// destinations compose instead of each query scanning column by column.
func userDest(u *auth.User) ([]any, func()) {
	var created int64
	var disabled sql.NullInt64
	var shops string
	return []any{&u.ID, &u.Name, &u.Role, &created, &disabled, &shops}, func() {
		u.CreatedAt, u.Disabled, u.Shops = store.Time(created), disabled.Valid, splitShops(shops)
	}
}

// tokenDest is userDest for tokenColumns.
func tokenDest(t *auth.Token) ([]any, func()) {
	var created int64
	var used, revoked sql.NullInt64
	return []any{&t.ID, &t.UserID, &t.User, &t.Label, &created, &used, &revoked}, func() {
		t.CreatedAt, t.LastUsedAt, t.Revoked = store.Time(created), store.Time(used.Int64), revoked.Valid
	}
}

// scanUserRow scans one user row, then extra columns, into u and extra.
func scanUserRow(row *sql.Row, u *auth.User, extra ...any) error {
	dest, finish := userDest(u)
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return err
	}
	finish()
	return nil
}

func scanUser(row store.Scanner) (auth.User, error) {
	var u auth.User
	dest, finish := userDest(&u)
	err := row.Scan(dest...)
	finish()
	return u, err
}

func scanToken(row store.Scanner) (auth.Token, error) {
	var t auth.Token
	dest, finish := tokenDest(&t)
	err := row.Scan(dest...)
	finish()
	return t, err
}

// joinShops and splitShops map a user's shops to the users.shops column:
// comma-separated ids, "" for every shop (shop ids hold no commas).
func joinShops(shops []string) string { return strings.Join(shops, ",") }

func splitShops(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}
