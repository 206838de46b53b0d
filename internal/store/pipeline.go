package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/bits"
	"slices"
	"strings"
)

// Pipeliner is the optional engine facility that sends statements of one
// transaction together: PostgreSQL sends them in one round trip (a pgx
// batch on the transaction's connection). Without it a Batch runs its
// statements one by one, as SQLite does: a round trip costs it nothing.
//
// Send runs qs in order on conn, inside its open transaction, and hands
// each its result; the first error stops it. A failed statement aborts
// the transaction on the server, so the caller's rollback undoes all.
type Pipeliner interface {
	Send(ctx context.Context, conn *sql.Conn, qs []Queued) error
}

// Queued is one statement of a batch, its query already rebound.
type Queued struct {
	Query string
	Args  []any
	// Row, for a query, is called for each row it returns, in order.
	Row func(Scanner) error
	// Done, for a statement, is given the rows it affected.
	Done func(affected int64) error
	// What names the statement in errors, when its caller named it.
	What string
}

// Name is what names q in an error: its caller's words, or its head.
func (q Queued) Name() string {
	if q.What != "" {
		return q.What
	}
	return StatementName(q.Query)
}

// Batch gathers statements that do not depend on one another's results,
// to send together (docs/adr/0026-what-serialises.md, "Round trips"). Each
// statement's result is handed to its callback during Send, in the order
// queued; an error names the statement and fails the transaction, as the
// same statement run alone would.
type Batch struct {
	tx *Tx
	qs []Queued
}

// Batch returns an empty batch on t.
func (t *Tx) Batch() *Batch { return &Batch{tx: t} }

// Len is the number of statements queued.
func (b *Batch) Len() int { return len(b.qs) }

// Exec queues a statement; done, when not nil, is given its rows affected.
func (b *Batch) Exec(query string, args []any, done func(affected int64) error) {
	b.qs = append(b.qs, Queued{Query: b.tx.d.Rebind(query), Args: args, Done: done})
}

// Query queues a query; row is called for each row it returns.
func (b *Batch) Query(query string, args []any, row func(Scanner) error) {
	b.qs = append(b.qs, Queued{Query: b.tx.d.Rebind(query), Args: args, Row: row})
}

// InsertRows queues a multi-row insert cut as Tx.InsertRows cuts it; done,
// when not nil, is given the rows affected by all its statements.
func (b *Batch) InsertRows(prefix, suffix string, cols int, args []any, done func(affected int64) error) {
	var total int64
	chunks := insertChunks(b.tx.d, cols, len(args))
	for i, n := range chunks {
		last := i == len(chunks)-1
		b.Exec(prefix+Placeholders(n, cols)+suffix, args[:n*cols], func(affected int64) error {
			total += affected
			if last && done != nil {
				return done(total)
			}
			return nil
		})
		args = args[n*cols:]
	}
}

// Send runs the queued statements, preceded by any the transaction holds
// for later (Tx.Later), and empties the batch.
func (b *Batch) Send(ctx context.Context) error {
	qs := b.qs
	b.qs = nil
	return b.tx.send(ctx, qs)
}

// insertChunks is the row counts of the statements InsertRows cuts n
// values of cols columns into: powers of two, at most 512 rows and within
// the engine's parameter limit.
func insertChunks(d Dialect, cols, n int) []int {
	per := min(d.MaxParams()/cols, 512)
	var out []int
	for rows := n / cols; rows > 0; {
		c := 1 << (bits.Len(uint(min(rows, per))) - 1)
		out = append(out, c)
		rows -= c
	}
	return out
}

