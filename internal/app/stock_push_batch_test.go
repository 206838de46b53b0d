package app_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// batchPlatform is a platform whose calls write many listings, all or
// none like Shopify's inventorySetQuantities: a stale compare refuses the
// call, that push a Conflict carrying what the platform shows, the others
// channel.ErrNotApplied.
type batchPlatform struct {
	*stockPlatform
	max    int
	mu     sync.Mutex
	calls  [][]string // the listings of each PushStocks call
	single int        // PushStock calls
}

func (b *batchPlatform) MaxStockBatch() int { return b.max }

func (b *batchPlatform) PushStock(ctx context.Context, s channel.StockPush) (channel.StockResult, error) {
	b.mu.Lock()
	b.single++
	b.mu.Unlock()
	return b.stockPlatform.PushStock(ctx, s)
}

func (b *batchPlatform) PushStocks(_ context.Context, pushes []channel.StockPush) []channel.StockOutcome {
	keys := make([]string, len(pushes))
	for i, s := range pushes {
		keys[i] = s.ExternalItemID + "/" + s.ExternalSKUID
	}
	b.mu.Lock()
	b.calls = append(b.calls, keys)
	b.mu.Unlock()
	p := b.stockPlatform
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]channel.StockOutcome, len(pushes))
	refused := false
	for i, s := range pushes {
		if cur := p.shows[keys[i]]; s.Expected != nil && *s.Expected != cur {
			out[i].Err, refused = &channel.Error{Kind: channel.Conflict, Platform: "fake", Current: &cur}, true
		}
	}
	for i, s := range pushes {
		switch {
		case refused && out[i].Err == nil:
			out[i].Err = channel.ErrNotApplied
		case !refused:
			p.shows[keys[i]], p.pushes[keys[i]] = s.Quantity, p.pushes[keys[i]]+1
			out[i].Result.Quantity = s.Quantity
		}
	}
	return out
}

func (b *batchPlatform) record() ([][]string, int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.calls), b.single
}

// batchHub is a shop of n listings, listing i showing SKU-i, which has
// 10+i in stock, all of it published.
func batchHub(t *testing.T, open storetest.Opener, n int) *hub {
	h := newHub(t, open, app.OrderOptions{})
	_, err := h.shops.Create(ctx, shop.Shop{ID: "B1", Channel: "shopify", Name: "Lumen"})
	must(t, err)
	for i := range n {
		sku := fmt.Sprintf("SKU-%d", i)
		_, err := h.cat.CreateSKU(ctx, catalog.SKU{Code: sku, Product: "TEA", Name: sku, TaxRate: money.MustRate("0.13")})
		must(t, err)
		h.receive(t, "r"+sku, sku, "SH", int64(10+i))
		_, err = h.cat.PutListing(ctx, catalog.Listing{Channel: "shopify", Shop: "B1", ExternalItemID: fmt.Sprint("p", i), ExternalSKUID: fmt.Sprint("v", i), SKU: sku})
		must(t, err)
	}
	_, err = h.stock.PutRule(ctx, inventory.Rule{Shop: "B1", SKU: inventory.AnySKU, Kind: inventory.RuleShare, ShareBP: 10000})
	must(t, err)
	return h
}

func showsAll(plat *stockPlatform, n int, want func(i int) int64) bool {
	for i := range n {
		if got, _ := plat.show(fmt.Sprint("p", i), fmt.Sprint("v", i)); got != want(i) {
			return false
		}
	}
	return true
}

