package channeldb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/event/eventdb"
	"github.com/fnshub/fnshub/internal/store"
)

func (b bound) Watermarks(ctx context.Context) ([]channel.Watermark, error) {
	ws, err := store.CollectTx(ctx, b.tx, scanWatermark, `SELECT `+watermarkColumns+` FROM sync_watermarks ORDER BY shop`)
	if err != nil {
		return nil, fmt.Errorf("channeldb: watermarks: %w", err)
	}
	return ws, nil
}

// DeliveryCounts reads the shop's deliveries since since through
// hook_deliveries_by_received (migration 00022).
func (b bound) DeliveryCounts(ctx context.Context, shop string, since time.Time) (channel.DeliveryCounts, error) {
	var c channel.DeliveryCounts
	err := b.tx.QueryRow(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN state = 'refused' THEN 1 ELSE 0 END), 0)
		FROM hook_deliveries WHERE shop = ? AND received_at >= ?`, shop, store.Micros(since)).Scan(&c.Received, &c.Pending, &c.Refused)
	if err != nil {
		return c, fmt.Errorf("channeldb: deliveries of shop %s: %w", shop, err)
	}
	return c, nil
}

// PendingDeliveries reads only the partial index hook_deliveries_pending:
// the waiting deliveries are few however many were delivered.
func (b bound) PendingDeliveries(ctx context.Context) (map[string]channel.PendingDeliveries, error) {
	rows, err := b.tx.Query(ctx, `SELECT shop, COUNT(*), MIN(received_at) FROM hook_deliveries WHERE state = 'pending' GROUP BY shop`)
	if err != nil {
		return nil, fmt.Errorf("channeldb: pending deliveries: %w", err)
	}
	defer rows.Close()
	out := map[string]channel.PendingDeliveries{}
	for rows.Next() {
		var shop string
		var p channel.PendingDeliveries
		var oldest int64
		if err := rows.Scan(&shop, &p.Count, &oldest); err != nil {
			return nil, fmt.Errorf("channeldb: pending deliveries: %w", err)
		}
		p.Oldest = store.Time(oldest)
		out[shop] = p
	}
	return out, rows.Err()
}

func (b bound) HealthMarks(ctx context.Context) (map[string]channel.HealthMark, error) {
	rows, err := b.tx.Query(ctx, `SELECT shop, status, reasons, changed_at FROM shop_health`)
	if err != nil {
		return nil, fmt.Errorf("channeldb: health marks: %w", err)
	}
	defer rows.Close()
	out := map[string]channel.HealthMark{}
	for rows.Next() {
		var m channel.HealthMark
		var reasons string
		var at int64
		if err := rows.Scan(&m.Shop, &m.Status, &reasons, &at); err != nil {
			return nil, fmt.Errorf("channeldb: health marks: %w", err)
		}
		if reasons != "" {
			m.Reasons = strings.Split(reasons, ",")
		}
		m.ChangedAt = store.Time(at)
		out[m.Shop] = m
	}
	return out, rows.Err()
}

func (b bound) SaveHealthMark(ctx context.Context, m channel.HealthMark, ann ...channel.Announcement) error {
	_, err := b.tx.Exec(ctx, `INSERT INTO shop_health (shop, status, reasons, changed_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (shop) DO UPDATE SET status = excluded.status, reasons = excluded.reasons, changed_at = excluded.changed_at`,
		m.Shop, m.Status, strings.Join(m.Reasons, ","), store.Micros(m.ChangedAt))
	if err != nil {
		return fmt.Errorf("channeldb: save the health of shop %s: %w", m.Shop, err)
	}
	if len(ann) == 0 {
		return nil
	}
	rows := make([]eventdb.Row, len(ann))
	for i, a := range ann {
		rows[i] = eventdb.Row{Topic: a.Topic, Aggregate: ShopAggregate(m.Shop), Payload: a.Payload, CreatedAt: m.ChangedAt}
	}
	return eventdb.InsertTx(ctx, b.tx, rows)
}

// ShopAggregate is the outbox aggregate of events about a shop: they leave
// in order per shop, and the relay names the shop in their envelope.
func ShopAggregate(shop string) string { return eventdb.ShopPrefix + shop }
