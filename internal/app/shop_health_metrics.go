package app

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// healthMetric is one per-shop series of /metrics and how to read it off
// a Health.
type healthMetric struct {
	desc  *prometheus.Desc
	kind  prometheus.ValueType
	value func(Health) float64
}

// HealthCollector reports every shop's health to /metrics, assembled at
// each scrape by Monitor.All: a few queries on small tables and indexes
// whatever the number of shops, and this node's pushers and clients.
type HealthCollector struct {
	m       *Monitor
	metrics []healthMetric
}

// Collector returns the collector to register on the server's registry.
func (m *Monitor) Collector() *HealthCollector {
	labels := []string{"shop", "platform"}
	g := func(name, help string, v func(Health) float64) healthMetric {
		return healthMetric{prometheus.NewDesc(name, help, labels, nil), prometheus.GaugeValue, v}
	}
	c := func(name, help string, v func(Health) float64) healthMetric {
		return healthMetric{prometheus.NewDesc(name, help, labels, nil), prometheus.CounterValue, v}
	}
	return &HealthCollector{m: m, metrics: []healthMetric{
		g("fnshub_shop_status", "The shop's health: 0 ok, 1 degraded, 2 down (GET /api/v1/shops/{id}/health says why).",
			func(h Health) float64 {
				return map[HealthStatus]float64{StatusOK: 0, StatusDegraded: 1, StatusDown: 2}[h.Status]
			}),
		g("fnshub_shop_pull_lag_seconds", "How far behind now the shop's orders have been pulled (0 for a platform that only pushes).",
			func(h Health) float64 { return h.Pull.LagSeconds }),
		g("fnshub_shop_deliveries_pending", "Push messages of the shop kept and waiting for their job.",
			func(h Health) float64 { return float64(h.Webhooks.Pending) }),
		g("fnshub_shop_deliveries_oldest_pending_seconds", "Age of the shop's oldest push message waiting for its job.",
			func(h Health) float64 { return h.Webhooks.OldestPendingSeconds }),
		g("fnshub_shop_stock_pushes_pending", "The shop's listings waiting to be pushed by this node.",
			func(h Health) float64 { return float64(h.StockPush.Pending) }),
		g("fnshub_shop_stock_pushes_handed", "The shop's listings whose failed push the job queue is retrying.",
			func(h Health) float64 { return float64(h.StockPush.Handed) }),
		c("fnshub_shop_stock_pushes_total", "Stock writes the shop's platform took from this node.",
			func(h Health) float64 { return float64(h.StockPush.Pushes) }),
		c("fnshub_shop_stock_push_failures_total", "Stock writes to the shop's platform that failed on this node and went to the job queue.",
			func(h Health) float64 { return float64(h.StockPush.Failures) }),
		g("fnshub_shop_dead_letters", "The shop's sync jobs that failed their last attempt (discarded).",
			func(h Health) float64 { return float64(h.Jobs.Discarded) }),
		g("fnshub_shop_jobs_retrying", "The shop's sync jobs that failed and wait for another attempt.",
			func(h Health) float64 { return float64(h.Jobs.Retrying) }),
		g("fnshub_shop_breaker_open", "1 while the shop's client breaker on this node is open (refusing calls), else 0.",
			func(h Health) float64 { return b2f(h.Client.Breaker == "open") }),
		g("fnshub_shop_rate_limit_tokens", "The shop's client rate-limit budget on this node: tokens now, negative while calls queue.",
			func(h Health) float64 { return h.Client.Tokens }),
		g("fnshub_shop_error_rate", "Share of the shop's client calls that failed over the error window on this node.",
			func(h Health) float64 { return h.Client.ErrorRate }),
		c("fnshub_shop_client_calls_total", "Calls of the shop's client on this node.",
			func(h Health) float64 { return float64(h.Client.Calls) }),
		c("fnshub_shop_client_failed_total", "Calls of the shop's client on this node that returned an error after their retries.",
			func(h Health) float64 { return float64(h.Client.Failed) }),
	}}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func (c *HealthCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, hm := range c.metrics {
		ch <- hm.desc
	}
}

// Collect reports nothing when the health cannot be read: a scrape never
// fails for it, and the series' absence is itself the alert.
func (c *HealthCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	hs, err := c.m.All(ctx)
	if err != nil {
		return
	}
	for _, h := range hs {
		for _, hm := range c.metrics {
			ch <- prometheus.MustNewConstMetric(hm.desc, hm.kind, hm.value(h), h.Shop, h.Platform)
		}
	}
}
