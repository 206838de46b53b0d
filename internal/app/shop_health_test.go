package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/event"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// pullerFor serves every shop with one connector, but pulls only one shop.
type pullerFor struct {
	c    channel.Connector
	shop string
}

func (p pullerFor) Connector(context.Context, shop.Shop, string) (channel.Connector, error) {
	return p.c, nil
}
func (p pullerFor) Puller(sh shop.Shop) (string, bool) { return "fake", sh.ID == p.shop }

// alwaysDown is a platform whose every pull fails.
type alwaysDown struct{ platformOrders }

func (*alwaysDown) PullOrders(context.Context, channel.Window, string) (channel.Page, error) {
	return channel.Page{}, &channel.Error{Kind: channel.Unavailable, Message: "the platform answered 503"}
}

func reasonCodes(h app.Health) []string {
	var out []string
	for _, r := range h.Reasons {
		out = append(out, r.Code)
	}
	return out
}

// shopEvents relays the outbox and returns its events about shops,
// checking each against its schema.
func shopEvents(t *testing.T, h *hub) []event.Event {
	t.Helper()
	sch := schemas(t)
	var out []event.Event
	for _, ev := range relayAll(t, h) {
		if !strings.HasPrefix(ev.Topic, "shop.") {
			continue
		}
		b, err := json.Marshal(ev)
		must(t, err)
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		must(t, err)
		if err := sch[ev.Topic].Validate(inst); err != nil {
			t.Errorf("event %d (%s) does not match its schema: %v\n%s", ev.ID, ev.Topic, err, b)
		}
		out = append(out, ev)
	}
	return out
}

// TestShopHealthFollowsFailingPulls: a shop whose pulls fail falls behind,
// is degraded past 10 minutes and down past an hour, and is ok again after
// a pull succeeds; the health check announces each change once.
func TestShopHealthFollowsFailingPulls(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			h := newTmallHub(t, e.Open, true)
			now := time.Date(2026, 11, 11, 12, 0, 0, 0, time.UTC)
			clock := func() time.Time { return now }
			plat := &platformOrders{orders: map[string]channel.Order{}, changed: map[string]time.Time{}}
			conns := pullerFor{plat, "T1"}
			pulls := app.NewPulls(h.orders, h.shops, conns, app.PullOptions{Now: clock})
			mon := app.NewMonitor(unit.New(h.db), h.shops, conns, nil, jobdb.NewShopCounter(h.db), app.MonitorOptions{Now: clock})

			_, err := pulls.Pull(ctx, "T1")
			must(t, err)
			hl, err := mon.ShopHealth(ctx, "T1")
			must(t, err)
			if hl.Status != app.StatusOK || len(hl.Reasons) != 0 || hl.Pull.LagSeconds != 0 || !hl.Pull.LastSuccessAt.Equal(now) || hl.Platform != "fake" {
				t.Fatalf("after a pull: %+v", hl)
			}
			must(t, mon.Check(ctx))
			if evs := shopEvents(t, h); len(evs) != 0 {
				t.Fatalf("an ok shop announced %+v", evs)
			}

			succeeded := now
			now = now.Add(15 * time.Minute)
			plat.fail = &channel.Error{Kind: channel.Unavailable, Message: "the platform answered 503"}
			if _, err := pulls.Pull(ctx, "T1"); err == nil {
				t.Fatal("the failing pull returned no error")
			}
			hl, err = mon.ShopHealth(ctx, "T1")
			must(t, err)
			if hl.Status != app.StatusDegraded || len(hl.Reasons) != 1 || hl.Reasons[0].Code != app.ReasonPullLag ||
				!strings.Contains(hl.Reasons[0].Message, "503") || hl.Pull.LagSeconds != 900 ||
				!hl.Pull.LastSuccessAt.Equal(succeeded) || !hl.Pull.LastRunAt.Equal(now) || hl.Pull.LastError == "" {
				t.Fatalf("after a failed pull 15 minutes on: %+v", hl)
			}
			must(t, mon.Check(ctx))
			must(t, mon.Check(ctx)) // still degraded: nothing new to say
			evs := shopEvents(t, h)
			if len(evs) != 1 || evs[0].Topic != app.TopicShopDegraded || evs[0].Shop != "T1" || evs[0].Aggregate != "shop:T1" {
				t.Fatalf("degraded: %+v", evs)
			}
			var deg map[string]any
			must(t, json.Unmarshal(evs[0].Payload, &deg))
			if deg["status"] != "degraded" || deg["previous"] != "ok" || deg["pull_lag_seconds"] != 900.0 {
				t.Fatalf("shop.degraded payload: %s", evs[0].Payload)
			}
			if hl, _ = mon.ShopHealth(ctx, "T1"); !hl.Since.Equal(now) {
				t.Fatalf("since %v, want the check's %v", hl.Since, now)
			}

			reg := prometheus.NewRegistry()
			reg.MustRegister(mon.Collector())
			rec := httptest.NewRecorder()
			promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
			for _, line := range []string{`fnshub_shop_pull_lag_seconds{platform="fake",shop="T1"} 900`, `fnshub_shop_status{platform="fake",shop="T1"} 1`,
				`fnshub_shop_deliveries_pending{platform="fake",shop="T1"} 0`, `fnshub_shop_dead_letters{platform="fake",shop="T1"} 0`,
				`fnshub_shop_breaker_open{platform="fake",shop="T1"} 0`, `fnshub_shop_stock_pushes_handed{platform="fake",shop="T1"} 0`,
				`fnshub_shop_stock_pushes_total{platform="fake",shop="T1"} 0`} {
				if !strings.Contains(rec.Body.String(), line+"\n") {
					t.Errorf("/metrics lacks %s:\n%s", line, rec.Body.String())
				}
			}

			now = now.Add(time.Hour)
			plat.fail = &channel.Error{Kind: channel.Unavailable, Message: "the platform answered 503"}
			_, _ = pulls.Pull(ctx, "T1")
			must(t, mon.Check(ctx))
			if hl, _ = mon.ShopHealth(ctx, "T1"); hl.Status != app.StatusDown {
				t.Fatalf("75 minutes behind: %+v", hl)
			}

			now = now.Add(time.Minute)
			_, err = pulls.Pull(ctx, "T1")
			must(t, err)
			if hl, _ = mon.ShopHealth(ctx, "T1"); hl.Status != app.StatusOK || hl.Pull.LagSeconds != 0 || hl.Pull.LastError != "" {
				t.Fatalf("after a pull succeeded again: %+v", hl)
			}
			must(t, mon.Check(ctx))
			must(t, mon.Check(ctx))
			evs = append(evs, shopEvents(t, h)...) // the relay delivers each once
			var topics []string
			for _, ev := range evs {
				topics = append(topics, ev.Topic)
			}
			if strings.Join(topics, " ") != "shop.degraded shop.degraded shop.recovered" {
				t.Fatalf("events: %v", topics)
			}
			var down, back map[string]any
			must(t, json.Unmarshal(evs[1].Payload, &down))
			must(t, json.Unmarshal(evs[2].Payload, &back))
			if down["status"] != "down" || down["previous"] != "degraded" || back["previous"] != "down" ||
				back["recovered_from"].([]any)[0] != app.ReasonPullLag {
				t.Fatalf("down %s, recovered %s", evs[1].Payload, evs[2].Payload)
			}
		})
	}
}

