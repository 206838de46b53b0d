package jobdb

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/store"
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics is the queue's part of /metrics: jobs per state and kind, read
// from the database at each scrape (so every node reports the cluster's
// queue), and this node's failed attempts and discards.
type Metrics struct {
	db       *store.DB
	depth    *prometheus.Desc
	failures *prometheus.CounterVec
	postpone *prometheus.CounterVec
}

func newMetrics(db *store.DB) *Metrics {
	return &Metrics{db: db,
		depth: prometheus.NewDesc("fnshub_jobs", "Jobs in the queue by state and kind (discarded is the dead letter; completed ones are pruned after a day).",
			[]string{"state", "kind"}, nil),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "fnshub_job_failures_total",
			Help: "Failed job attempts on this node by kind and outcome: retry (another attempt is scheduled) or discarded (that was the last)."},
			[]string{"kind", "outcome"}),
		postpone: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "fnshub_job_postponed_total",
			Help: "Job runs on this node that could do nothing yet (a platform's ban, an open breaker) and were put off without using an attempt, by kind."},
			[]string{"kind"}),
	}
}

// Metrics returns the collector to register on the server's registry.
func (q *Queue) Metrics() *Metrics { return q.metrics }

func (m *Metrics) failed(kind string, last bool) {
	outcome := "retry"
	if last {
		outcome = "discarded"
	}
	m.failures.WithLabelValues(kind, outcome).Inc()
}

func (m *Metrics) postponed(kind string) { m.postpone.WithLabelValues(kind).Inc() }

func (m *Metrics) Describe(ch chan<- *prometheus.Desc) {
	ch <- m.depth
	m.failures.Describe(ch)
	m.postpone.Describe(ch)
}

func (m *Metrics) Collect(ch chan<- prometheus.Metric) {
	m.failures.Collect(ch)
	m.postpone.Collect(ch)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = m.db.Read(ctx, func(tx *store.Tx) error {
		rows, err := tx.Query(ctx, `SELECT state, kind, COUNT(*) FROM river_job GROUP BY state, kind`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var state, kind string
			var n int64
			if err := rows.Scan(&state, &kind, &n); err != nil {
				return err
			}
			ch <- prometheus.MustNewConstMetric(m.depth, prometheus.GaugeValue, float64(n), state, kind)
		}
		return rows.Err()
	})
}
