// Package channeldb keeps what the sync engine knows of the channels on
// both engines: the push messages received (hook_deliveries). Connectors
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

// Bind returns the delivery store that runs every call in tx.
func Bind(tx *store.Tx) channel.DeliveryStore { return bound{tx} }

type bound struct{ tx *store.Tx }

func (b bound) RecordDelivery(ctx context.Context, d channel.Delivery) (bool, error) {
	m := d.Message
	res, err := b.tx.Exec(ctx, `INSERT INTO hook_deliveries (shop, delivery_id, platform, topic, external_id, fetch_order, sent_at,
		raw_event_id, received_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop, delivery_id) DO NOTHING`,
		d.Shop, m.ID, d.Platform, m.Topic, m.ExternalID, m.Fetch, store.Micros(m.SentAt), d.RawID, store.Micros(d.ReceivedAt),
		string(channel.DeliveryPending))
	if err != nil {
		return false, fmt.Errorf("channeldb: record delivery %s of shop %s: %w", m.ID, d.Shop, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (b bound) DeliveryByRaw(ctx context.Context, rawID int64) (channel.Delivery, error) {
	var d channel.Delivery
	var sent, received int64
	var state string
	err := b.tx.QueryRow(ctx, `SELECT shop, delivery_id, platform, topic, external_id, fetch_order, sent_at, received_at, state, outcome
		FROM hook_deliveries WHERE raw_event_id = ?`, rawID).Scan(&d.Shop, &d.Message.ID, &d.Platform, &d.Message.Topic,
		&d.Message.ExternalID, &d.Message.Fetch, &sent, &received, &state, &d.Outcome)
	if errors.Is(err, sql.ErrNoRows) {
		return d, fault.New(fault.NotFound, "delivery_not_found", "no push message was kept as payload %d", rawID)
	}
	if err != nil {
		return d, fmt.Errorf("channeldb: delivery of payload %d: %w", rawID, err)
	}
	d.RawID, d.State = rawID, channel.DeliveryState(state)
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
