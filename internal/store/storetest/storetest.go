// Package storetest is the conformance suite every storage engine must pass,
// and the helpers that give each test its own real database: a fresh SQLite
// file always, and a fresh PostgreSQL schema when FNSHUB_TEST_POSTGRES_URL is
// set. In CI (CI=true) a missing PostgreSQL fails the run instead of skipping.
package storetest

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/postgres"
	"github.com/fnshub/fnshub/internal/store/sqlite"
)

// PostgresURLVar names the variable that points tests at a PostgreSQL server.
const PostgresURLVar = "FNSHUB_TEST_POSTGRES_URL"

// Opener returns a new, migrated, empty database that is closed (and
// dropped) when the test ends.
type Opener func(t testing.TB) *store.DB

// Engine is one engine under test.
type Engine struct {
	Name  string
	Open  Opener
	Fresh Fresh
}

// Engines returns SQLite and, when configured, PostgreSQL.
func Engines(t testing.TB) []Engine {
	engines := []Engine{{Name: "sqlite", Open: SQLite, Fresh: FreshSQLite}}
	switch {
	case os.Getenv(PostgresURLVar) != "":
		engines = append(engines, Engine{Name: "postgres", Open: Postgres, Fresh: FreshPostgres})
	case os.Getenv("CI") == "true":
		t.Fatalf("%s is not set: CI must run the PostgreSQL suite (see .ci/run)", PostgresURLVar)
	default:
		t.Logf("%s not set: PostgreSQL suite not run here (CI runs it)", PostgresURLVar)
	}
	return engines
}

// SQLite opens a migrated database in a temporary directory.
func SQLite(t testing.TB) *store.DB { return openFresh(t, FreshSQLite) }

// Postgres opens a migrated database in a new schema of the server at
// FNSHUB_TEST_POSTGRES_URL, so tests run in parallel without sharing rows.
func Postgres(t testing.TB) *store.DB { return openFresh(t, FreshPostgres) }

func openFresh(t testing.TB, fresh Fresh) *store.DB {
	t.Helper()
	db, done, err := fresh()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(done)
	return db
}

// Fresh makes a new, migrated, empty database and a function that closes and
// removes it; for callers (property checks) that outlive no testing.T.
type Fresh func() (*store.DB, func(), error)

// FreshSQLite is Fresh for SQLite.
func FreshSQLite() (*store.DB, func(), error) { return sqlite.OpenScratch(context.Background()) }

// FreshPostgres is Fresh for a new schema at FNSHUB_TEST_POSTGRES_URL.
func FreshPostgres() (*store.DB, func(), error) {
	base := os.Getenv(PostgresURLVar)
	if base == "" {
		return nil, nil, fmt.Errorf("%s is not set", PostgresURLVar)
	}
	db, drop, err := postgres.OpenScratch(context.Background(), base, "t", 8)
	if err != nil {
		return nil, nil, fmt.Errorf("PostgreSQL at %s=%s: %w", PostgresURLVar, base, err)
	}
	return db, drop, nil
}

// openUnmigrated opens an empty database of the named engine with no
// migrations applied, for tests that migrate step by step.
func openUnmigrated(t testing.TB, engine string) *store.DB {
	t.Helper()
	var db *store.DB
	var drop func()
	var err error
	if engine == "postgres" {
		db, drop, err = postgres.OpenScratchUnmigrated(context.Background(), os.Getenv(PostgresURLVar), "t", 4)
	} else {
		dir := t.TempDir()
		if db, err = sqlite.Open(dir); err == nil {
			drop = func() { db.Close() }
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	return db
}
