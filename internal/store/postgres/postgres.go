// Package postgres opens fnshub's scale-out database: PostgreSQL through pgx,
// shared by several `fnshub serve` nodes.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/fnshub/fnshub/internal/store"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Open connects to the database at url (postgres://…). The pool is shared by
// writers and readers; row locks and serializable retries keep writers apart.
func Open(ctx context.Context, url string, maxConns int) (*store.DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: bad --db URL: %w", err)
	}
	// Queries the store does not prepare itself (SELECTs, store.Tx) run as
	// unnamed statements, planned for their values each time: pgx's own
	// statement cache would otherwise prepare them and PostgreSQL would
	// settle on a generic plan, perhaps one made while a table was empty.
	cfg.DefaultQueryExecMode = pgx.QueryExecModeExec
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: connect to %s:%d/%s: %w", cfg.Host, cfg.Port, cfg.Database, err)
	}
	sub, _ := fs.Sub(migrations, "migrations")
	return store.New(&dialect{}, db, db, sub), nil
}

type dialect struct{ store.DollarRebinder }

func (*dialect) Engine() store.Engine { return store.Postgres }
func (*dialect) ForUpdate() string    { return " FOR UPDATE" }
func (*dialect) MaxParams() int       { return 65535 }

// Retryable: serialization_failure, deadlock_detected, lock_not_available.
func (*dialect) Retryable(err error) bool {
	switch sqlState(err) {
	case "40001", "40P01", "55P03":
		return true
	}
	return false
}

func (*dialect) UniqueViolation(err error) bool { return sqlState(err) == "23505" }

func sqlState(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}