// TestStockPushBatchOneCallPerRound: with a connector that writes many
// listings per call, a round's due listings go in one call — at most the
// connector's batch each — not one call each; a compare that finds
// another value on one listing does not fail the others: the round's
// second call writes them all, that one against what the platform shows.
func TestStockPushBatchOneCallPerRound(t *testing.T) {
	const n = 25
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			h := batchHub(t, e.Open, n)
			plat := &batchPlatform{stockPlatform: newStockPlatform(), max: 10}
			push := app.NewStockPush(h.stock, h.cat, h.shops, onePlatform{plat}, nil, app.StockPushOptions{Window: 20 * time.Millisecond})
			runCtx, stop := context.WithCancel(ctx)
			defer stop()
			must(t, push.Start(runCtx))

			eventually(t, "the first pushes", func() bool { return showsAll(plat.stockPlatform, n, func(i int) int64 { return int64(10 + i) }) })
			calls, single := plat.record()
			if single != 0 || len(calls) != 3 {
				t.Fatalf("%d single writes and %d calls of %v; want 3 calls of at most 10", single, len(calls), calls)
			}
			seen := map[string]bool{}
			for _, c := range calls {
				for _, k := range c {
					seen[k] = true
				}
				if len(c) > 10 {
					t.Fatalf("a call of %d listings, over the batch of 10", len(c))
				}
			}
			if len(seen) != n {
				t.Fatalf("the calls wrote %d listings, want %d", len(seen), n)
			}

			// The platform sold listing 3 on its own; then every SKU changes.
			plat.set("p3", "v3", 1)
			for i := range 8 {
				h.receive(t, fmt.Sprint("more", i), fmt.Sprintf("SKU-%d", i), "SH", 100)
			}
			skus := make([]string, 8)
			for i := range skus {
				skus[i] = fmt.Sprintf("SKU-%d", i)
			}
			push.Changed(skus...)
			want := func(i int) int64 {
				if i < 8 {
					return int64(110 + i)
				}
				return int64(10 + i)
			}
			eventually(t, "the pushes past the platform's own sale", func() bool { return showsAll(plat.stockPlatform, n, want) })
			calls, single = plat.record()
			if single != 0 || len(calls) != 5 || len(calls[3]) != 8 || len(calls[4]) != 8 {
				t.Fatalf("%d single writes; calls %v: want the refused call of 8 and its second of 8", single, calls)
			}
			if hl := push.Health("B1"); hl.Failures != 0 || hl.Pushes != n+8 {
				t.Fatalf("health %+v: no listing may fail for another's compare", hl)
			}
		})
	}
}

// A listing whose second write is refused again goes to the job queue
// alone; the others of the round are written.
func TestStockPushBatchHandsOnlyTheFailed(t *testing.T) {
	const n = 4
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			h := batchHub(t, e.Open, n)
			plat := &batchPlatform{stockPlatform: newStockPlatform(), max: 100}
			flaky := &refuseOne{batchPlatform: plat, key: "p2/v2"}
			_, err := jobdb.Migrate(ctx, h.db)
			must(t, err)
			push := app.NewStockPush(h.stock, h.cat, h.shops, onePlatform{flaky}, unit.New(h.db), app.StockPushOptions{Window: 20 * time.Millisecond, Retry: time.Hour})
			runCtx, stop := context.WithCancel(ctx)
			defer stop()
			must(t, push.Start(runCtx))
			eventually(t, "the others written", func() bool {
				return showsAll(plat.stockPlatform, n, func(i int) int64 {
					if i == 2 {
						return 0
					}
					return int64(10 + i)
				})
			})
			eventually(t, "the refused one failed", func() bool { return push.Health("B1").Failures == 1 })
			if hl := push.Health("B1"); hl.Pushes != n-1 {
				t.Fatalf("health %+v", hl)
			}
		})
	}
}

// refuseOne refuses every write of one listing as the platform would a
// listing it does not know.
type refuseOne struct {
	*batchPlatform
	key string
}

func (r *refuseOne) PushStocks(ctx context.Context, pushes []channel.StockPush) []channel.StockOutcome {
	var keep []channel.StockPush
	var at []int
	out := make([]channel.StockOutcome, len(pushes))
	for i, s := range pushes {
		if s.ExternalItemID+"/"+s.ExternalSKUID == r.key {
			out[i].Err = &channel.Error{Kind: channel.NotFound, Platform: "fake"}
			continue
		}
		keep, at = append(keep, s), append(at, i)
	}
	for j, o := range r.batchPlatform.PushStocks(ctx, keep) {
		out[at[j]] = o
	}
	return out
}
