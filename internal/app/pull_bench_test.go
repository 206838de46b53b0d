package app_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// BenchmarkPull measures pull throughput: b.N new paid orders of 1–3
// listed lines wait on a platform's simulator over loopback HTTP, and one
// app.Pulls.Pull of the shop — the pull.shop job's work: the real
// connector built from the shop's sealed credentials, paging the window,
// ingesting each page — stores them all. The shop was pulled once before
// and the orders changed since, within the overlap, so the window is the
// one a pull.shop job reads every minute. It reports orders/s, pages/s,
// the platform calls made and the share of the time spent reading pages
// (fetch-%; the rest is ingesting them), and fails unless every order was read
// once and stored once, allocated.
//
// "unlimited" switches the call rates off on both sides (the connector's
// client limiter and the simulator's own: Shopify's cost bucket), so the
// figure is fnshub's side with the simulator sharing the machine;
// "published" keeps the platform's limits (TOP: the connector's 5 calls/s;
// Shopify: 2 calls/s and the simulator's 1,000-point bucket restoring 100
// a second), which then bound the figure.
//
//	go test ./internal/app -run '^$' -bench 'Pull/.*/.*/unlimited' -benchtime 2000x
//	go test ./internal/app -run '^$' -bench 'Pull/.*/top/published' -benchtime 2000x
//	go test ./internal/app -run '^$' -bench 'Pull/.*/shopify/published' -benchtime 200x
func BenchmarkPull(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		for _, p := range []pullPlatform{pullTop, pullShopify} {
			for _, limits := range []string{"unlimited", "published"} {
				b.Run(e.Name+"/"+p.name+"/"+limits, func(b *testing.B) { benchPull(b, e.Open, p, limits == "published") })
			}
		}
	}
}

// pullPlatform is a simulator the benchmark pulls from: attach connects a
// shop of w to a new simulator whose answers are counted in calls, and
// returns the shop and a function that places n paid orders there,
// returning their external ids.
type pullPlatform struct {
	name   string
	attach func(b *testing.B, w *wired, limited bool, calls *atomic.Int64) (shopID string, place func(n int) []string)
}

func benchPull(b *testing.B, open storetest.Opener, p pullPlatform, limited bool) {
	w := newWired(b, open)
	for i, sku := range []string{"TEA-250", "TEA-500", "CUP"} {
		w.receive(b, fmt.Sprintf("po-%d", i), sku, "SH", 1<<40)
	}
	var calls atomic.Int64
	shopID, place := p.attach(b, w, limited, &calls)
	conns := &benchConnectors{shops: w.conns, creds: w.shops, unlimited: !limited}
	pulls := app.NewPulls(w.orders, w.shops, conns, app.PullOptions{})
	// The shop's first pull, of its empty day, sets the watermark; the
	// orders then change within its overlap, and the measured pull reads
	// the window a pull.shop job reads every minute.
	_, err := pulls.Pull(ctx, shopID)
	must(b, err)
	want := place(b.N)
	if limited {
		// The limits' buckets fill again, as in the minute between two
		// pulls (TOP's 5 tokens in 1 s, Shopify's 10 in 5 s and its 1,000
		// points in 10 s).
		time.Sleep(10 * time.Second)
	}
	calls.Store(0)
	conns.pages.Store(0)
	conns.fetching.Store(0)
	b.ResetTimer()
	res, err := pulls.Pull(ctx, shopID)
	b.StopTimer()
	must(b, err)
	secs, pages := b.Elapsed().Seconds(), conns.pages.Load()
	b.ReportMetric(float64(b.N)/secs, "orders/s")
	b.ReportMetric(float64(pages)/secs, "pages/s")
	b.ReportMetric(float64(calls.Load()), "calls")
	b.ReportMetric(100*time.Duration(conns.fetching.Load()).Seconds()/secs, "fetch-%")
	if res.Orders != len(want) || res.Refused != 0 {
		b.Fatalf("the pull read %d orders and refused %d; the platform holds %d, none refusable", res.Orders, res.Refused, len(want))
	}
	checkStoredOnce(b, w, shopID, want)
}

