package orderdb

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/store"
)

// RawEvents lists kept payloads, oldest first, inside tx.
func RawEvents(ctx context.Context, tx *store.Tx, f order.RawFilter) ([]order.RawEvent, error) {
	where, args := "WHERE id > ?", []any{f.After}
	add := func(cond string, v any) { where, args = where+" AND "+cond, append(args, v) }
	if len(f.IDs) > 0 {
		ids := make([]any, len(f.IDs))
		for i, id := range f.IDs {
			ids[i] = id
		}
		in, padded := store.InList(ids)
		where, args = where+" AND id IN ("+in+")", append(args, padded...)
	}
	if f.Source != "" {
		add("source = ?", f.Source)
	}
	between(add, "received_at", f.From, f.To)
	if f.Refused {
		where += " AND outcome <> ''"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	return store.CollectTx(ctx, tx, scanRawEvent, `SELECT id, source, received_at, body, headers, order_key, outcome, outcome_message
		FROM raw_events `+where+` ORDER BY id LIMIT ?`, append(args, limit)...)
}

func scanRawEvent(row store.Scanner) (order.RawEvent, error) {
	var e order.RawEvent
	var at int64
	var headers string
	if err := row.Scan(&e.ID, &e.Source, &at, &e.Body, &headers, &e.OrderKey, &e.Outcome, &e.OutcomeMessage); err != nil {
		return e, err
	}
	e.ReceivedAt = store.Time(at)
	if err := json.Unmarshal([]byte(headers), &e.Headers); err != nil {
		return e, fmt.Errorf("orderdb: raw event %d: headers: %w", e.ID, err)
	}
	return e, nil
}

func (b bound) RawEvents(ctx context.Context, f order.RawFilter) ([]order.RawEvent, error) {
	return RawEvents(ctx, b.tx, f)
}

// SetRawOutcome records how a kept payload was last answered.
func SetRawOutcome(ctx context.Context, tx *store.Tx, id int64, outcome, message string) error {
	_, err := tx.Exec(ctx, `UPDATE raw_events SET outcome = ?, outcome_message = ? WHERE id = ?`, outcome, message, id)
	return wrap("set raw event outcome", err)
}

func (b bound) SetRawOutcome(ctx context.Context, id int64, outcome, message string) error {
	return SetRawOutcome(ctx, b.tx, id, outcome, message)
}

// between adds the half-open range [from, to) of a time column to a
// query's conditions; a zero end is open.
func between(add func(cond string, v any), col string, from, to time.Time) {
	if !from.IsZero() {
		add(col+" >= ?", store.Micros(from))
	}
	if !to.IsZero() {
		add(col+" < ?", store.Micros(to))
	}
}
