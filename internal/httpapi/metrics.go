package httpapi

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	posted   *prometheus.CounterVec
	orders   *prometheus.CounterVec
	// auditFailures counts successful calls whose audit entry was not
	// written; anything above zero should page someone (ADR 0040).
	auditFailures prometheus.Counter
}

// newMetrics registers the API's metrics, and the Go and process
// collectors, on reg. Labels are route patterns, never raw paths, so the
// series stay few.
func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "fnshub_http_requests_total",
			Help: "HTTP requests by route and status."}, []string{"route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "fnshub_http_request_duration_seconds",
			Help: "HTTP request latency by route.", Buckets: prometheus.DefBuckets}, []string{"route"}),
		posted: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "fnshub_ledger_entries_posted_total",
			Help: "Journal entries posted through the API; replayed=true for idempotent repeats."}, []string{"replayed"}),
		orders: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "fnshub_orders_ingested_total",
			Help: "Order versions received through the API by channel, effect (created, applied, stale, duplicate) and the status they left the order in (on_hold shows exceptions piling up)."},
			[]string{"channel", "effect", "status"}),
		auditFailures: prometheus.NewCounter(prometheus.CounterOpts{Name: "fnshub_audit_write_failures_total",
			Help: "Successful API calls whose audit log entry could not be written (each is also logged as an error)."}),
	}
	reg.MustRegister(m.requests, m.duration, m.posted, m.orders, m.auditFailures,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(route string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route).Observe(d.Seconds())
}
