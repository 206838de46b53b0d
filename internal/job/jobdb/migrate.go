package jobdb

import (
	"context"
	"fmt"
	"hash/fnv"

	"github.com/fnshub/fnshub/internal/store"
	"github.com/riverqueue/river/rivermigrate"
)

// Migrate brings River's own tables (river_job, river_leader, river_queue …)
// up to the version this binary carries, in the database's schema (the
// search_path on PostgreSQL), and returns the versions applied. Each version runs
// in its own transaction; on PostgreSQL an advisory lock per schema lets several
// nodes start at once. Run it after the store's own migrations.
func Migrate(ctx context.Context, db *store.DB) ([]int, error) {
	m, err := rivermigrate.New(driver(db.Engine(), nil), &rivermigrate.Config{})
	if err != nil {
		return nil, fmt.Errorf("jobdb: migrate the job queue's tables: %w", err)
	}
	// One version per transaction: a version that adds an enum value cannot
	// share a transaction with one that uses it (PostgreSQL 55P04).
	var applied []int
	for {
		var step []int
		err := db.InTx(ctx, func(tx *store.Tx) error {
			step = step[:0]
			if err := lockMigrations(ctx, db, tx); err != nil {
				return err
			}
			res, err := m.MigrateTx(ctx, tx.SQL(), rivermigrate.DirectionUp, &rivermigrate.MigrateOpts{MaxSteps: 1})
			if err != nil {
				return err
			}
			for _, v := range res.Versions {
				step = append(step, v.Version)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("jobdb: migrate the job queue's tables: %w", err)
		}
		if len(step) == 0 {
			return applied, nil
		}
		applied = append(applied, step...)
	}
}

// lockMigrations makes concurrent starts of several nodes on one
// PostgreSQL schema take turns; SQLite's writer is one connection already.
func lockMigrations(ctx context.Context, db *store.DB, tx *store.Tx) error {
	if db.Engine() != store.Postgres {
		return nil
	}
	var schema string
	if err := tx.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return err
	}
	h := fnv.New64a()
	h.Write([]byte("fnshub/river-migrate/" + schema))
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(?)`, int64(h.Sum64()))
	return err
}
