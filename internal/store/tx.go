package store

import (
	"context"
	"database/sql"
	"strings"
)

// Tx is a transaction whose statements are written with '?' placeholders.
type Tx struct {
	tx         *sql.Tx
	d          Dialect
	stmts      *stmtCache // nil in read transactions
	unprepared []string   // queries to prepare once the transaction ends
	deferred   []deferred // Deferred values, flushed in order before commit

	// Pipelining (pipeline.go): the transaction's own connection and the
	// engine's Pipeliner, on PostgreSQL write transactions; the writes held
	// for the next round trip; the first error one of them met.
	conn     *sql.Conn
	pipe     Pipeliner
	later    []Queued
	laterErr error
}

// Flusher is work a transaction gathers while it runs and writes once,
// just before it commits (Tx.Deferred).
type Flusher interface {
	Flush(ctx context.Context, tx *Tx) error
}

type deferred struct {
	key any
	f   Flusher
}

// Deferred returns the value kept under key in this transaction, made by
// mk on the first call; its Flush runs after the closure returned nil and
// before the commit, so what it writes commits with the rest (an error
// rolls all back). A retried transaction starts with none. Keys are
// compared with ==, like context keys.
func (t *Tx) Deferred(key any, mk func() Flusher) Flusher {
	for _, d := range t.deferred {
		if d.key == key {
			return d.f
		}
	}
	f := mk()
	t.deferred = append(t.deferred, deferred{key, f})
	return f
}

// flush runs the deferred work in the order it was first asked for.
func (t *Tx) flush(ctx context.Context) error {
	for _, d := range t.deferred {
		if err := d.f.Flush(ctx, t); err != nil {
			return err
		}
	}
	return nil
}

// Dialect returns the engine's dialect, for the rare statement that differs.
func (t *Tx) Dialect() Dialect { return t.d }

// Exec runs a statement.
func (t *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := t.flushLater(ctx); err != nil {
		return nil, err
	}
	return t.exec(ctx, query, args...)
}

// Query runs a query returning rows.
func (t *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := t.flushLater(ctx); err != nil {
		return nil, err
	}
	return t.query(ctx, query, args...)
}

// QueryRow runs a query returning at most one row. An error of the writes
// sent before it (Tx.Later) cannot travel in the row: it fails the
// transaction at commit instead.
func (t *Tx) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	_ = t.flushLater(ctx)
	st := t.prepared(ctx, query)
	if st == nil {
		return t.tx.QueryRowContext(ctx, t.d.Rebind(query), args...)
	}
	return st.QueryRowContext(ctx, args...)
}

func (t *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st := t.prepared(ctx, query)
	if st == nil {
		return t.tx.ExecContext(ctx, t.d.Rebind(query), args...)
	}
	return st.ExecContext(ctx, args...)
}

func (t *Tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st := t.prepared(ctx, query)
	if st == nil {
		return t.tx.QueryContext(ctx, t.d.Rebind(query), args...)
	}
	return st.QueryContext(ctx, args...)
}

// prepared returns the writer's prepared form of query bound to this
// transaction, or nil (run it unprepared) in a read transaction or the first
// time the query is seen.
func (t *Tx) prepared(ctx context.Context, query string) *sql.Stmt {
	if t.stmts == nil || t.planEach(query) {
		return nil
	}
	q := t.d.Rebind(query)
	st := t.stmts.lookup(q)
	if st == nil {
		t.unprepared = append(t.unprepared, q)
		return nil
	}
	return t.tx.StmtContext(ctx, st)
}

// planEach reports whether query is a SELECT on PostgreSQL, which runs as an
// unnamed statement planned for its values every time. A prepared SELECT
// gets a generic plan after five runs, and one made while a table was still
// empty (a sequential scan) would stay as the table grows; inserts and
// updates by key plan the same either way and stay prepared.
func (t *Tx) planEach(query string) bool {
	return t.d.Engine() == Postgres && strings.HasPrefix(strings.TrimSpace(query), "SELECT")
}

// InsertRows runs prefix, then rows of cols values each, then suffix, in
// statements of a power-of-two number of rows (at most 512, and within the
// engine's parameter limit): 100 rows go as 64 + 32 + 4. So each table has
// at most ten statement shapes, all soon prepared, instead of one per group
// size, each parsed afresh. It returns the rows affected, which tells an ON
// CONFLICT DO NOTHING suffix's skipped rows.
func (t *Tx) InsertRows(ctx context.Context, prefix, suffix string, cols int, args []any) (int64, error) {
	var total int64
	for _, n := range insertChunks(t.d, cols, len(args)) {
		res, err := t.Exec(ctx, prefix+Placeholders(n, cols)+suffix, args[:n*cols]...)
		if err != nil {
			return total, err
		}
		affected, err := res.RowsAffected()
		if err != nil {
			return total, err
		}
		total += affected
		args = args[n*cols:]
	}
	return total, nil
}

// InsertRowsReturning is InsertRows with a RETURNING suffix: scan reads
// each row the statements return (with ON CONFLICT DO NOTHING, the rows
// inserted).
func (t *Tx) InsertRowsReturning(ctx context.Context, prefix, suffix string, cols int, args []any, scan func(Scanner) error) error {
	for _, n := range insertChunks(t.d, cols, len(args)) {
		if err := t.queryEach(ctx, prefix+Placeholders(n, cols)+suffix, args[:n*cols], scan); err != nil {
			return err
		}
		args = args[n*cols:]
	}
	return nil
}

func (t *Tx) queryEach(ctx context.Context, query string, args []any, scan func(Scanner) error) error {
	rows, err := t.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// SQL returns the transaction underneath, for a library that takes a
// *sql.Tx itself (the job queue's enqueue, internal/job/jobdb). Statements
// run on it bypass Rebind: write them for the engine. The writes held for
// later are sent first, so what runs on it sees them.
func (t *Tx) SQL() *sql.Tx {
	_ = t.flushLater(context.Background())
	return t.tx
}
