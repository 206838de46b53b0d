package store

import "context"

// Scanner is a row to scan.
type Scanner interface{ Scan(dest ...any) error }

// Collect runs query in a read transaction and returns one T per row, each
// made by scan.
func Collect[T any](ctx context.Context, db *DB, scan func(Scanner) (T, error), query string, args ...any) ([]T, error) {
	var out []T
	err := db.Read(ctx, func(tx *Tx) error {
		rows, err := tx.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			v, err := scan(rows)
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		return rows.Err()
	})
	return out, err
}
