package postgres

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/fnshub/fnshub/internal/store"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

var _ store.Pipeliner = (*dialect)(nil)

// Send runs qs as one pgx batch on the connection under conn, inside the
// transaction open on it: one round trip for all, with one Sync at the end,
// so the server runs them in order and, at the first error, skips the rest
// and leaves the transaction aborted for the caller's rollback.
// database/sql allows Raw on a Conn while a Tx of that Conn is open: both
// only share the connection, which Raw locks for its call.
func (*dialect) Send(ctx context.Context, conn *sql.Conn, qs []store.Queued) error {
	return conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("postgres: the connection is a %T, not pgx's", dc)
		}
		b := &pgx.Batch{}
		for _, q := range qs {
			b.Queue(q.Query, q.Args...)
		}
		br := sc.Conn().SendBatch(ctx, b)
		err := readResults(br, qs)
		if cerr := br.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("statement %d of %d: %w", len(qs), len(qs), cerr)
		}
		return err
	})
}

// readResults hands each statement its result, in order; the first error
// stops it (the server skipped the rest).
func readResults(br pgx.BatchResults, qs []store.Queued) error {
	for i, q := range qs {
		if err := readResult(br, q); err != nil {
			return fmt.Errorf("statement %d of %d (%s): %w", i+1, len(qs), q.Name(), err)
		}
	}
	return nil
}

func readResult(br pgx.BatchResults, q store.Queued) error {
	if q.Row == nil {
		tag, err := br.Exec()
		if err != nil || q.Done == nil {
			return err
		}
		return q.Done(tag.RowsAffected())
	}
	rows, err := br.Query()
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
