package app_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/channel/channeltest"
	chshopify "github.com/fnshub/fnshub/internal/channel/shopify"
	"github.com/fnshub/fnshub/internal/event"
	"github.com/fnshub/fnshub/internal/event/eventdb"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/sandbox"
	sim "github.com/fnshub/fnshub/internal/sandbox/shopify"
	"github.com/fnshub/fnshub/internal/sandbox/top"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// The chaos test's simulated time: it runs chaosSpeed times faster than the
// wall, and every part of the hub that paces or waits reads it — the shops'
// clients, the simulators' clocks and the job queue's retries.
const (
	chaosSpeed    = 40
	chaosRun      = 15 * time.Minute // orders arrive on both platforms for this long
	chaosOutageAt = 3 * time.Minute  // both platforms' APIs go down then,
	chaosOutage   = 10 * time.Minute // for this long
	chaosEvery    = 5 * time.Second  // a new order on each platform this often
	chaosTopBan   = 30 * time.Second // TOP's ban after its code 7
)

// TestChaos: a Tmall shop on the TOP gateway and a Shopify shop, each
// pulled, pushed stock and written back to through the real connectors
// and the real job queue, while a fifth of their API calls fail (throttles
// with bans, 503s, hangs past the timeout, resets, truncated answers) and
// both APIs are down for ten simulated minutes. In the end every order is
// ingested and shipped and written back, every listing shows what its shop
// publishes; no call went out while the shop was banned or beyond its
// call rate; no job is a dead letter or took more than eight attempts, and
// the attempts failed are no more than the calls the platforms failed (a
// call the client refused to make is no attempt).
func TestChaos(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel() // mostly waiting on simulated time: the engines share the wall
			c := newChaosRig(t, e.Open)
			c.run(t)
			c.converge(t)
			c.checkCalls(t)
			c.checkJobs(t)
			c.assertInvariants(t)
		})
	}
}

type chaosRig struct {
	*hub
	clock *channeltest.FastClock
	start time.Time
	calls *callLog
	gw    *top.Gateway
	store *sim.Shop
	tea   sim.Variant
	cup   sim.Variant
	queue *jobdb.Queue
	cycle context.Context

	mu     sync.Mutex
	trades []int64 // the TOP trades placed
	placed []int64 // the Shopify orders placed
}

func newChaosRig(t *testing.T, open storetest.Opener) *chaosRig {
	t.Helper()
	start := time.Now().UTC().Truncate(time.Second)
	c := &chaosRig{clock: channeltest.NewFastClock(start, chaosSpeed), start: start}
	c.calls = newCallLog(c.clock)

	w := newPlatformWired(t, open)
	w.conns.WithClient(channel.ClientOptions{Clock: c.clock, Timeout: 300 * time.Millisecond, HTTP: &http.Client{Transport: c.calls}})
	c.hub = w.hub
	c.attachPlatforms(t)
	c.stockUp(t)
	c.startHub(t, w.conns)
	return c
}

// attachPlatforms puts both simulators on loopback, on the simulated
// clock, failing a fifth of the calls and down for the outage.
func (c *chaosRig) attachPlatforms(t *testing.T) {
	t.Helper()
	down, up := c.start.Add(chaosOutageAt), c.start.Add(chaosOutageAt+chaosOutage)
	faults := []sandbox.Fault{sandbox.Throttle, sandbox.ServerError, sandbox.Hang, sandbox.Reset, sandbox.Truncate}

	c.gw = topGateway(func(o *top.Options) { o.Now, o.BanSeconds, o.Seed = c.clock.Now, int(chaosTopBan/time.Second), 11 })
	c.gw.Faults().Chaos(0.2, faults...)
	c.gw.Faults().Outage(c.clock.Now, down, up)
	w := &wired{hub: c.hub}
	connectTop(t, w, c.gw.Handler(), 20)

	c.store = sim.New(sim.Options{Now: c.clock.Now, Domain: "chaos-tea.myshopify.com", Token: "shpat_chaos", WebhookSecret: "whsec-chaos",
		Currency: "CNY", Zone: time.FixedZone("CST", 8*3600), Seed: 12})
	c.store.Faults().Chaos(0.2, faults...)
	c.store.Faults().Outage(c.clock.Now, down, up)
	w.connect(t, shop.Shop{ID: shopifyShop, Channel: "shopify", Name: "Tea House", Currency: "CNY", APIBaseURL: newLoopback(t, c.store.Handler()),
		Settings: map[string]string{chshopify.SettingShopDomain: c.store.Domain(), chshopify.SettingLocationID: strconv.FormatInt(c.store.LocationID(), 10)}},
		map[string]string{chshopify.SecretToken: c.store.Token(), chshopify.SecretWebhook: c.store.WebhookSecret()})
	c.tea, c.cup = c.store.AddVariant(sim.Variant{SKU: "LJ-250"}), c.store.AddVariant(sim.Variant{SKU: "CUP-W"})
	for v, sku := range map[sim.Variant]string{c.tea: "TEA-250", c.cup: "CUP"} {
		w.list(t, catalog.Listing{Channel: "shopify", Shop: shopifyShop, ExternalItemID: strconv.FormatInt(v.ProductID, 10),
			ExternalSKUID: strconv.FormatInt(v.ID, 10), SKU: sku})
	}
}

