package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"

	"github.com/fnshub/fnshub/internal/store"
)

// OpenScratch creates a new schema named prefix_<random> on the server at
// base, and opens a migrated database inside it; drop closes it and removes
// the schema with everything in it. Tests and benchmarks use it to run side
// by side on one server without sharing rows.
func OpenScratch(ctx context.Context, base, prefix string, maxConns int) (db *store.DB, drop func(), err error) {
	return openScratch(ctx, base, prefix, maxConns, true)
}

// OpenScratchUnmigrated is OpenScratch without migrating, for tests that
// migrate step by step.
func OpenScratchUnmigrated(ctx context.Context, base, prefix string, maxConns int) (db *store.DB, drop func(), err error) {
	return openScratch(ctx, base, prefix, maxConns, false)
}

func openScratch(ctx context.Context, base, prefix string, maxConns int, migrate bool) (db *store.DB, drop func(), err error) {
	admin, err := Open(ctx, base, 1)
	if err != nil {
		return nil, nil, err
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	schema := prefix + "_" + hex.EncodeToString(b)
	dropSchema := func() {
		_ = exec(context.Background(), admin, `DROP SCHEMA IF EXISTS `+schema+` CASCADE`)
		admin.Close()
	}
	if err := exec(ctx, admin, `CREATE SCHEMA `+schema); err != nil {
		dropSchema()
		return nil, nil, fmt.Errorf("postgres: create schema: %w", err)
	}
	if db, err = openInSchema(ctx, base, schema, maxConns, migrate); err != nil {
		dropSchema()
		return nil, nil, err
	}
	return db, func() { db.Close(); dropSchema() }, nil
}

func openInSchema(ctx context.Context, base, schema string, maxConns int, migrate bool) (*store.DB, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("postgres: bad URL: %w", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := Open(ctx, u.String(), maxConns)
	if err != nil {
		return nil, err
	}
	if !migrate {
		return db, nil
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func exec(ctx context.Context, db *store.DB, query string) error {
	return db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, query)
		return err
	})
}
