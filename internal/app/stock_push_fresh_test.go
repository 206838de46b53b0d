package app_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// sellingPlatform takes stock pushes slowly, as a rate-limited platform
// does, while stock keeps selling: after each write it sells a unit of
// every SKU in the hub, then takes time to answer. It notes each write
// that showed more than the shop published when it arrived.
type sellingPlatform struct {
	*stockPlatform
	h     *hub
	shop  string
	skus  []string
	mu    sync.Mutex
	sold  int
	above []string
}

func (p *sellingPlatform) PushStock(ctx context.Context, s channel.StockPush) (channel.StockResult, error) {
	ps, err := p.h.stock.Promises(ctx, p.shop)
	if err != nil {
		return channel.StockResult{}, err
	}
	p.mu.Lock()
	for _, pr := range ps {
		if pr.SKU == p.listed(s.ExternalItemID) && s.Quantity > pr.Published {
			p.above = append(p.above, fmt.Sprintf("%s: %d, published %d", s.ExternalItemID, s.Quantity, pr.Published))
		}
	}
	p.sold++
	n := p.sold
	p.mu.Unlock()
	for _, sku := range p.skus {
		if _, _, err := p.h.value.Adjust(ctx, fmt.Sprintf("sold-%d-%s", n, sku), inventory.Line{SKU: sku, Warehouse: "SH", Quantity: -1}); err != nil {
			return channel.StockResult{}, err
		}
	}
	time.Sleep(20 * time.Millisecond) // slower than the window: the next write's read must be newer than this sale
	return channel.StockResult{Quantity: s.Quantity}, nil
}

// listed is the SKU of item id ("i-TEA-250" → "TEA-250").
func (p *sellingPlatform) listed(item string) string { return item[2:] }

// TestStockPushWritesNoStaleValue: in a round of many listings on a slow
// platform, each write carries what the shop may publish when it is sent,
// not what it might publish when the round began.
func TestStockPushWritesNoStaleValue(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			h := newTmallHub(t, e.Open, false)
			skus := []string{"TEA-250", "TEA-500", "CUP"}
			for i, sku := range skus {
				h.receive(t, "r-"+sku, sku, "SH", int64(100+i))
				_, err := h.cat.PutListing(ctx, catalog.Listing{Channel: "tmall", Shop: "T1", ExternalItemID: "i-" + sku, SKU: sku})
				must(t, err)
			}
			_, err := h.stock.PutRule(ctx, inventory.Rule{Shop: "T1", SKU: inventory.AnySKU, Kind: inventory.RuleShare, ShareBP: 10000})
			must(t, err)
			plat := &sellingPlatform{stockPlatform: newStockPlatform(), h: h, shop: "T1", skus: skus}
			push := app.NewStockPush(h.stock, h.cat, h.shops, onePlatform{plat}, nil, app.StockPushOptions{Window: 5 * time.Millisecond})
			runCtx, stop := context.WithCancel(ctx)
			defer stop()
			must(t, push.Start(runCtx))

			eventually(t, "the first round's three writes", func() bool { return push.Health("T1").Pushes >= 3 })
			plat.mu.Lock()
			defer plat.mu.Unlock()
			if len(plat.above) > 0 {
				t.Fatalf("writes showed more than the shop published when they were sent: %v", plat.above)
			}
		})
	}
}

// countingConnectors counts the connectors it builds.
type countingConnectors struct {
	onePlatform
	built atomic.Int64
}

func (c *countingConnectors) Connector(ctx context.Context, sh shop.Shop, platform string) (channel.Connector, error) {
	c.built.Add(1)
	return c.onePlatform.Connector(ctx, sh, platform)
}

// TestStockPushKeepsTheShopsConnector: the pusher builds a shop's
// connector once, not once a write — building it reads and opens the
// shop's secrets, and a new one forgets what the last learnt (Shopify's
// inventory item of each variant, which costs a call to find) — and keeps
// it through an outage, which new credentials would not mend.
func TestStockPushKeepsTheShopsConnector(t *testing.T) {
	h := newTmallHub(t, storetest.SQLite, true)
	for _, sku := range []string{"TEA-250", "TEA-500", "CUP"} {
		h.receive(t, "r-"+sku, sku, "SH", 10)
		_, err := h.cat.PutListing(ctx, catalog.Listing{Channel: "tmall", Shop: "T1", ExternalItemID: "i-" + sku, SKU: sku})
		must(t, err)
	}
	_, err := h.stock.PutRule(ctx, inventory.Rule{Shop: "T1", SKU: inventory.AnySKU, Kind: inventory.RuleShare, ShareBP: 10000})
	must(t, err)
	plat := newStockPlatform()
	conns := &countingConnectors{onePlatform: onePlatform{plat}}
	push := app.NewStockPush(h.stock, h.cat, h.shops, conns, unit.New(h.db), app.StockPushOptions{})
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	must(t, push.Start(runCtx))
	eventually(t, "the first three writes", func() bool { return push.Health("T1").Pushes == 3 })
	for i := range 3 {
		h.receive(t, fmt.Sprint("more-", i), "CUP", "SH", 1)
		push.Changed("CUP")
		eventually(t, "the write of the receipt", func() bool { n, _ := plat.show("i-CUP", ""); return n == int64(11+i) })
	}
	plat.mu.Lock()
	plat.fail = 1 // the platform is down for one write: the listing goes to the job queue
	plat.mu.Unlock()
	h.receive(t, "more-tea", "TEA-250", "SH", 1)
	push.Changed("TEA-250")
	eventually(t, "the failed write", func() bool { return push.Health("T1").Failures == 1 })
	h.receive(t, "more-cup", "CUP", "SH", 1)
	push.Changed("CUP")
	eventually(t, "the writes after the outage", func() bool {
		tea, _ := plat.show("i-TEA-250", "")
		cup, _ := plat.show("i-CUP", "")
		return tea == 11 && cup == 14
	})
	if n := conns.built.Load(); n != 1 {
		t.Fatalf("built the shop's connector %d times for 9 writes and an outage, want once", n)
	}
}