// stockUp receives the stock, shares half with each shop, and leaves the
// platforms showing stale counts, as before the hub starts.
func (c *chaosRig) stockUp(t *testing.T) {
	t.Helper()
	c.receive(t, "po-1", "TEA-250", "SH", 3000)
	c.receive(t, "po-2", "TEA-500", "SH", 200)
	c.receive(t, "po-3", "CUP", "SH", 2000)
	for _, sh := range []string{tmallShop, shopifyShop} {
		_, err := c.stock.PutRule(ctx, inventory.Rule{Shop: sh, SKU: inventory.AnySKU, Kind: inventory.RuleShare, ShareBP: 5000})
		must(t, err)
	}
	c.gw.SetQuantity(teaItem, tea250SKU, 9999)
	c.gw.SetQuantity(teaItem, tea500SKU, 9999)
	c.gw.SetQuantity(cupItem, "", 9999)
	c.store.SetAvailable(c.tea.ID, 9999)
	c.store.SetAvailable(c.cup.ID, 9999)
}

// startHub runs what fnshub serve runs for channels: the job queue with
// the pulls and the write-backs, the stock pusher fed by the outbox relay.
// The pulls are due every half second of the wall (20 s simulated): River
// times its periodic jobs on the wall.
func (c *chaosRig) startHub(t *testing.T, conns *app.ShopConnectors) {
	t.Helper()
	runCtx, stop := context.WithCancel(ctx)
	t.Cleanup(stop)
	c.cycle = runCtx
	pulls := app.NewPulls(c.orders, c.shops, conns, app.PullOptions{Every: 500 * time.Millisecond, Now: c.clock.Now})
	ships := app.NewShipments(c.orders, c.shops, conns)
	push := app.NewStockPush(c.stock, c.cat, c.shops, conns, unit.New(c.db), app.StockPushOptions{})
	w := job.NewWorkers()
	pulls.Register(w)
	ships.Register(w)
	push.Register(w)
	q, err := jobdb.New(c.db, w, jobdb.Config{Workers: 8, Poll: 10 * time.Millisecond, Backoff: 20 * time.Millisecond,
		MaxBackoff: 200 * time.Millisecond, Speed: chaosSpeed})
	must(t, err)
	c.queue = q
	must(t, q.Start(runCtx))
	t.Cleanup(func() { _ = q.Stop(context.Background()) })

	bus := event.NewLocal()
	push.Subscribe(bus)
	relay := &event.Relay{Outbox: eventdb.New(c.db), Buses: []event.Bus{bus}, Holder: "chaos"}
	go relay.Follow(runCtx, 10*time.Millisecond, func(err error) { t.Errorf("relay: %v", err) })
	must(t, push.Start(runCtx))
}