// shipmentJob has the args of the shipment write-back: the order's id.
type shipmentJob struct {
	Order int64 `json:"order"`
}

func (shipmentJob) Kind() string { return "shipment.push" }

// TestShopHealthCountsDeadLetters: jobs that fail their last attempt on a
// real queue count against their shop, whether their args name the shop
// (pull.shop), the payload of one of its push messages (hook.process) or
// one of its orders (shipment.push).
func TestShopHealthCountsDeadLetters(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			h := newTmallHub(t, e.Open, true)
			conns := pullerFor{&alwaysDown{}, "T1"}
			pulls := app.NewPulls(h.orders, h.shops, conns, app.PullOptions{})
			hooks := app.NewHooks(h.orders, h.shops, app.NewShopConnectors(fixedCreds{"webhook_secret": hookSecret}, decodeJSON))
			t.Cleanup(hooks.Close)
			mon := app.NewMonitor(unit.New(h.db), h.shops, conns, nil, jobdb.NewShopCounter(h.db), app.MonitorOptions{})

			w := job.NewWorkers()
			pulls.Register(w)
			w.Queue(app.HookQueue, 2) // where the intake puts its jobs
			w.Handle("hook.process", func(context.Context, job.Job) error { return errors.New("the order cannot be read") })
			w.Handle("shipment.push", func(context.Context, job.Job) error { return errors.New("the platform refused the tracking number") })
			q, err := jobdb.New(h.db, w, jobdb.Config{Workers: 2, Backoff: 10 * time.Millisecond, MaxBackoff: 40 * time.Millisecond, Poll: 10 * time.Millisecond,
				Speed: 3000}) // the sync engine's retries, of 30 s and more, in milliseconds
			must(t, err)
			runCtx, stop := context.WithCancel(ctx)
			defer stop()
			must(t, q.Start(runCtx))
			t.Cleanup(func() { _ = q.Stop(context.Background()) })
			_, err = hooks.Receive(ctx, signedHook(t, hookBody(t, "S1", "H1", "TEA-250"), hookSecret, "d-1"))
			must(t, err)
			in := paid("T-9", 1, "TEA-250")
			in.Order.Channel, in.Order.Shop = "tmall", "T1"
			res := h.orders.Ingest(ctx, in)
			must(t, res.Err)
			must(t, unit.New(h.db).InTx(ctx, func(s app.Stores) error {
				_, err := s.Jobs.Enqueue(ctx, shipmentJob{Order: int64(res.Order.ID)}, &job.Opts{MaxAttempts: 2})
				return err
			}))

			discarded := func(kind string) bool {
				page, err := q.List(ctx, job.Filter{State: job.Discarded, Kind: kind})
				return err == nil && len(page.Jobs) == 1
			}
			eventually(t, "a discarded pull", func() bool { return discarded("pull.shop") })
			eventually(t, "a discarded hook", func() bool { return discarded("hook.process") })
			eventually(t, "a discarded shipment", func() bool { return discarded("shipment.push") })

			for id, dead := range map[string]int{"T1": 2, "S1": 1} {
				hl, err := mon.ShopHealth(ctx, id)
				must(t, err)
				if hl.Jobs.Discarded != dead || hl.Jobs.Retrying != 0 || hl.Status == app.StatusOK ||
					!strings.Contains(strings.Join(reasonCodes(hl), ","), app.ReasonDeadLetters) {
					t.Fatalf("shop %s: %+v", id, hl)
				}
			}
			if hl, _ := mon.ShopHealth(ctx, "S1"); hl.Platform != "generic" || hl.Pull.Pulls || hl.Webhooks.ReceivedLastHour != 1 || hl.Webhooks.Pending != 1 {
				t.Fatalf("the push-only shop: %+v", hl)
			}
			if _, err := mon.ShopHealth(ctx, "nope"); err == nil {
				t.Fatal("an unknown shop has a health")
			}
		})
	}
}

