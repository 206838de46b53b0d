package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
)

// counter writes how often it was asked for, once, at commit.
type counter struct{ n int }

func (c *counter) Flush(ctx context.Context, tx *Tx) error {
	if c.n < 0 {
		return errors.New("refused")
	}
	_, err := tx.Exec(ctx, `INSERT INTO flushed (n) VALUES (?)`, c.n)
	return err
}

type counterKey struct{}

func TestTx_DeferredFlushesOnceBeforeCommit(t *testing.T) {
	ctx := context.Background()
	pool, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "deferred.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pool.Close() })
	if _, err := pool.Exec(`CREATE TABLE flushed (n INTEGER)`); err != nil {
		t.Fatal(err)
	}
	db := New(busyDialect{}, pool, pool, nil)
	bump := func(tx *Tx) *counter {
		c := tx.Deferred(counterKey{}, func() Flusher { return &counter{} }).(*counter)
		c.n++
		return c
	}
	attempts := 0
	err = db.InTx(ctx, func(tx *Tx) error {
		attempts++
		bump(tx)
		bump(tx)
		if attempts == 1 {
			return errBusy // retried: the second attempt starts with no deferred value
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A flush that fails rolls the whole transaction back.
	err = db.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO flushed (n) VALUES (100)`); err != nil {
			return err
		}
		bump(tx).n = -1
		return nil
	})
	if err == nil {
		t.Fatal("a failing flush did not fail the transaction")
	}
	// A failed closure does not flush.
	_ = db.InTx(ctx, func(tx *Tx) error { bump(tx); return errors.New("no") })
	var rows, sum int
	if err := pool.QueryRow(`SELECT COUNT(*), COALESCE(SUM(n), 0) FROM flushed`).Scan(&rows, &sum); err != nil {
		t.Fatal(err)
	}
	if rows != 1 || sum != 2 {
		t.Fatalf("flushed %d rows summing %d; want one row of 2 (two bumps in the attempt that committed)", rows, sum)
	}
}
