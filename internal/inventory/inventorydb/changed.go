package inventorydb

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/event/eventdb"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/store"
)

// levelChanges gathers the levels a transaction changed and writes one
// stock.changed per level just before it commits (store.Tx.Deferred), so
// a group of reservations or a transfer is one event per level, not one
// per movement.
type levelChanges struct {
	keys  []levelKey
	after map[levelKey]*inventory.Level // the level after the last change, when the writer knew it; nil: read it at flush
	at    time.Time
}

type changesKey struct{}

// changed records that level k changed at at; after is the level after the
// change when the caller knows it (nil: read at commit).
func changed(tx *store.Tx, k levelKey, after *inventory.Level, at time.Time) {
	c := tx.Deferred(changesKey{}, func() store.Flusher { return &levelChanges{after: map[levelKey]*inventory.Level{}} }).(*levelChanges)
	if _, seen := c.after[k]; !seen {
		c.keys = append(c.keys, k)
	}
	c.after[k] = after
	if at.After(c.at) {
		c.at = at
	}
}

// Flush writes the events, levels in the order first changed.
func (c *levelChanges) Flush(ctx context.Context, tx *store.Tx) error {
	rows := make([]eventdb.Row, 0, len(c.keys))
	for _, k := range c.keys {
		l := c.after[k]
		if l == nil {
			got, err := level(ctx, tx, k.sku, k.warehouse)
			if err != nil {
				return fmt.Errorf("inventorydb: level %s@%s for stock.changed: %w", k.sku, k.warehouse, err)
			}
			l = &got
		}
		b, err := json.Marshal(l.Changed())
		if err != nil {
			return err
		}
		rows = append(rows, eventdb.Row{Topic: inventory.TopicStockChanged, Aggregate: inventory.Aggregate(k.sku, k.warehouse), Payload: b, CreatedAt: c.at})
	}
	return eventdb.InsertTx(ctx, tx, rows)
}
