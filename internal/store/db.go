// Package store owns the database handle both engines share: transactions as
// closures with retry, the narrow dialect seam, and embedded migrations.
//
// SQL is written once with '?' placeholders; the dialect rebinds it for
// PostgreSQL and classifies engine errors. Everything engine-specific beyond
// that lives in internal/store/sqlite and internal/store/postgres.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
)

// Engine names a supported database engine.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// Dialect is everything that differs between the engines at run time.
type Dialect interface {
	Engine() Engine
	// Rebind turns '?' placeholders into the engine's form.
	Rebind(query string) string
	// ForUpdate is the clause that row-locks a SELECT ("" where the whole
	// database is locked by the write transaction, as in SQLite).
	ForUpdate() string
	// Retryable reports a busy or serialization failure worth retrying.
	Retryable(err error) bool
	// UniqueViolation reports a unique-constraint failure.
	UniqueViolation(err error) bool
	// MaxParams is the most bind parameters one statement may carry.
	MaxParams() int
}

// DB is an open database: a writer and a reader pool (the same pool on
// PostgreSQL), the dialect, and the migrations that belong to it.
type DB struct {
	Dialect
	write      *sql.DB
	read       *sql.DB
	migrations fs.FS
	stmts      *stmtCache
	gate       *writerGate // SQLite's one writer, urgent transactions first; nil on PostgreSQL
	// MaxAttempts bounds InTx retries on busy/serialization failures.
	MaxAttempts int
}

// New wraps opened pools. read may equal write.
func New(d Dialect, write, read *sql.DB, migrations fs.FS) *DB {
	db := &DB{Dialect: d, write: write, read: read, migrations: migrations, MaxAttempts: 8, stmts: &stmtCache{pool: write}}
	if d.Engine() == SQLite {
		db.gate = &writerGate{}
	}
	return db
}

// Writer returns the writer pool (the only pool on PostgreSQL; one
// connection on SQLite), for a library that runs its own transactions
// beside ours: the job queue (internal/job/jobdb).
func (db *DB) Writer() *sql.DB { return db.write }

// Close closes both pools.
func (db *DB) Close() error {
	db.stmts.close()
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Ping checks the database is reachable.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.read.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// InTx runs fn in a write transaction and commits it. fn may run more than
// once: on a busy or serialization failure the whole closure is retried with
// backoff, so fn must not have effects outside tx. Errors: fn's, or
// Unavailable (database_busy) when every attempt met a busy database.
func (db *DB) InTx(ctx context.Context, fn func(*Tx) error) error {
	var err error
	for attempt := 1; ; attempt++ {
		err = db.gatedTx(ctx, fn)
		switch {
		case err == nil || !db.Retryable(err):
			return err
		case attempt >= db.MaxAttempts:
			return busy(err, attempt)
		}
		if werr := sleep(ctx, backoff(attempt)); werr != nil {
			return errors.Join(err, werr)
		}
	}
}

// gatedTx is one attempt of a write transaction, holding the writer gate
// where there is one.
func (db *DB) gatedTx(ctx context.Context, fn func(*Tx) error) error {
	if db.gate != nil {
		if err := db.gate.acquire(ctx, isUrgent(ctx)); err != nil {
			return fmt.Errorf("store: wait for the writer: %w", err)
		}
		defer db.gate.release()
	}
	return db.tryTx(ctx, db.write, db.stmts, fn)
}

// Read runs fn in a read-only transaction on the reader pool, so that every
// query in fn sees one snapshot. Errors: fn's, or Unavailable
// (database_busy).
func (db *DB) Read(ctx context.Context, fn func(*Tx) error) error {
	err := db.tryTx(ctx, db.read, nil, fn)
	if err != nil && db.Retryable(err) {
		return busy(err, 1)
	}
	return err
}

// busy is the one place a busy database becomes an error kind: callers may
// retry later, so the API answers 503 with Retry-After, not 500.
func busy(err error, attempts int) error {
	return &fault.Error{Kind: fault.Unavailable, Code: "database_busy", Err: err,
		Message: fmt.Sprintf("the database stayed busy through %d attempts; retry in a moment", attempts)}
}

// tryTx runs fn once in a transaction on pool. Write transactions (with
// stmts) reuse prepared statements and, once the connection is free again,
// prepare those they ran unprepared. Read transactions are read-only.
func (db *DB) tryTx(ctx context.Context, pool *sql.DB, stmts *stmtCache, fn func(*Tx) error) error {
	tx := &Tx{d: db.Dialect, stmts: stmts}
	if p, ok := db.Dialect.(Pipeliner); ok && stmts != nil {
		// A write transaction that pipelines runs on a connection of its
		// own, through which the engine reaches its driver (Pipeliner).
		conn, err := pool.Conn(ctx)
		if err != nil {
			return fmt.Errorf("store: begin: %w", err)
		}
		defer conn.Close() // on the way out early; a second Close does nothing
		tx.conn, tx.pipe = conn, p
	}
	var err error
	if tx.conn != nil {
		tx.tx, err = tx.conn.BeginTx(ctx, nil)
	} else {
		tx.tx, err = pool.BeginTx(ctx, &sql.TxOptions{ReadOnly: stmts == nil && db.Engine() == Postgres})
	}
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	err = fn(tx)
	if err == nil {
		err = tx.flush(ctx)
	}
	if err == nil {
		err = tx.flushLater(ctx)
	}
	if tx.laterErr != nil {
		err = tx.laterErr // what the closure met after it is that failure's echo
	}
	err = finish(tx.tx, err)
	if tx.conn != nil {
		_ = tx.conn.Close() // before preparing: the pool may have no other connection
	}
	if stmts != nil {
		stmts.prepare(ctx, tx.unprepared)
	}
	return err
}

// finish commits, or rolls back when fn failed.
func finish(tx *sql.Tx, err error) error {
	if err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

func backoff(attempt int) time.Duration {
	d := time.Millisecond << min(attempt, 7)
	return d/2 + time.Duration(time.Now().UnixNano()%int64(d/2+1))
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Micros is the stored form of a time: unix microseconds UTC; the zero time
// is stored as 0 (docs/adr/0004-storage-conventions.md).
func Micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// Time is the inverse of Micros.
func Time(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

// Int is the stored form of a bool: 1 or 0, the same on both engines.
func Int(b bool) int {
	if b {
		return 1
	}
	return 0
}