// Later runs a write whose result the transaction's code does not wait
// for. On an engine that pipelines it is held and sent with the next
// statement the transaction runs, or with the flush before commit, so a
// group's writes share round trips; elsewhere it runs now. Statements keep
// the order they were issued in. An error (or done's) is wrapped with what
// and fails the transaction wherever it surfaces: at a later statement or
// at commit, never silently.
func (t *Tx) Later(ctx context.Context, what, query string, args []any, done func(affected int64) error) error {
	if !t.pipelines() {
		res, err := t.Exec(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if done == nil {
			return nil
		}
		n, err := res.RowsAffected()
		if err == nil {
			err = done(n)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	}
	t.later = append(t.later, Queued{Query: t.d.Rebind(query), Args: args, Done: done, What: what})
	return nil
}

// InsertRowsLater is Tx.InsertRows run as Tx.Later runs a statement.
func (t *Tx) InsertRowsLater(ctx context.Context, what, prefix, suffix string, cols int, args []any) error {
	if !t.pipelines() {
		if _, err := t.InsertRows(ctx, prefix, suffix, cols, args); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	}
	for _, n := range insertChunks(t.d, cols, len(args)) {
		t.later = append(t.later, Queued{Query: t.d.Rebind(prefix + Placeholders(n, cols) + suffix), Args: args[:n*cols], What: what})
		args = args[n*cols:]
	}
	return nil
}

// pipelines reports whether this transaction sends batches in one round
// trip (a write transaction on an engine with a Pipeliner).
func (t *Tx) pipelines() bool { return t.pipe != nil && t.conn != nil }

// flushLater sends the statements held for later, if any: before any
// statement that goes alone, and before commit.
func (t *Tx) flushLater(ctx context.Context) error {
	if len(t.later) == 0 {
		return nil
	}
	return t.send(ctx, nil)
}

// send runs the held statements and then qs, in one round trip where the
// engine can.
func (t *Tx) send(ctx context.Context, qs []Queued) error {
	held := len(t.later) > 0
	if held {
		qs = append(t.later, qs...)
		t.later = nil
	}
	if len(qs) == 0 {
		return nil
	}
	if !t.pipelines() {
		return t.runEach(ctx, qs)
	}
	t.usePrepared(ctx, qs)
	if err := t.pipe.Send(ctx, t.conn, qs); err != nil {
		err = fmt.Errorf("store: batch of %d statements: %w", len(qs), err)
		if held && t.laterErr == nil {
			t.laterErr = err // a held write failed or the batch broke: the transaction cannot commit
		}
		return err
	}
	return nil
}

// usePrepared makes the writer's prepared form of each write in qs known
// on this transaction's connection, so the batch executes it without
// parsing; writes never seen before are noted to be prepared after the
// transaction, as Tx.Exec does.
func (t *Tx) usePrepared(ctx context.Context, qs []Queued) {
	if t.stmts == nil {
		return
	}
	seen := map[string]bool{}
	for _, q := range qs {
		if q.Row != nil || seen[q.Query] || strings.HasPrefix(strings.TrimSpace(q.Query), "SELECT") {
			continue
		}
		seen[q.Query] = true
		if st := t.stmts.lookup(q.Query); st != nil {
			_ = t.tx.StmtContext(ctx, st) // prepares it on this connection the first time
		} else {
			t.unprepared = append(t.unprepared, q.Query)
		}
	}
}

// runEach runs qs one by one, as an engine without a Pipeliner does.
func (t *Tx) runEach(ctx context.Context, qs []Queued) error {
	for i, q := range qs {
		if err := t.runOne(ctx, q); err != nil {
			return fmt.Errorf("store: statement %d of %d (%s): %w", i+1, len(qs), q.Name(), err)
		}
	}
	return nil
}

func (t *Tx) runOne(ctx context.Context, q Queued) error {
	if q.Row != nil {
		rows, err := t.query(ctx, q.Query, q.Args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := q.Row(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	res, err := t.exec(ctx, q.Query, q.Args...)
	if err != nil || q.Done == nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	return q.Done(n)
}

// StatementName is the head of a query that names it in an error: up to
// its first parenthesis or WHERE, at most 60 bytes.
func StatementName(query string) string {
	s := strings.Join(strings.Fields(query), " ")
	if i := strings.IndexAny(s, "("); i > 0 {
		s = s[:i]
	}
	if i := strings.Index(s, " WHERE "); i > 0 {
		s = s[:i]
	}
	if len(s) > 60 {
		s = s[:60]
	}
	return strings.TrimSpace(s)
}

// UpdateRowsLater sets cols of table's rows, found by key, from args: one
// row's values after another, key columns first, every column an integer.
// The rows go a chunk per statement, as InsertRows cuts them, each an
// UPDATE joined to a list of VALUES on the key, run as Tx.Later runs a
// statement. It exists for writes that change a few figures of many rows:
// the table's indexes on other columns are left untouched, where deleting
// and inserting the rows again rewrites every one of them
// (docs/adr/0061-settlement-writes-in-place.md). Rows the key does not
// find are not inserted.
func (t *Tx) UpdateRowsLater(ctx context.Context, what, table string, key, cols []string, args []any) error {
	width := len(key) + len(cols)
	for _, n := range insertChunks(t.d, width, len(args)) {
		q := updateRows(table, key, cols, n)
		if err := t.Later(ctx, what, q, args[:n*width], nil); err != nil {
			return err
		}
		args = args[n*width:]
	}
	return nil
}

// updateRows is the statement UpdateRowsLater runs for rows rows. The
// first row's values are cast, which is what types the list on
// PostgreSQL (an untyped parameter in VALUES would be text).
func updateRows(table string, key, cols []string, rows int) string {
	all := append(slices.Clone(key), cols...)
	first := make([]string, len(all))
	for i := range first {
		first[i] = "CAST(? AS BIGINT)"
	}
	values := "(" + strings.Join(first, ", ") + ")"
	if rows > 1 {
		values += ", " + Placeholders(rows-1, len(all))
	}
	sets := make([]string, len(cols))
	for i, c := range cols {
		sets[i] = c + " = v." + c
	}
	on := make([]string, len(key))
	for i, k := range key {
		on[i] = table + "." + k + " = v." + k
	}
	return "WITH v (" + strings.Join(all, ", ") + ") AS (VALUES " + values + ") UPDATE " + table + " SET " +
		strings.Join(sets, ", ") + " FROM v WHERE " + strings.Join(on, " AND ")
}
