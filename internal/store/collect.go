package store

import "context"

// Scanner is a row to scan.
type Scanner interface{ Scan(dest ...any) error }

// Collect runs query in a read transaction and returns one T per row, each
// made by scan.
func Collect[T any](ctx context.Context, db *DB, scan func(Scanner) (T, error), query string, args ...any) ([]T, error) {
	var out []T
	err := db.Read(ctx, func(tx *Tx) error {
		var err error
		out, err = CollectTx(ctx, tx, scan, query, args...)
		return err
	})
	return out, err
}

// CollectTx is Collect inside the caller's transaction.
func CollectTx[T any](ctx context.Context, tx *Tx, scan func(Scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := tx.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