// TestPromisesOfAnswersAsPromises: what the pusher reads per write
// (PromisesOf, a few SKUs) is what Promises answers for those SKUs —
// safety stock, every shop's rules, an inactive warehouse and a shop that
// ships from one warehouse only included.
func TestPromisesOfAnswersAsPromises(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			h := newHub(t, e.Open, app.OrderOptions{})
			h.stock.WithShops(h.shops)
			_, err := h.stock.CreateWarehouse(ctx, inventory.Warehouse{Code: "BJ", Name: "北京仓", Province: "北京", Priority: 3, Active: true})
			must(t, err)
			for _, sh := range []shop.Shop{{ID: "T1", Channel: "tmall", Name: "天猫", Warehouses: []shop.Warehouse{{Code: "GZ", Priority: 1}}},
				{ID: "T2", Channel: "jd", Name: "京东"}} {
				_, err := h.shops.Create(ctx, sh)
				must(t, err)
			}
			for i, r := range []struct {
				sku, wh string
				n       int64
			}{{"TEA-250", "SH", 100}, {"TEA-250", "GZ", 40}, {"TEA-250", "BJ", 7}, {"TEA-500", "SH", 30}, {"CUP", "GZ", 9}} {
				h.receive(t, fmt.Sprint("po-", i), r.sku, r.wh, r.n)
			}
			_, err = h.stock.UpdateWarehouse(ctx, "BJ", func(w *inventory.Warehouse) { w.Active = false })
			must(t, err)
			_, err = h.stock.PutSafetyStock(ctx, inventory.SafetyStock{SKU: "TEA-250", Quantity: 5})
			must(t, err)
			for _, r := range []inventory.Rule{{Shop: "T1", SKU: inventory.AnySKU, Kind: inventory.RuleShare, ShareBP: 6000},
				{Shop: "T2", SKU: "TEA-250", Kind: inventory.RuleCap, Quantity: 50}, {Shop: "T2", SKU: inventory.AnySKU, Kind: inventory.RuleShare, ShareBP: 2500}} {
				_, err := h.stock.PutRule(ctx, r)
				must(t, err)
			}
			asked := []string{"CUP", "GIFT", "TEA-250", "TEA-500"}
			for _, sh := range []string{"T1", "T2"} {
				all, err := h.stock.Promises(ctx, sh)
				must(t, err)
				var want []inventory.Promise
				for _, p := range all {
					if slices.Contains(asked, p.SKU) {
						want = append(want, p)
					}
				}
				got, err := h.stock.PromisesOf(ctx, sh, asked)
				must(t, err)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("shop %s:\nPromisesOf %+v\nPromises   %+v", sh, got, want)
				}
			}
		})
	}
}

// TestStockPushReclaimsHandedListingsWhenTheShopIsBack: listings whose
// writes failed are with the job queue, whose next try may be far off;
// once another write of the shop goes through, the pusher takes them back
// and writes them at once.
func TestStockPushReclaimsHandedListingsWhenTheShopIsBack(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			h := newTmallHub(t, e.Open, true)
			for i, sku := range []string{"TEA-250", "TEA-500"} {
				h.receive(t, "r-"+sku, sku, "SH", int64(10+i))
				_, err := h.cat.PutListing(ctx, catalog.Listing{Channel: "tmall", Shop: "T1", ExternalItemID: "i-" + sku, SKU: sku})
				must(t, err)
			}
			_, err := h.stock.PutRule(ctx, inventory.Rule{Shop: "T1", SKU: inventory.AnySKU, Kind: inventory.RuleShare, ShareBP: 10000})
			must(t, err)
			plat := newStockPlatform()
			plat.down = true
			// No job queue runs: a handed listing's job would wait for ever.
			push := app.NewStockPush(h.stock, h.cat, h.shops, onePlatform{plat}, unit.New(h.db), app.StockPushOptions{Refresh: 20 * time.Millisecond})
			runCtx, stop := context.WithCancel(ctx)
			defer stop()
			must(t, push.Start(runCtx))
			eventually(t, "both listings handed to the job queue", func() bool { return push.Health("T1").Handed == 2 })

			plat.mu.Lock()
			plat.down = false
			plat.mu.Unlock()
			h.receive(t, "r-cup", "CUP", "SH", 5)
			_, err = h.cat.PutListing(ctx, catalog.Listing{Channel: "tmall", Shop: "T1", ExternalItemID: "i-CUP", SKU: "CUP"})
			must(t, err)
			eventually(t, "the handed listings written once the shop took a write", func() bool {
				push.Changed("CUP") // the new listing, once the pusher has read it
				tea, _ := plat.show("i-TEA-250", "")
				tea500, _ := plat.show("i-TEA-500", "")
				cup, _ := plat.show("i-CUP", "")
				return cup == 5 && tea == 10 && tea500 == 11
			})
			if hl := push.Health("T1"); hl.Handed != 0 {
				t.Fatalf("health %+v: the listings are still with the job queue", hl)
			}
		})
	}
}
