package storetest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/store"
)

// ExercisePipeline runs the contract of store.Batch and Tx.Later against
// one engine: results in the order queued, rows affected per statement,
// and an error anywhere failing the whole transaction with nothing of it
// committed. PostgreSQL sends a batch in one round trip, SQLite runs it
// statement by statement; both must answer alike.
func ExercisePipeline(t *testing.T, open Opener) {
	ctx := context.Background()
	setup := func(t *testing.T) *store.DB {
		db := open(t)
		must(t, db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, `CREATE TABLE pipe_rows (id BIGINT PRIMARY KEY, v TEXT NOT NULL)`)
			return err
		}))
		return db
	}
	t.Run("a batch hands back results in the order queued, rows affected per statement", func(t *testing.T) {
		t.Parallel()
		db := setup(t)
		var got []string
		note := func(label string) func(int64) error {
			return func(n int64) error { got = append(got, fmt.Sprintf("%s:%d", label, n)); return nil }
		}
		must(t, db.InTx(ctx, func(tx *store.Tx) error {
			b := tx.Batch()
			b.InsertRows(`INSERT INTO pipe_rows (id, v) VALUES `, "", 2, []any{1, "a", 2, "b", 3, "c"}, note("insert"))
			b.Query(`SELECT id, v FROM pipe_rows ORDER BY id`, nil, func(r store.Scanner) error {
				var id int64
				var v string
				err := r.Scan(&id, &v)
				got = append(got, fmt.Sprintf("row:%d%s", id, v))
				return err
			})
			b.Exec(`UPDATE pipe_rows SET v = 'z' WHERE id >= ?`, []any{2}, note("update2"))
			b.Exec(`UPDATE pipe_rows SET v = 'y' WHERE id = ?`, []any{9}, note("update0"))
			b.Exec(`DELETE FROM pipe_rows WHERE id = ?`, []any{1}, note("delete1"))
			b.Query(`SELECT COUNT(*) FROM pipe_rows WHERE v = ?`, []any{"z"}, func(r store.Scanner) error {
				var n int64
				err := r.Scan(&n)
				got = append(got, fmt.Sprintf("count:%d", n))
				return err
			})
			return b.Send(ctx)
		}))
		want := []string{"insert:3", "row:1a", "row:2b", "row:3c", "update2:2", "update0:0", "delete1:1", "count:2"}
		if !slices.Equal(got, want) {
			t.Fatalf("results %v, want %v", got, want)
		}
		wantRows(t, db, 2)
	})
	t.Run("an error in the middle of a batch fails the transaction and nothing of it commits", func(t *testing.T) {
		t.Parallel()
		db := setup(t)
		after := false
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO pipe_rows (id, v) VALUES (?, ?)`, 10, "before"); err != nil {
				return err
			}
			b := tx.Batch()
			b.Exec(`INSERT INTO pipe_rows (id, v) VALUES (?, ?)`, []any{1, "a"}, nil)
			b.Exec(`INSERT INTO pipe_rows (id, v) VALUES (?, ?)`, []any{1, "again"}, nil)
			b.Exec(`INSERT INTO pipe_rows (id, v) VALUES (?, ?)`, []any{2, "b"}, func(int64) error { after = true; return nil })
			return b.Send(ctx)
		})
		if !db.UniqueViolation(err) || !strings.Contains(err.Error(), "statement 2 of 3 (INSERT INTO pipe_rows") {
			t.Fatalf("batch = %v, want the unique violation of statement 2 of 3, named", err)
		}
		if after {
			t.Fatal("the statement after the failed one reported a result")
		}
		wantRows(t, db, 0)
	})
	t.Run("a refused result fails the transaction as the statement alone would", func(t *testing.T) {
		t.Parallel()
		db := setup(t)
		refused := errors.New("changed under its lock")
		err := db.InTx(ctx, func(tx *store.Tx) error {
			b := tx.Batch()
			b.Exec(`INSERT INTO pipe_rows (id, v) VALUES (?, ?)`, []any{1, "a"}, nil)
			b.Exec(`UPDATE pipe_rows SET v = 'b' WHERE id = ?`, []any{2}, func(n int64) error {
				if n != 1 {
					return refused
				}
				return nil
			})
			return b.Send(ctx)
		})
		if !errors.Is(err, refused) {
			t.Fatalf("batch = %v, want the refusal", err)
		}
		wantRows(t, db, 0)
	})
	t.Run("writes held for later keep their order, are seen by what follows and commit", func(t *testing.T) {
		t.Parallel()
		db := setup(t)
		must(t, db.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.InsertRowsLater(ctx, "insert rows", `INSERT INTO pipe_rows (id, v) VALUES `, "", 2, []any{1, "a", 2, "b", 3, "c"}); err != nil {
				return err
			}
			if err := tx.Later(ctx, "relabel", `UPDATE pipe_rows SET v = 'x' WHERE id = ?`, []any{2}, wantOne); err != nil {
				return err
			}
			var v string
			if err := tx.QueryRow(ctx, `SELECT v FROM pipe_rows WHERE id = ?`, 2).Scan(&v); err != nil || v != "x" {
				return fmt.Errorf("row 2 = %q, %v; want x, the held writes applied in order", v, err)
			}
			return tx.Later(ctx, "insert row 4", `INSERT INTO pipe_rows (id, v) VALUES (?, ?)`, []any{4, "d"}, nil)
		}))
		wantRows(t, db, 4)
	})
	t.Run("a held write that fails fails the transaction wherever it surfaces, named", func(t *testing.T) {
		t.Parallel()
		db := setup(t)
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.Later(ctx, "insert row 1", `INSERT INTO pipe_rows (id, v) VALUES (?, ?)`, []any{1, "a"}, nil); err != nil {
				return err
			}
			if err := tx.Later(ctx, "insert row 1 again", `INSERT INTO pipe_rows (id, v) VALUES (?, ?)`, []any{1, "b"}, nil); err != nil {
				return err
			}
			var n int64
			_ = tx.QueryRow(ctx, `SELECT COUNT(*) FROM pipe_rows`).Scan(&n) // its error, if any, is the held write's echo
			return nil
		})
		if !db.UniqueViolation(err) || !strings.Contains(err.Error(), "insert row 1 again") {
			t.Fatalf("InTx = %v, want the held insert's unique violation, named", err)
		}
		wantRows(t, db, 0)
		err = db.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.Later(ctx, "insert row 1", `INSERT INTO pipe_rows (id, v) VALUES (?, ?)`, []any{1, "a"}, nil); err != nil {
				return err
			}
			return tx.Later(ctx, "guarded update", `UPDATE pipe_rows SET v = 'b' WHERE id = ?`, []any{2}, wantOne)
		})
		if err == nil || !strings.Contains(err.Error(), "guarded update") || !strings.Contains(err.Error(), "0 rows, want 1") {
			t.Fatalf("InTx = %v, want the guarded update's refusal at commit", err)
		}
		wantRows(t, db, 0)
	})
	t.Run("rows updated in place by key change the named columns of those rows only, in chunks", exerciseUpdateRows(open))
}

// exerciseUpdateRows updates a random half of 1,500 rows of a table keyed
// by two columns (more rows than one statement carries) and compares every
// row with a model: the rows named get the new values of the named
// columns, the others and the columns not named stay as they were, and
// key values that match no row add none.
func exerciseUpdateRows(open Opener) func(t *testing.T) {
	return func(t *testing.T) {
		t.Parallel()
		ctx := context.Background()
		db := open(t)
		type row struct{ a, b, kept int64 }
		model := map[[2]int64]row{}
		var ins []any
		rnd := rand.New(rand.NewPCG(1, 2))
		for g := int64(1); g <= 500; g++ {
			for n := int64(1); n <= 3; n++ {
				r := row{rnd.Int64N(1e12) - 5e11, rnd.Int64N(1000), g*10 + n}
				model[[2]int64{g, n}] = r
				ins = append(ins, g, n, r.a, r.b, r.kept)
			}
		}
		var upd []any
		for k, r := range model {
			if rnd.IntN(2) == 0 {
				r.a, r.b = rnd.Int64N(1e15)-5e14, -rnd.Int64N(1000)
				model[k] = r
				upd = append(upd, k[0], k[1], r.a, r.b)
			}
		}
		upd = append(upd, int64(9999), int64(1), int64(7), int64(7)) // no such row
		must(t, db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.Exec(ctx, `CREATE TABLE pipe_facts (g BIGINT NOT NULL, n BIGINT NOT NULL, a BIGINT NOT NULL, b BIGINT NOT NULL,
				kept BIGINT NOT NULL, PRIMARY KEY (g, n))`); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `CREATE INDEX pipe_facts_by_kept ON pipe_facts (kept)`); err != nil {
				return err
			}
			if _, err := tx.InsertRows(ctx, `INSERT INTO pipe_facts (g, n, a, b, kept) VALUES `, "", 5, ins); err != nil {
				return err
			}
			return tx.UpdateRowsLater(ctx, "update facts", "pipe_facts", []string{"g", "n"}, []string{"a", "b"}, upd)
		}))
		got := map[[2]int64]row{}
		must(t, db.Read(ctx, func(tx *store.Tx) error {
			rows, err := tx.Query(ctx, `SELECT g, n, a, b, kept FROM pipe_facts WHERE kept > 0`)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var k [2]int64
				var r row
				if err := rows.Scan(&k[0], &k[1], &r.a, &r.b, &r.kept); err != nil {
					return err
				}
				got[k] = r
			}
			return rows.Err()
		}))
		if !maps.Equal(got, model) {
			t.Fatalf("%d rows read by the index, %d in the model; they differ", len(got), len(model))
		}
	}
}

func wantOne(n int64) error {
	if n != 1 {
		return fmt.Errorf("%d rows, want 1", n)
	}
	return nil
}

func wantRows(t *testing.T, db *store.DB, want int64) {
	t.Helper()
	var n int64
	must(t, db.Read(context.Background(), func(tx *store.Tx) error {
		return tx.QueryRow(context.Background(), `SELECT COUNT(*) FROM pipe_rows`).Scan(&n)
	}))
	if n != want {
		t.Fatalf("%d rows committed, want %d", n, want)
	}
}