// run places an order on each platform every chaosEvery of simulated time
// for chaosRun, and ships in the hub every order that is allocated, as the
// warehouse would, until the run ends.
func (c *chaosRig) run(t *testing.T) {
	t.Helper()
	shipped := make(chan struct{})
	go func() {
		defer close(shipped)
		for c.cycle.Err() == nil && c.clock.Now().Before(c.start.Add(chaosRun+chaosOutage)) {
			c.shipAllocated(t)
			_ = c.clock.Sleep(c.cycle, 10*time.Second)
		}
	}()
	phone := "13812345678"
	for n := int64(1); c.clock.Now().Before(c.start.Add(chaosRun)); n++ {
		at := c.clock.Now().Truncate(time.Second)
		must(t, c.gw.AddTrade(trade(700000+n, 1+n%3, at)))
		sku, cup := "LJ-250", "CUP-W"
		o := c.store.AddOrder(sim.Order{FinancialStatus: "paid", LineItems: []sim.LineItem{
			{ProductID: &c.tea.ProductID, VariantID: &c.tea.ID, SKU: &sku, Name: "龙井", Quantity: 1 + n%2, Price: "59.90"},
			{ProductID: &c.cup.ProductID, VariantID: &c.cup.ID, SKU: &cup, Name: "白瓷杯", Quantity: 1, Price: "25.00"}},
			Customer: &sim.Customer{ID: 5000 + n}, ShippingAddress: &sim.Address{Name: "张三", Phone: &phone,
				Address1: "文三路 100 号", City: "杭州市", Province: "浙江省", CountryCode: "CN"}})
		c.mu.Lock()
		c.trades, c.placed = append(c.trades, 700000+n), append(c.placed, o.ID)
		c.mu.Unlock()
		must(t, c.clock.Sleep(ctx, chaosEvery))
	}
	<-shipped
}

// shipAllocated ships every allocated order of the hub.
func (c *chaosRig) shipAllocated(t *testing.T) {
	recs, err := c.orders.List(ctx, order.Filter{Status: order.Allocated, Limit: 1000})
	if err != nil {
		t.Errorf("list allocated orders: %v", err)
		return
	}
	for _, r := range recs {
		if _, err := c.orders.Ship(ctx, r.ID, "ship-"+r.ExternalID, "SF", "SF"+r.ExternalID); err != nil {
			t.Errorf("ship %s: %v", r.ExternalID, err)
		}
	}
}

