package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/event"
	"github.com/fnshub/fnshub/internal/event/eventdb"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// shown is what the platforms' listings show, read after every stock
// write the platforms took, so a value shown for a moment is seen too.
type shown struct {
	mu      sync.Mutex
	read    func() map[string]int64 // every listing's quantity now, by name
	history []map[string]int64
}

// watch wraps a platform's API: after each request isWrite says is a stock
// write, it notes what every listing shows.
func (s *shown) watch(isWrite func(r *http.Request, body []byte) bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			next.ServeHTTP(w, r)
			if isWrite(r, body) {
				s.note()
			}
		})
	}
}

func (s *shown) note() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.history = append(s.history, s.read())
}

// since returns what was noted after the first n notes, and how many
// there are now.
func (s *shown) since(n int) ([]map[string]int64, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]int64(nil), s.history[n:]...), len(s.history)
}

func shopifyWrite(_ *http.Request, body []byte) bool {
	return bytes.Contains(body, []byte("SetAvailable"))
}

func topWrite(r *http.Request, body []byte) bool {
	form, _ := url.ParseQuery(string(body))
	return form.Get("method") == "taobao.item.quantity.update" || r.URL.Query().Get("method") == "taobao.item.quantity.update"
}

// TestE2E_StockPushToBothPlatforms: the stock pusher, wired as cmd/fnshub
// wires it (subscribed to an event.Local the outbox relay feeds, then
// started), writes to a Shopify store's inventory levels (at the shop's
// location) and to a tmall listing's num_iid/sku_id on the TOP gateway
// exactly what each shop may publish, as receipts and orders move stock;
// no write ever shows more than the shop publishes before or after it.
func TestE2E_StockPushToBothPlatforms(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			w := newWired(t, e.Open)
			seen := &shown{}
			sr := attachShopify(t, w, seen.watch(shopifyWrite))
			tr := attachTop(t, w, seen.watch(topWrite))
			listings := map[string]struct {
				shop, sku string
				show      func() int64
			}{
				"shopify tea": {shopifyShop, "TEA-250", func() int64 { return sr.store.Available(sr.tea.ID) }},
				"shopify cup": {shopifyShop, "CUP", func() int64 { return sr.store.Available(sr.cup.ID) }},
				"tmall tea":   {tmallShop, "TEA-250", func() int64 { q, _ := tr.gw.Quantity(teaItem, tea250SKU); return q }},
				"tmall 500":   {tmallShop, "TEA-500", func() int64 { q, _ := tr.gw.Quantity(teaItem, tea500SKU); return q }},
				"tmall cup":   {tmallShop, "CUP", func() int64 { q, _ := tr.gw.Quantity(cupItem, ""); return q }},
			}
			seen.read = func() map[string]int64 {
				out := map[string]int64{}
				for name, l := range listings {
					out[name] = l.show()
				}
				return out
			}
			published := func() map[string]int64 {
				out := map[string]int64{}
				for name, l := range listings {
					ps, err := w.stock.Promises(ctx, l.shop)
					must(t, err)
					out[name] = 0 // a SKU with no stock is not among the promises
					for _, p := range ps {
						if p.SKU == l.sku {
							out[name] = p.Published
						}
					}
				}
				return out
			}

			w.receive(t, "po-1", "TEA-250", "SH", 100)
			w.receive(t, "po-2", "CUP", "SH", 40)
			for sh, bp := range map[string]int64{shopifyShop: 3000, tmallShop: 5000} {
				_, err := w.stock.PutRule(ctx, inventory.Rule{Shop: sh, SKU: inventory.AnySKU, Kind: inventory.RuleShare, ShareBP: bp})
				must(t, err)
			}
			// What the platforms show before fnshub starts: stale counts.
			sr.store.SetAvailable(sr.tea.ID, 500)
			sr.store.SetAvailable(sr.cup.ID, 3)
			tr.gw.SetQuantity(teaItem, tea250SKU, 500)
			tr.gw.SetQuantity(teaItem, tea500SKU, 7)
			tr.gw.SetQuantity(cupItem, "", 2)

			bus := event.NewLocal()
			relay := &event.Relay{Outbox: eventdb.New(w.db), Buses: []event.Bus{bus}, Holder: "e2e"}
			push := app.NewStockPush(w.stock, w.cat, w.shops, w.conns, unit.New(w.db), app.StockPushOptions{})
			push.Subscribe(bus)
			runCtx, stop := context.WithCancel(ctx)
			defer stop()
			must(t, push.Start(runCtx))

			marks := 0
			// step runs a change in the hub, relays its events, waits until
			// every listing shows what its shop publishes, and checks no
			// write in between showed more than the shop published before
			// or after the change.
			step := func(what string, checked bool, change func()) {
				t.Helper()
				before := published()
				change()
				_, err := relay.Drain(ctx, 100)
				must(t, err)
				after := published()
				eventually(t, what+": every listing shows what its shop publishes", func() bool {
					now := seen.read()
					for name := range listings {
						if now[name] != after[name] {
							return false
						}
					}
					return true
				})
				var notes []map[string]int64
				notes, marks = seen.since(marks)
				for _, n := range notes {
					for name, q := range n {
						if checked && q > max(before[name], after[name]) {
							t.Errorf("%s: %s showed %d, above what its shop published (%d before, %d after)", what, name, q, before[name], after[name])
						}
					}
				}
			}

			// At the start the listings not written yet still show their stale
			// counts, so only where they end is checked.
			step("the start", false, func() {})
			want := map[string]int64{"shopify tea": 30, "shopify cup": 12, "tmall tea": 50, "tmall 500": 0, "tmall cup": 20}
			if got := seen.read(); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("after the start the listings show %v, want 30%% and 50%% of the stock: %v", got, want)
			}

			step("orders on both shops", true, func() {
				for i := range 6 {
					in := paid("TM-"+strconv.Itoa(i), 1, "TEA-250", "CUP")
					in.Order.Channel, in.Order.Shop = "tmall", tmallShop
					w.ingest(t, in)
				}
				for i := range 4 {
					in := paid("SH-"+strconv.Itoa(i), 1, "TEA-250")
					in.Order.Channel, in.Order.Shop = "shopify", shopifyShop
					w.ingest(t, in)
				}
			})
			step("a receipt", true, func() { w.receive(t, "po-3", "TEA-500", "SH", 20); w.receive(t, "po-4", "CUP", "SH", 10) })
			// Shopify sells a tea on its own before the hub hears of it; the
			// next push's compare finds that and still writes what the shop
			// publishes.
			sr.store.SetAvailable(sr.tea.ID, sr.store.Available(sr.tea.ID)-1)
			step("a receipt after a sale the hub has not seen", true, func() { w.receive(t, "po-5", "TEA-250", "SH", 10) })

			if hl := push.Health(shopifyShop); hl.Pushes == 0 || hl.Failures != 0 {
				t.Errorf("shopify health: %+v", hl)
			}
			if hl := push.Health(tmallShop); hl.Pushes == 0 || hl.Failures != 0 {
				t.Errorf("tmall health: %+v", hl)
			}
		})
	}
}
