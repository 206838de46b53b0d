package eventdb

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/store"
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics reports the outbox's backlog at each scrape: how many events
// wait for the relay and how old the oldest is. A relay that silently
// stopped shows as an age that only grows.
type Metrics struct {
	db      *store.DB
	now     func() time.Time
	pending *prometheus.Desc
	oldest  *prometheus.Desc
}

// NewMetrics returns the outbox's collector over db; now is the clock
// (time.Now when nil).
func NewMetrics(db *store.DB, now func() time.Time) *Metrics {
	if now == nil {
		now = time.Now
	}
	return &Metrics{db: db, now: now,
		pending: prometheus.NewDesc("fnshub_outbox_pending", "Events in the outbox not yet delivered by the relay.", nil, nil),
		oldest:  prometheus.NewDesc("fnshub_outbox_oldest_pending_seconds", "Age of the oldest undelivered event; 0 when none waits.", nil, nil)}
}

func (m *Metrics) Describe(ch chan<- *prometheus.Desc) {
	ch <- m.pending
	ch <- m.oldest
}

func (m *Metrics) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var n int64
	var first *int64
	err := m.db.Read(ctx, func(tx *store.Tx) error {
		// Both read the partial index outbox_pending only.
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL`).Scan(&n); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT MIN(created_at) FROM outbox WHERE id = (SELECT MIN(id) FROM outbox WHERE delivered_at IS NULL)`).Scan(&first)
	})
	if err != nil {
		return // a scrape during an outage shows the series missing, not zero
	}
	age := 0.0
	if first != nil {
		age = max(0, m.now().Sub(store.Time(*first)).Seconds())
	}
	ch <- prometheus.MustNewConstMetric(m.pending, prometheus.GaugeValue, float64(n))
	ch <- prometheus.MustNewConstMetric(m.oldest, prometheus.GaugeValue, age)
}