// checkStoredOnce fails b unless the shop has exactly the orders want,
// each once, with one version, allocated; and the books and stock agree.
func checkStoredOnce(b *testing.B, w *wired, shopID string, want []string) {
	b.Helper()
	seen := map[string]*order.Record{}
	for _, rec := range w.allOrders(b) {
		if rec.Shop != shopID {
			continue
		}
		if seen[rec.ExternalID] != nil {
			b.Fatalf("order %s is stored twice", rec.ExternalID)
		}
		seen[rec.ExternalID] = rec
	}
	if len(seen) != len(want) {
		b.Fatalf("%d orders stored, want %d", len(seen), len(want))
	}
	for _, ext := range want {
		rec := seen[ext]
		if rec == nil {
			b.Fatalf("order %s was not stored", ext)
		}
		if rec.Status != order.Allocated {
			b.Fatalf("order %s is %s (hold %+v), want allocated", ext, rec.Status, rec.Hold)
		}
		vs, err := w.orders.Versions(ctx, rec.ID)
		must(b, err)
		if len(vs) != 1 {
			b.Fatalf("order %s has %d versions, want 1", ext, len(vs))
		}
	}
	w.assertInvariants(b)
}

// benchConnectors builds shops' connectors as production does
// (app.ShopConnectors) or, unlimited, the same connector on a client
// without a call rate; either way it counts the pages pulled.
type benchConnectors struct {
	shops     *app.ShopConnectors
	creds     app.Credentials
	unlimited bool
	pages     atomic.Int64
	fetching  atomic.Int64 // nanoseconds spent in PullOrders

	mu     sync.Mutex
	client *channel.Client // the unlimited client, one for the shop as in production
}

func (c *benchConnectors) Puller(sh shop.Shop) (string, bool) { return c.shops.Puller(sh) }

func (c *benchConnectors) Connector(ctx context.Context, sh shop.Shop, platform string) (channel.Connector, error) {
	conn, err := c.build(ctx, sh, platform)
	if err != nil {
		return nil, err
	}
	return pageCounter{Connector: conn, pages: &c.pages, fetching: &c.fetching}, nil
}

func (c *benchConnectors) build(ctx context.Context, sh shop.Shop, platform string) (channel.Connector, error) {
	if !c.unlimited {
		return c.shops.Connector(ctx, sh, platform)
	}
	p, _ := channel.ByName(platform)
	settings, secrets, base, err := c.creds.Credentials(ctx, sh.ID)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.client == nil {
		c.client = channel.NewClient(channel.ClientOptions{Platform: platform}) // zero Limits: no rate
	}
	client := c.client
	c.mu.Unlock()
	return p.New(channel.Config{Shop: sh.ID, Channel: sh.Channel, Settings: settings, Secrets: secrets, BaseURL: base, HTTP: client})
}

// pageCounter counts the pages of orders its connector pulls, not the
// empty answers for slices of a window that hold none, and the time the
// connector takes to read them (the call, the simulator's answer, the
// mapping): the rest of a pull is ingestion.
type pageCounter struct {
	channel.Connector
	pages, fetching *atomic.Int64
}

func (p pageCounter) PullOrders(ctx context.Context, w channel.Window, cursor string) (channel.Page, error) {
	start := time.Now()
	page, err := p.Connector.PullOrders(ctx, w, cursor)
	p.fetching.Add(int64(time.Since(start)))
	if err == nil && len(page.Orders) > 0 {
		p.pages.Add(1)
	}
	return page, err
}

// countCalls counts the requests h answers.
func countCalls(h http.Handler, calls *atomic.Int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		h.ServeHTTP(w, r)
	})
}
