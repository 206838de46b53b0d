package orderdb

import (
	"context"
	"fmt"
	"slices"

	"github.com/fnshub/fnshub/internal/store"
)

// idSequences names, per table that takes its ids in the writing
// transaction, the PostgreSQL sequence behind its identity column
// (migration 00017).
var idSequences = map[string]string{"orders": "orders_id_seq", "raw_events": "raw_events_id_seq"}

// NextIDs returns n new ids for table ("orders" or "raw_events"), in
// ascending order, without locking any row (docs/adr/0026-what-serialises.md).
//
// On PostgreSQL they come from the table's sequence in one round trip: they
// may have gaps (a rolled-back transaction's ids are not reused) and other
// nodes' ids may interleave, so they need not be consecutive, and a lower id
// may commit after a higher one. On SQLite the one writer already holds the
// database, so they are the highest stored id plus 1 … n: consecutive and in
// commit order. There, ids handed out but not yet stored are not seen, so a
// transaction that calls twice for one table must go through Bind's store,
// which remembers what it handed out.
func NextIDs(ctx context.Context, tx *store.Tx, table string, n int) ([]int64, error) {
	seq, ok := idSequences[table]
	if !ok {
		return nil, fmt.Errorf("orderdb: no ids for table %q", table)
	}
	if n <= 0 {
		return nil, nil
	}
	if tx.Dialect().Engine() != store.Postgres {
		var last int64
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table).Scan(&last); err != nil {
			return nil, fmt.Errorf("orderdb: next %s ids: %w", table, err)
		}
		return consecutive(last+1, n), nil
	}
	rows, err := tx.Query(ctx, `SELECT nextval('`+seq+`') FROM generate_series(1, ?)`, n)
	if err != nil {
		return nil, fmt.Errorf("orderdb: next %s ids: %w", table, err)
	}
	defer rows.Close()
	ids := make([]int64, 0, n)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("orderdb: next %s ids: %w", table, err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("orderdb: next %s ids: %w", table, err)
	}
	if len(ids) != n {
		return nil, fmt.Errorf("orderdb: next %s ids: got %d of %d", table, len(ids), n)
	}
	slices.Sort(ids)
	return ids, nil
}

func consecutive(first int64, n int) []int64 {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = first + int64(i)
	}
	return ids
}