// statsPlatform is pullerFor with a client whose counters the test sets,
// as ShopConnectors reports its clients'.
type statsPlatform struct {
	pullerFor
	stats channel.Stats
}

func (s *statsPlatform) Stats(shopID, platform string) (channel.Stats, bool) {
	return s.stats, shopID == s.shop && platform == "fake"
}

// TestShopHealthJudgesTheClient: the error rate is over the last five
// minutes of the client's calls, and an open breaker is down.
func TestShopHealthJudgesTheClient(t *testing.T) {
	h := newTmallHub(t, storetest.SQLite, true)
	now := time.Date(2026, 11, 11, 12, 0, 0, 0, time.UTC)
	conns := &statsPlatform{pullerFor: pullerFor{&platformOrders{}, "T1"}}
	mon := app.NewMonitor(unit.New(h.db), h.shops, conns, nil, jobdb.NewShopCounter(h.db), app.MonitorOptions{Now: func() time.Time { return now }})
	read := func() app.Health {
		t.Helper()
		hl, err := mon.ShopHealth(ctx, "T1")
		must(t, err)
		return hl
	}

	conns.stats = channel.Stats{Calls: 10, Failed: 3, Breaker: "closed", Tokens: 4}
	if hl := read(); hl.Status != app.StatusDegraded || hl.Client.ErrorRate != 0.3 || hl.Client.WindowCalls != 10 ||
		hl.Client.Tokens != 4 || !hl.Client.Active || strings.Join(reasonCodes(hl), ",") != app.ReasonErrorRate {
		t.Fatalf("3 of 10 calls failed: %+v", hl)
	}
	now = now.Add(6 * time.Minute)
	conns.stats.Calls = 30 // 20 more calls, none failed: the old failures left the window
	if hl := read(); hl.Status != app.StatusOK || hl.Client.ErrorRate != 0 || hl.Client.WindowCalls != 20 || hl.Client.Failed != 3 {
		t.Fatalf("20 good calls later: %+v", hl)
	}
	conns.stats.Breaker = "open"
	if hl := read(); hl.Status != app.StatusDown || strings.Join(reasonCodes(hl), ",") != app.ReasonBreakerOpen {
		t.Fatalf("breaker open: %+v", hl)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(mon.Collector())
	rec := httptest.NewRecorder()
	promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	for _, line := range []string{`fnshub_shop_breaker_open{platform="fake",shop="T1"} 1`, `fnshub_shop_status{platform="fake",shop="T1"} 2`,
		`fnshub_shop_client_failed_total{platform="fake",shop="T1"} 3`, `fnshub_shop_rate_limit_tokens{platform="fake",shop="T1"} 4`} {
		if !strings.Contains(rec.Body.String(), line+"\n") {
			t.Errorf("/metrics lacks %s:\n%s", line, rec.Body.String())
		}
	}
}
