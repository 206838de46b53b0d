package app_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/event"
	"github.com/fnshub/fnshub/internal/event/eventdb"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// stockPlatform is a platform's side of stock pushes: what each listing
// shows, compare-and-set like Shopify's, slow enough that pushes overlap
// if anything lets them.
type stockPlatform struct {
	mu       sync.Mutex
	shows    map[string]int64 // by item/sku id
	pushes   map[string]int
	inFlight map[string]int
	overlaps []string
	fail     int  // the next pushes that fail as if the platform were down
	down     bool // every push fails
}

func newStockPlatform() *stockPlatform {
	return &stockPlatform{shows: map[string]int64{}, pushes: map[string]int{}, inFlight: map[string]int{}}
}

func (p *stockPlatform) show(item, sku string) (int64, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.shows[item+"/"+sku], p.pushes[item+"/"+sku]
}

func (p *stockPlatform) set(item, sku string, n int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.shows[item+"/"+sku] = n
}

func (p *stockPlatform) PushStock(_ context.Context, s channel.StockPush) (channel.StockResult, error) {
	k := s.ExternalItemID + "/" + s.ExternalSKUID
	p.mu.Lock()
	p.inFlight[k]++
	if p.inFlight[k] > 1 {
		p.overlaps = append(p.overlaps, k)
	}
	cur := p.shows[k]
	failing := p.down || p.fail > 0
	if p.fail > 0 {
		p.fail--
	}
	p.mu.Unlock()
	time.Sleep(2 * time.Millisecond)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inFlight[k]--
	if failing {
		return channel.StockResult{}, &channel.Error{Kind: channel.Unavailable, Platform: "fake", Message: "down"}
	}
	if s.Expected != nil && *s.Expected != cur {
		return channel.StockResult{}, &channel.Error{Kind: channel.Conflict, Platform: "fake", Current: &cur}
	}
	p.shows[k], p.pushes[k] = s.Quantity, p.pushes[k]+1
	return channel.StockResult{Quantity: s.Quantity}, nil
}

func (p *stockPlatform) PullOrders(context.Context, channel.Window, string) (channel.Page, error) {
	return channel.Page{}, nil
}
func (p *stockPlatform) FetchOrder(context.Context, string) (channel.Order, error) {
	return channel.Order{}, &channel.Error{Kind: channel.NotFound}
}
func (p *stockPlatform) VerifyWebhook(http.Header, []byte) (channel.Message, error) {
	return channel.Message{}, &channel.Error{Kind: channel.Rejected}
}
func (p *stockPlatform) ReadWebhook(channel.Message, []byte) ([]channel.Order, error) {
	return nil, nil
}
func (p *stockPlatform) PushShipment(context.Context, channel.Shipment) error { return nil }

func eventuallyOr(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Errorf("never: %s", what)
}

// eventually waits for cond, failing the test if it never holds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("never: %s", what)
}

func TestStockPushFollowsWhatTheShopMayPublish(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			h := newTmallHub(t, e.Open, false)
			h.receive(t, "r1", "TEA-250", "SH", 100)
			h.receive(t, "r2", "CUP", "SH", 30)
			for _, l := range []catalog.Listing{{Channel: "tmall", Shop: "T1", ExternalItemID: "i1", ExternalSKUID: "s1", SKU: "TEA-250"},
				{Channel: "tmall", Shop: "T1", ExternalItemID: "i2", SKU: "GIFT"}} {
				_, err := h.cat.PutListing(ctx, l)
				must(t, err)
			}
			_, err := h.stock.PutRule(ctx, inventory.Rule{Shop: "T1", SKU: inventory.AnySKU, Kind: inventory.RuleShare, ShareBP: 8000})
			must(t, err)

			plat := newStockPlatform()
			plat.set("i1", "s1", 7) // what the platform shows before fnshub starts
			bus := event.NewLocal()
			relay := &event.Relay{Outbox: eventdb.New(h.db), Buses: []event.Bus{bus}, Holder: "test"}
			push := app.NewStockPush(h.stock, h.cat, h.shops, onePlatform{plat}, nil, app.StockPushOptions{Window: 20 * time.Millisecond})
			push.Subscribe(bus)
			runCtx, stop := context.WithCancel(ctx)
			defer stop()
			must(t, push.Start(runCtx))

			// 80% of 100 tea; the gift box takes 2 tea and a cup: min(80/2, 24).
			eventually(t, "the first push", func() bool {
				tea, _ := plat.show("i1", "s1")
				gift, _ := plat.show("i2", "")
				return tea == 80 && gift == 24
			})

			// Orders take tea while the platform sells some on its own.
			var wg sync.WaitGroup
			for i := range 20 {
				wg.Go(func() {
					in := paid(fmt.Sprintf("P%d", i), 1, "TEA-250")
					in.Order.Channel, in.Order.Shop = "tmall", "T1"
					if r := h.orders.Ingest(ctx, in); r.Err != nil || r.Order.Status != order.Allocated {
						t.Errorf("order %d: %v", i, r.Err)
					}
				})
			}
			wg.Wait()
			n, err := relay.Drain(ctx, 10)
			must(t, err)
			eventually(t, fmt.Sprintf("the pushes after the orders (%d events relayed)", n), func() bool {
				tea, _ := plat.show("i1", "s1")
				gift, _ := plat.show("i2", "")
				return tea == 64 && gift == 24 // 80% of 80; min(64/2, 24)
			})

			// A burst of changes of one SKU makes a few pushes, not one each.
			_, before := plat.show("i1", "s1")
			h.receive(t, "r3", "TEA-250", "SH", 10)
			for range 1000 {
				push.Changed("TEA-250")
			}
			eventually(t, "the burst's push", func() bool { tea, _ := plat.show("i1", "s1"); return tea == 72 })
			if _, after := plat.show("i1", "s1"); after-before > 5 {
				t.Fatalf("1000 changes made %d pushes; they must be gathered", after-before)
			}
			// The platform sold a gift box on its own; the next push finds
			// that by the compare and still sets what fnshub publishes.
			plat.set("i2", "", 23)
			h.receive(t, "r4", "CUP", "SH", 10)
			push.Changed("CUP")
			eventually(t, "the push past the platform's own sale", func() bool { gift, _ := plat.show("i2", ""); return gift == 32 })

			plat.mu.Lock()
			defer plat.mu.Unlock()
			if len(plat.overlaps) > 0 {
				t.Fatalf("two writes of one listing were in flight at once: %v", plat.overlaps)
			}
			if hl := push.Health("T1"); hl.Pushes == 0 || hl.Failures != 0 {
				t.Fatalf("health: %+v", hl)
			}
		})
	}
}