// converge waits until the hub has every order shipped and written back,
// and every listing shows what its shop publishes.
func (c *chaosRig) converge(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		c.shipAllocated(t)
		left := c.unsettled(t)
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			c.checkJobs(t) // dead letters are the likeliest reason
			t.Fatalf("after %v simulated the hub has not settled: %v", c.clock.Now().Sub(c.start).Round(time.Second), left)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// unsettled lists what is not yet as it should end.
func (c *chaosRig) unsettled(t *testing.T) []string {
	c.mu.Lock()
	trades, placed := slices.Clone(c.trades), slices.Clone(c.placed)
	c.mu.Unlock()
	recs, err := c.orders.List(ctx, orderListAll())
	must(t, err)
	got := map[string]*order.Record{}
	for _, r := range recs {
		got[r.Shop+"/"+r.ExternalID] = r
	}
	var left []string
	for _, tid := range trades {
		left = append(left, orderLeft(got[tmallShop+"/"+strconv.FormatInt(tid, 10)], "trade", tid, len(c.gw.Shipment(tid)) > 0)...)
	}
	for _, id := range placed {
		left = append(left, orderLeft(got[shopifyShop+"/"+strconv.FormatInt(id, 10)], "shopify order", id, len(c.store.Fulfillments(id)) > 0)...)
	}
	for name, l := range c.listings() {
		if want := c.published(t, l.shop, l.sku); l.shows() != want {
			left = append(left, fmt.Sprintf("%s shows %d, its shop publishes %d", name, l.shows(), want))
		}
	}
	if len(left) > 5 {
		left = append(left[:5], fmt.Sprintf("and %d more", len(left)-5))
	}
	return left
}

// orderLeft says what is left to do for a platform's order: r is the
// hub's (nil: not ingested), writtenBack whether the platform holds its
// shipment.
func orderLeft(r *order.Record, what string, id int64, writtenBack bool) []string {
	switch {
	case r == nil:
		return []string{fmt.Sprintf("%s %d not ingested", what, id)}
	case r.Status != order.Shipped:
		return []string{fmt.Sprintf("%s %d %s", what, id, r.Status)}
	case !writtenBack:
		return []string{fmt.Sprintf("%s %d not written back", what, id)}
	}
	return nil
}

type chaosListing struct {
	shop, sku string
	shows     func() int64
}

func (c *chaosRig) listings() map[string]chaosListing {
	topShows := func(item int64, sku string) func() int64 {
		return func() int64 { q, _ := c.gw.Quantity(item, sku); return q }
	}
	return map[string]chaosListing{
		"tmall tea 250": {tmallShop, "TEA-250", topShows(teaItem, tea250SKU)},
		"tmall tea 500": {tmallShop, "TEA-500", topShows(teaItem, tea500SKU)},
		"tmall cup":     {tmallShop, "CUP", topShows(cupItem, "")},
		"shopify tea":   {shopifyShop, "TEA-250", func() int64 { return c.store.Available(c.tea.ID) }},
		"shopify cup":   {shopifyShop, "CUP", func() int64 { return c.store.Available(c.cup.ID) }},
	}
}

func (c *chaosRig) published(t *testing.T, shopID, sku string) int64 {
	ps, err := c.stock.Promises(ctx, shopID)
	must(t, err)
	for _, p := range ps {
		if p.SKU == sku {
			return p.Published
		}
	}
	return 0
}

// checkCalls checks the platforms saw the chaos, and that no call of a
// shop went out while a ban the platform gave it lasted, nor beyond its
// call rate.
func (c *chaosRig) checkCalls(t *testing.T) {
	t.Helper()
	for name, f := range map[string]*sandbox.Faults{"tmall": c.gw.Faults(), "shopify": c.store.Faults()} {
		counts := map[sandbox.Fault]int{}
		for _, k := range []sandbox.Fault{sandbox.None, sandbox.Throttle, sandbox.ServerError, sandbox.Hang, sandbox.Reset, sandbox.Truncate, sandbox.Outage} {
			counts[k] = f.Count(k)
			if counts[k] == 0 {
				t.Errorf("%s served no %v: the chaos did not reach it", name, k)
			}
		}
		t.Logf("%s answered %v", name, counts)
		// While down, the breaker lets one call through each 30 s it is
		// open; the first calls and those already running when it opened
		// fail too. A client without the breaker calls hundreds of times.
		if n := counts[sandbox.Outage]; n > int(chaosOutage/(30*time.Second))+30 {
			t.Errorf("%s got %d calls in its %v outage: the breaker should hold the shop to about one each 30 s", name, n, chaosOutage)
		}
	}
	for host, h := range c.calls.snapshot() {
		limits := topLimits
		if h.platform == "shopify" {
			limits = shopifyLimits
		}
		if v := h.sentDuringBans(banGrace); len(v) > 0 {
			t.Errorf("%s (%s): %d calls sent while a ban the platform gave lasted, e.g. %v", host, h.platform, len(v), v[0])
		}
		if n := h.overRate(limits); n > 0 {
			t.Errorf("%s (%s): %d calls beyond the call rate %v", host, h.platform, n, limits)
		}
		t.Logf("%s (%s): %d calls, %d bans", host, h.platform, len(h.sends), len(h.bans))
	}
}

// checkJobs checks no job is a dead letter or took more than eight
// attempts, and the attempts failed are no more than the calls the
// platforms failed.
func (c *chaosRig) checkJobs(t *testing.T) {
	t.Helper()
	failedCalls := 0
	for _, f := range []*sandbox.Faults{c.gw.Faults(), c.store.Faults()} {
		for _, k := range []sandbox.Fault{sandbox.ServerError, sandbox.Hang, sandbox.Reset, sandbox.Truncate, sandbox.Outage} {
			failedCalls += f.Count(k)
		}
	}
	attempts := map[int]int{}
	failedAttempts := 0
	f := job.Filter{Limit: 500}
	for {
		page, err := c.queue.List(ctx, f)
		must(t, err)
		for _, j := range page.Jobs {
			if j.State == job.Discarded || j.Attempt > 8 {
				t.Errorf("job %d (%s) is %s after %d attempts: %+v", j.ID, j.Kind, j.State, j.Attempt, j.Errors)
			}
			if j.Kind != "pull.due" && j.Kind != "stock.resync" {
				attempts[j.Attempt]++
				failedAttempts += len(j.Errors)
			}
		}
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	t.Logf("sync-engine jobs by attempts: %v; %d failed attempts, %d failed calls", attempts, failedAttempts, failedCalls)
	if failedAttempts > failedCalls {
		t.Errorf("%d attempts failed but the platforms failed only %d calls: runs that made no call were counted as attempts", failedAttempts, failedCalls)
	}
}
