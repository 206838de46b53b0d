package jobdb

import (
	"context"
	"fmt"

	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/store"
)

// ShopCounter counts failed jobs by shop. It reads River's table without
// River's client, so it serves before the queue is built and in the CLI.
type ShopCounter struct{ db *store.DB }

// NewShopCounter returns the counter over db.
func NewShopCounter(db *store.DB) *ShopCounter { return &ShopCounter{db: db} }

// ShopCounts counts the retrying and discarded jobs of kinds by shop, in
// one query. A job's shop is its args' "shop" (pull.shop, stock.push); for
// a job whose args name a kept payload instead ("raw_id": hook.process),
// the shop of the push message kept as that payload (hook_deliveries, by
// its unique raw_event_id); for shipment.push, whose args name the order
// ("order"), the order's shop. Only the failed states are read, through River's
// index that leads with the state; those rows are few, since the completed
// ones are many and pruned. Jobs of no shop count under "".
func (c *ShopCounter) ShopCounts(ctx context.Context, kinds []string) (map[string]job.ShopCounts, error) {
	out := map[string]job.ShopCounts{}
	if len(kinds) == 0 {
		return out, nil
	}
	args := make([]any, len(kinds))
	for i, k := range kinds {
		args[i] = k
	}
	in, padded := store.InList(args)
	err := c.db.Read(ctx, func(tx *store.Tx) error {
		rows, err := tx.Query(ctx, shopCountsSQL(c.db.Engine(), in), padded...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var shop, state string
			var n int
			if err := rows.Scan(&shop, &state, &n); err != nil {
				return err
			}
			c := out[shop]
			if job.State(state) == job.Discarded {
				c.Discarded += n
			} else {
				c.Retrying += n
			}
			out[shop] = c
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("jobdb: failed jobs by shop: %w", err)
	}
	return out, nil
}

// shopCountsSQL reads the args JSON each engine's way: River keeps them as
// jsonb on PostgreSQL and as SQLite's JSONB blob, which json_extract reads.
func shopCountsSQL(engine store.Engine, in string) string {
	shop, rawID, orderID := `json_extract(j.args, '$.shop')`, `json_extract(j.args, '$.raw_id')`, `json_extract(j.args, '$.order')`
	if engine == store.Postgres {
		shop, rawID, orderID = `j.args->>'shop'`, `(j.args->>'raw_id')::bigint`, `(j.args->>'order')::bigint`
	}
	return `SELECT COALESCE(` + shop + `, d.shop, o.shop, '') AS shop, CAST(j.state AS TEXT) AS state, COUNT(*)
		FROM river_job j
		LEFT JOIN hook_deliveries d ON j.kind = 'hook.process' AND d.raw_event_id = ` + rawID + `
		LEFT JOIN orders o ON j.kind = 'shipment.push' AND o.id = ` + orderID + `
		WHERE j.state IN ('retryable', 'discarded') AND j.kind IN (` + in + `)
		GROUP BY 1, 2`
}