// TestStockPushFailuresGoToTheJobQueue: a push that fails is retried by
// the job queue until it lands, and one that never lands is a dead letter,
// after which the listing is the pusher's again: the next change pushes it.
func TestStockPushFailuresGoToTheJobQueue(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			h := newTmallHub(t, e.Open, true)
			h.receive(t, "r1", "TEA-250", "SH", 10)
			_, err := h.cat.PutListing(ctx, catalog.Listing{Channel: "tmall", Shop: "T1", ExternalItemID: "i1", SKU: "TEA-250"})
			must(t, err)
			_, err = h.stock.PutRule(ctx, inventory.Rule{Shop: "T1", SKU: inventory.AnySKU, Kind: inventory.RuleShare, ShareBP: 10000})
			must(t, err)

			plat := newStockPlatform()
			plat.fail = 3
			push := app.NewStockPush(h.stock, h.cat, h.shops, onePlatform{plat}, unit.New(h.db), app.StockPushOptions{})
			w := job.NewWorkers()
			push.Register(w)
			// The sync engine's retries wait 30 s and more; at Speed 3000
			// its eight attempts take about a second and a half.
			q, err := jobdb.New(h.db, w, jobdb.Config{Workers: 2, Backoff: 10 * time.Millisecond, MaxBackoff: 40 * time.Millisecond, Poll: 10 * time.Millisecond,
				Speed: 3000})
			must(t, err)
			runCtx, stop := context.WithCancel(ctx)
			defer stop()
			must(t, q.Start(runCtx))
			t.Cleanup(func() { _ = q.Stop(context.Background()) })
			must(t, push.Start(runCtx))

			eventually(t, "the push after three failures", func() bool { n, _ := plat.show("i1", ""); return n == 10 })
			eventually(t, "the listing handed back", func() bool { hl := push.Health("T1"); return hl.Handed == 0 && hl.Failures == 1 })

			plat.mu.Lock()
			plat.down = true
			plat.mu.Unlock()
			h.receive(t, "r2", "TEA-250", "SH", 5)
			push.Changed("TEA-250")
			eventuallyOr(t, "a dead letter", func() bool {
				page, err := q.List(ctx, job.Filter{State: job.Discarded, Kind: "stock.push"})
				return err == nil && len(page.Jobs) == 1 && page.Jobs[0].Attempt == 8
			})
			if t.Failed() {
				page, _ := q.List(ctx, job.Filter{Kind: "stock.push"})
				t.Logf("jobs: %+v; health %+v", page.Jobs, push.Health("T1"))
			}
			if n, _ := plat.show("i1", ""); n != 10 {
				t.Fatalf("the platform shows %d while it was down", n)
			}

			plat.mu.Lock()
			plat.down = false
			plat.mu.Unlock()
			h.receive(t, "r3", "TEA-250", "SH", 1)
			push.Changed("TEA-250")
			eventually(t, "the next change pushed after the dead letter", func() bool { n, _ := plat.show("i1", ""); return n == 16 })
		})
	}
}
