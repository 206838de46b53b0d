// Package channeldb keeps what the sync engine knows of the channels on
// both engines: the push messages received (hook_deliveries) and how far
// each shop's orders were pulled (sync_watermarks). Connectors
// never touch it; internal/app does, inside its transactions.
package channeldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/store"
)

// Bind returns the sync store that runs every call in tx.
func Bind(tx *store.Tx) channel.SyncStore { return bound{tx} }

type bound struct{ tx *store.Tx }

// RecordDeliveries inserts the group with INSERT … ON CONFLICT DO NOTHING
// RETURNING (store.InsertRowsReturning): on PostgreSQL a group of webhooks
// costs a round trip or two for its deliveries, not one each. The payload
// ids returned are the rows inserted.
func (b bound) RecordDeliveries(ctx context.Context, ds []channel.Delivery) ([]bool, error) {
	if len(ds) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(ds)*deliveryColumns)
	for _, d := range ds {
		m := d.Message
		args = append(args, d.Shop, m.ID, d.Platform, m.Topic, m.ExternalID, flag(m.Fetch), store.Micros(m.SentAt), d.RawID,
			store.Micros(d.ReceivedAt), string(channel.DeliveryPending))
	}
	inserted := map[int64]bool{}
	err := b.tx.InsertRowsReturning(ctx, `INSERT INTO hook_deliveries (shop, delivery_id, platform, topic, external_id, fetch_order,
		sent_at, raw_event_id, received_at, state) VALUES `, ` ON CONFLICT (shop, delivery_id) DO NOTHING RETURNING raw_event_id`,
		deliveryColumns, args, func(row store.Scanner) error {
			var id int64
			err := row.Scan(&id)
			inserted[id] = true
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("channeldb: record %d deliveries: %w", len(ds), err)
	}
	fresh := make([]bool, len(ds))
	for i, d := range ds {
		fresh[i] = inserted[d.RawID]
	}
	return fresh, nil
}

const deliveryColumns = 10

func (b bound) DeliveryByRaw(ctx context.Context, rawID int64) (channel.Delivery, error) {
	var d channel.Delivery
	var sent, received, fetch int64
	var state string
	err := b.tx.QueryRow(ctx, `SELECT shop, delivery_id, platform, topic, external_id, fetch_order, sent_at, received_at, state, outcome
		FROM hook_deliveries WHERE raw_event_id = ?`, rawID).Scan(&d.Shop, &d.Message.ID, &d.Platform, &d.Message.Topic,
		&d.Message.ExternalID, &fetch, &sent, &received, &state, &d.Outcome)
	if errors.Is(err, sql.ErrNoRows) {
		return d, fault.New(fault.NotFound, "delivery_not_found", "no push message was kept as payload %d", rawID)
	}
	if err != nil {
		return d, fmt.Errorf("channeldb: delivery of payload %d: %w", rawID, err)
	}
	d.RawID, d.State, d.Message.Fetch = rawID, channel.DeliveryState(state), fetch == 1
	if sent != 0 {
		d.Message.SentAt = store.Time(sent)
	}
	d.ReceivedAt = store.Time(received)
	return d, nil
}

func (b bound) FinishDelivery(ctx context.Context, rawID int64, state channel.DeliveryState, outcome string) error {
	_, err := b.tx.Exec(ctx, `UPDATE hook_deliveries SET state = ?, outcome = ? WHERE raw_event_id = ?`, string(state), outcome, rawID)
	if err != nil {
		return fmt.Errorf("channeldb: finish delivery of payload %d: %w", rawID, err)
	}
	return nil
}

func (b bound) Watermark(ctx context.Context, shop string) (channel.Watermark, bool, error) {
	w, err := scanWatermark(b.tx.QueryRow(ctx, `SELECT `+watermarkColumns+` FROM sync_watermarks WHERE shop = ?`, shop))
	if errors.Is(err, sql.ErrNoRows) {
		return channel.Watermark{Shop: shop}, false, nil
	}
	if err != nil {
		return w, false, fmt.Errorf("channeldb: watermark of shop %s: %w", shop, err)
	}
	return w, true, nil
}

const watermarkColumns = `shop, platform, pulled_to, last_run_at, last_error, orders, last_success_at`

func scanWatermark(row store.Scanner) (channel.Watermark, error) {
	var w channel.Watermark
	var to, ran, ok int64
	if err := row.Scan(&w.Shop, &w.Platform, &to, &ran, &w.LastError, &w.Orders, &ok); err != nil {
		return w, err
	}
	w.PulledTo, w.LastRunAt, w.LastSuccessAt = store.Time(to), store.Time(ran), store.Time(ok)
	return w, nil
}

func (b bound) SaveWatermark(ctx context.Context, w channel.Watermark) error {
	_, err := b.tx.Exec(ctx, `INSERT INTO sync_watermarks (shop, platform, pulled_to, last_run_at, last_error, orders, last_success_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop) DO UPDATE SET platform = excluded.platform, pulled_to = excluded.pulled_to,
		last_run_at = excluded.last_run_at, last_error = excluded.last_error, orders = excluded.orders,
		last_success_at = excluded.last_success_at`,
		w.Shop, w.Platform, store.Micros(w.PulledTo), store.Micros(w.LastRunAt), w.LastError, w.Orders, store.Micros(w.LastSuccessAt))
	if err != nil {
		return fmt.Errorf("channeldb: save the watermark of shop %s: %w", w.Shop, err)
	}
	return nil
}

// flag is a bool as the schema keeps it: 0 or 1, on both engines.
func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}
