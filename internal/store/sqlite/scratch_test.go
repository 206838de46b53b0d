package sqlite

import (
	"context"
	"os"
	"testing"

	"github.com/fnshub/fnshub/internal/store"
)

// Scratch databases are copies of one migrated image: each must still be
// fully migrated, and a row written to one must not appear in another.
func TestOpenScratch_MigratedAndApart(t *testing.T) {
	ctx := context.Background()
	a, dropA, err := OpenScratch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer dropA()
	b, dropB, err := OpenScratch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer dropB()
	for name, db := range map[string]*store.DB{"first": a, "second": b} {
		current, target, err := db.MigrationState(ctx)
		if err != nil || current != target || current == 0 {
			t.Fatalf("%s scratch: schema version %d of %d (%v), want fully migrated", name, current, target, err)
		}
		if applied, err := db.Migrate(ctx); err != nil || len(applied) != 0 {
			t.Fatalf("%s scratch: Migrate applied %v (%v), want nothing left to apply", name, applied, err)
		}
	}
	if err := a.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `CREATE TABLE scratch_probe (x INTEGER)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if ta, tb := probeTables(t, a), probeTables(t, b); ta != 1 || tb != 0 {
		t.Fatalf("the table is in the first scratch %d times and in the second %d times, want 1 and 0", ta, tb)
	}
	for name, db := range map[string]*store.DB{"first": a, "second": b} {
		fi, err := os.Stat(filePath(t, db))
		if err != nil {
			t.Fatal(err)
		}
		if mode := fi.Mode().Perm(); mode != 0o600 {
			t.Errorf("%s scratch: the file has mode %#o, want 0600", name, mode)
		}
	}
}

func probeTables(t *testing.T, db *store.DB) (n int) {
	t.Helper()
	ctx := context.Background()
	if err := db.Read(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, `SELECT count(*) FROM sqlite_master WHERE name = 'scratch_probe'`).Scan(&n)
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// filePath is the file the database's main schema lives in.
func filePath(t *testing.T, db *store.DB) (path string) {
	t.Helper()
	var seq int
	var name string
	if err := db.Writer().QueryRowContext(context.Background(), `PRAGMA database_list`).Scan(&seq, &name, &path); err != nil {
		t.Fatal(err)
	}
	return path
}
