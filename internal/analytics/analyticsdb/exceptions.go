package analyticsdb

import (
	"context"
	"fmt"

	"github.com/fnshub/fnshub/internal/analytics"
	"github.com/fnshub/fnshub/internal/store"
)

// Exceptions counts the orders on hold by reason, most first, through the
// partial index of held orders (migration 00027): they are few.
func (s *Store) Exceptions(ctx context.Context, shops []string) (out []analytics.Exception, err error) {
	where, args := `WHERE hold_reason <> '' AND status = 'on_hold'`, []any{}
	if shops != nil {
		list := make([]any, len(shops))
		for i, v := range shops {
			list[i] = v
		}
		marks, padded := store.InList(list)
		where, args = where+` AND shop IN (`+marks+`)`, padded
	}
	err = s.db.Read(ctx, func(tx *store.Tx) error {
		out, err = store.CollectTx(ctx, tx, func(row store.Scanner) (analytics.Exception, error) {
			var e analytics.Exception
			return e, row.Scan(&e.Reason, &e.Count)
		}, `SELECT hold_reason, COUNT(*) FROM orders `+where+` GROUP BY hold_reason ORDER BY COUNT(*) DESC, hold_reason`, args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("analyticsdb: exceptions: %w", err)
	}
	return out, nil
}
