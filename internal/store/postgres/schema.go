package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"

	"github.com/jackc/pgx/v5"

	"github.com/fnshub/fnshub/internal/store"
)

// OpenScratch creates a new database named prefix_<random> on the server at
// base, a copy of the migrated template (template.go), and opens it; drop
// closes it and removes the database. Tests and benchmarks use it to run side
// by side on one server without sharing rows.
func OpenScratch(ctx context.Context, base, prefix string, maxConns int) (db *store.DB, drop func(), err error) {
	db, _, drop, err = OpenScratchURL(ctx, base, prefix, maxConns)
	return db, drop, err
}

// OpenScratchURL is OpenScratch that also returns the scratch database's
// URL, for a test that hands it to another process.
func OpenScratchURL(ctx context.Context, base, prefix string, maxConns int) (db *store.DB, dbURL string, drop func(), err error) {
	template, err := templateFor(ctx, base)
	if err != nil {
		return nil, "", nil, err
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	name := prefix + "_" + hex.EncodeToString(b)
	if dbURL, err = databaseURL(base, name); err != nil {
		return nil, "", nil, err
	}
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		return nil, "", nil, err
	}
	err = cloneTemplate(ctx, admin, name, template)
	admin.Close(context.Background())
	if err != nil {
		return nil, "", nil, fmt.Errorf("postgres: create database from %s: %w", template, err)
	}
	dropDatabase := func() {
		ctx := context.Background()
		if admin, err := pgx.Connect(ctx, base); err == nil {
			_, _ = admin.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
			admin.Close(ctx)
		}
	}
	if db, err = Open(ctx, dbURL, maxConns); err != nil {
		dropDatabase()
		return nil, "", nil, err
	}
	return db, dbURL, func() { db.Close(); dropDatabase() }, nil
}

// OpenScratchSchema is OpenScratch in a new schema of base's database,
// migrated there: it needs no right to create databases and leaves no
// template behind, so `fnshub bench` uses it on a user's server.
func OpenScratchSchema(ctx context.Context, base, prefix string, maxConns int) (db *store.DB, drop func(), err error) {
	if db, drop, err = OpenScratchUnmigrated(ctx, base, prefix, maxConns); err != nil {
		return nil, nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		drop()
		return nil, nil, err
	}
	return db, drop, nil
}

// OpenScratchUnmigrated opens an empty new schema of base's database, for
// tests that migrate step by step (so there is no template to copy).
func OpenScratchUnmigrated(ctx context.Context, base, prefix string, maxConns int) (db *store.DB, drop func(), err error) {
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
	if db, err = openInSchema(ctx, base, schema, maxConns); err != nil {
		dropSchema()
		return nil, nil, err
	}
	return db, func() { db.Close(); dropSchema() }, nil
}

func openInSchema(ctx context.Context, base, schema string, maxConns int) (*store.DB, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("postgres: bad URL: %w", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return Open(ctx, u.String(), maxConns)
}

func exec(ctx context.Context, db *store.DB, query string) error {
	return db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, query)
		return err
	})
}
