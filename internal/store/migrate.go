package store

import (
	"context"
	"fmt"
	"hash/fnv"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// provider builds a goose provider over the writer pool. On PostgreSQL an
// advisory session lock makes concurrent `serve` starts on several nodes
// safe; its id is derived from the schema, because migrations are per schema
// and nodes of unrelated schemas (parallel tests) need not wait for each other.
func (db *DB) provider(ctx context.Context) (*goose.Provider, error) {
	var opts []goose.ProviderOption
	dialect := goose.DialectSQLite3
	if db.Engine() == Postgres {
		dialect = goose.DialectPostgres
		var schema string
		if err := db.write.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
			return nil, fmt.Errorf("store: migration lock: %w", err)
		}
		h := fnv.New64a()
		h.Write([]byte("fnshub/migrate/" + schema))
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(int64(h.Sum64())), lock.WithLockTimeout(1, 600))
		if err != nil {
			return nil, fmt.Errorf("store: migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, db.write, db.migrations, opts...)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, nil
}

// Migrate applies every pending migration and returns the versions applied.
// A second call is a no-op returning none.
func (db *DB) Migrate(ctx context.Context) ([]int64, error) {
	p, err := db.provider(ctx)
	if err != nil {
		return nil, err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	applied := make([]int64, 0, len(results))
	for _, r := range results {
		applied = append(applied, r.Source.Version)
	}
	return applied, nil
}

// MigrateTo applies the pending migrations up to and including version, for
// tests that prove a migration keeps data written under an older schema.
func (db *DB) MigrateTo(ctx context.Context, version int64) error {
	p, err := db.provider(ctx)
	if err != nil {
		return err
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		return fmt.Errorf("store: migrate to %d: %w", version, err)
	}
	return nil
}

// MigrationState reports the database's schema version and the newest one
// this binary carries.
func (db *DB) MigrationState(ctx context.Context) (current, target int64, err error) {
	p, err := db.provider(ctx)
	if err != nil {
		return 0, 0, err
	}
	current, target, err = p.GetVersions(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("store: migration state: %w", err)
	}
	return current, target, nil
}

// MigrateDownTo rolls migrations back until version is the newest applied,
// for tests that load data the way an older release kept it and then
// migrate it up.
func (db *DB) MigrateDownTo(ctx context.Context, version int64) error {
	p, err := db.provider(ctx)
	if err != nil {
		return err
	}
	if _, err := p.DownTo(ctx, version); err != nil {
		return fmt.Errorf("store: migrate down to %d: %w", version, err)
	}
	return nil
}
