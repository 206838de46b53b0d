package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/catalog"
	chshopify "github.com/fnshub/fnshub/internal/channel/shopify"
	"github.com/fnshub/fnshub/internal/entity"
	"github.com/fnshub/fnshub/internal/entity/entitydb"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/sandbox/shopify"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

const shopifyShop = "shopify-cn"

// shopifyRig is a Shopify store on loopback and a hub shop connected to
// it: its domain and location in settings, its token and webhook secret
// sealed, its api_base_url at the store.
type shopifyRig struct {
	*wired
	store *shopify.Shop
	clock *storeClock
	api   *served
	tea   shopify.Variant // listed as TEA-250
	cup   shopify.Variant // listed as CUP
}

func newShopifyRig(t *testing.T, open storetest.Opener) *shopifyRig {
	t.Helper()
	return attachShopify(t, newWired(t, open), nil)
}

// attachShopify connects a new store to w's hub; wrap, if set, goes in
// front of the store's API.
func attachShopify(t *testing.T, w *wired, wrap func(http.Handler) http.Handler) *shopifyRig {
	t.Helper()
	clock := &storeClock{t: time.Now().UTC().Truncate(time.Second)}
	store := shopify.New(shopify.Options{Now: clock.Now, Domain: "tea-house.myshopify.com", Token: "shpat_e2e", WebhookSecret: "whsec-e2e",
		Currency: "CNY", Zone: time.FixedZone("CST", 8*3600), Seed: 3,
		// Every delivery is sent twice under one webhook id, as Shopify
		// may; retries come quickly.
		Webhooks: shopify.WebhookOptions{Duplicate: 1, Backoff: time.Millisecond, Attempts: 4}})
	api := store.Handler()
	if wrap != nil {
		api = wrap(api)
	}
	sim := newLoopback(t, api)
	w.connect(t, shop.Shop{ID: shopifyShop, Channel: "shopify", Name: "Tea House", Currency: "CNY", APIBaseURL: sim,
		Settings: map[string]string{chshopify.SettingShopDomain: store.Domain(), chshopify.SettingLocationID: strconv.FormatInt(store.LocationID(), 10)}},
		map[string]string{chshopify.SecretToken: store.Token(), chshopify.SecretWebhook: store.WebhookSecret()})
	r := &shopifyRig{wired: w, store: store, clock: clock, api: w.serve(t),
		tea: store.AddVariant(shopify.Variant{SKU: "LJ-250"}), cup: store.AddVariant(shopify.Variant{SKU: "CUP-W"})}
	for v, sku := range map[shopify.Variant]string{r.tea: "TEA-250", r.cup: "CUP"} {
		w.list(t, catalog.Listing{Channel: "shopify", Shop: shopifyShop, ExternalItemID: strconv.FormatInt(v.ProductID, 10),
			ExternalSKUID: strconv.FormatInt(v.ID, 10), SKU: sku})
	}
	hook := r.api.url + "/hooks/shopify/" + shopifyShop
	for _, topic := range []string{"orders/create", "orders/paid", "orders/updated", "refunds/create"} {
		store.Subscribe(topic, hook)
	}
	return r
}

// storeClock is the store's time: Shopify keeps updated_at to the second,
// and two changes within one second would be one version to the hub.
type storeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *storeClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *storeClock) Add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

// checkout is a buyer's order on the store: two 250 g teas with 10.00 off,
// a cup, and shipping, in a tax-inclusive shop.
func (r *shopifyRig) checkout() shopify.Order {
	tp, tv, cp, cv := r.tea.ProductID, r.tea.ID, r.cup.ProductID, r.cup.ID
	teaSKU, cupSKU, phone := r.tea.SKU, r.cup.SKU, "+8613800000000"
	return r.store.AddOrder(shopify.Order{FinancialStatus: "paid", TaxesIncluded: true, Email: "buyer@example.com",
		LineItems: []shopify.LineItem{
			{ProductID: &tp, VariantID: &tv, SKU: &teaSKU, Title: "龙井 250 g", Name: "龙井 250 g", Quantity: 2, Price: "128.00",
				RequiresShipping: true, DiscountAllocations: []shopify.DiscountAllocation{{Amount: "10.00"}},
				TaxLines: []shopify.TaxLine{{Title: "VAT", Price: "28.30", Rate: "0.13"}}},
			{ProductID: &cp, VariantID: &cv, SKU: &cupSKU, Title: "白瓷杯", Name: "白瓷杯", Quantity: 1, Price: "35.50", RequiresShipping: true,
				TaxLines: []shopify.TaxLine{{Title: "VAT", Price: "4.08", Rate: "0.13"}}},
		},
		ShippingLines: []shopify.ShippingLine{{Title: "顺丰", Code: "SF", Source: "shopify", Price: "12.00"}},
		Customer:      &shopify.Customer{ID: 7001, Email: "buyer@example.com", FirstName: "三", LastName: "张"},
		ShippingAddress: &shopify.Address{Name: "张三", FirstName: "三", LastName: "张", Address1: "文三路 1 号", City: "杭州市",
			Province: "浙江省", ProvinceCode: "ZJ", Zip: "310000", Country: "China", CountryCode: "CN", Phone: &phone}})
}

// flush lets the store deliver what it queued, and runs the hook.process
// job of each delivery the hub accepted.
func (r *shopifyRig) flush(t *testing.T) []int64 {
	t.Helper()
	must(t, r.store.Flush(ctx))
	ids := r.api.takeAccepted()
	r.process(t, ids)
	return ids
}

// TestE2E_ShopifyWebhookBecomesTheOrder is issue 8's done-when: a Shopify
// order, signed with the shop's webhook secret and posted by the store to
// /hooks/shopify/{shop} through the hub's HTTP handler, becomes the right
// order — through retries and duplicate deliveries, while a tampered body
// is refused.
func TestE2E_ShopifyWebhookBecomesTheOrder(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			r := newShopifyRig(t, e.Open)
			r.receive(t, "po-1", "TEA-250", "SH", 10)
			r.receive(t, "po-2", "CUP", "SH", 10)
			placed := r.checkout()
			r.api.failNext(1) // the first delivery finds the hub restarting; the store retries it

			accepted := r.flush(t)
			if len(accepted) != 2 { // orders/create and orders/paid; their duplicates are not
				t.Fatalf("the hub accepted %d deliveries, want orders/create and orders/paid once each", len(accepted))
			}
			checkDeliveries(t, r.store.Deliveries(), 4)

			got := r.order(t, shopifyShop, strconv.FormatInt(placed.ID, 10))
			checkShopifyOrder(t, r, got, placed)
			vs, err := r.orders.Versions(ctx, got.ID)
			must(t, err)
			if len(vs) != 1 {
				t.Fatalf("create, paid and their duplicates carry one updated_at: %d versions, want 1", len(vs))
			}

			// A delivery the hub has seen, posted again, changes nothing.
			hdr, body, err := r.store.Webhook("orders/paid", placed.ID)
			must(t, err)
			first := post(t, r.api.url, hdr, body)
			again := post(t, r.api.url, hdr, body)
			if first != http.StatusOK || again != http.StatusOK {
				t.Fatalf("a delivery and its resend: %d, %d", first, again)
			}
			r.process(t, r.api.takeAccepted())
			if after := r.order(t, shopifyShop, got.ExternalID); after.ContentHash != got.ContentHash || after.Status != got.Status {
				t.Fatalf("a duplicate changed the order: %+v", after.Order)
			}
			if vs2, _ := r.orders.Versions(ctx, got.ID); len(vs2) != 1 {
				t.Fatalf("a duplicate added a version: %d", len(vs2))
			}

			// The same webhook with a line's price lowered after signing.
			forged := []byte(strings.Replace(string(body), `"price":"128.00"`, `"price":"1.28"`, 1))
			if string(forged) == string(body) {
				t.Fatal("the forgery changed nothing; the test would prove nothing")
			}
			if status := post(t, r.api.url, hdr, forged); status != http.StatusUnauthorized {
				t.Fatalf("a tampered body: %d, want 401", status)
			}
			if ids := r.api.takeAccepted(); len(ids) != 0 {
				t.Fatalf("a tampered body was accepted: %v", ids)
			}
			r.assertInvariants(t)
		})
	}
}

// checkDeliveries checks the store's attempts: each event delivered, the
// first attempt answered 503 and retried, every answer after it 200.
func checkDeliveries(t *testing.T, ds []shopify.Delivery, wantAnswered int) {
	t.Helper()
	if len(ds) == 0 || ds[0].Status != http.StatusServiceUnavailable || ds[0].Attempt != 1 {
		t.Fatalf("the first attempt must have found the hub down: %+v", ds)
	}
	ok, dup, retried := 0, 0, false
	for _, d := range ds[1:] {
		if d.Status != http.StatusOK {
			t.Errorf("delivery %s %s attempt %d: %d %s", d.Topic, d.WebhookID, d.Attempt, d.Status, d.Err)
		}
		ok++
		if d.Duplicate {
			dup++
		}
		retried = retried || (d.Attempt == 2 && d.WebhookID == ds[0].WebhookID)
	}
	if ok != wantAnswered || dup != wantAnswered/2 || !retried {
		t.Fatalf("%d answered (%d duplicates), retried %v; want %d answered, half duplicates, the failed one retried", ok, dup, retried, wantAnswered)
	}
}

func checkShopifyOrder(t *testing.T, r *shopifyRig, got *order.Record, placed shopify.Order) {
	t.Helper()
	o := got.Order
	if o.Shop != shopifyShop || o.Channel != "shopify" || o.Currency != "CNY" || o.Status != order.Allocated || o.Hold != nil {
		t.Fatalf("order: shop %s channel %s currency %s status %s hold %+v", o.Shop, o.Channel, o.Currency, o.Status, o.Hold)
	}
	want := []struct {
		sku             string
		item, variant   int64
		qty             int64
		price, discount money.Amount
	}{
		{"TEA-250", r.tea.ProductID, r.tea.ID, 2, cny(12800), cny(1000)},
		{"CUP", r.cup.ProductID, r.cup.ID, 1, cny(3550), cny(0)},
	}
	if len(o.Lines) != len(want) {
		t.Fatalf("%d lines, want %d", len(o.Lines), len(want))
	}
	for i, w := range want {
		l := o.Lines[i]
		if l.SKU != w.sku || l.ExternalItemID != strconv.FormatInt(w.item, 10) || l.ExternalSKUID != strconv.FormatInt(w.variant, 10) ||
			l.Quantity != w.qty || l.UnitPrice != w.price || l.LineDiscount != w.discount {
			t.Errorf("line %d: %s (%s/%s) %d × %v − %v; want %s %d × %v − %v", i+1, l.SKU, l.ExternalItemID, l.ExternalSKUID,
				l.Quantity, l.UnitPrice, l.LineDiscount, w.sku, w.qty, w.price, w.discount)
		}
	}
	total, err := o.Total()
	must(t, err)
	shopifyTotal, err := money.Parse(placed.TotalPrice, "CNY")
	must(t, err)
	if total != shopifyTotal || o.ShippingFee != cny(1200) {
		t.Errorf("total %v (shipping %v), Shopify's total_price %s with 12.00 shipping", total, o.ShippingFee, placed.TotalPrice)
	}
	c, err := r.orders.Contact(context.Background(), got)
	must(t, err)
	if c == nil || c.Province != "浙江省" || c.City != "杭州市" || c.Name != "张三" || o.Province != "浙江省" {
		t.Errorf("contact %+v, order province %q; want 张三 of 杭州市, 浙江省", c, o.Province)
	}
}

// post sends a webhook to the hub's route for the Shopify shop, as the
// store would, and returns the answer's status.
func post(t *testing.T, hub string, hdr http.Header, body []byte) int {
	t.Helper()
	return postTo(t, hub+"/hooks/shopify/"+shopifyShop, hdr, body)
}

func postTo(t *testing.T, url string, hdr http.Header, body []byte) int {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(string(body)))
	must(t, err)
	req.Header = hdr.Clone()
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	defer resp.Body.Close()
	return resp.StatusCode
}

// TestE2E_ShopifyRefundIsFetched: a refund on the store sends
// refunds/create, which names the order without its new state; the
// hook.process job, run by a real job queue, fetches the order over the
// Admin API and the hub's order takes the state the mapping gives —
// refunded once the refunds reach its total.
func TestE2E_ShopifyRefundIsFetched(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			r := newShopifyRig(t, e.Open)
			r.receive(t, "po-1", "TEA-250", "SH", 10)
			r.receive(t, "po-2", "CUP", "SH", 10)
			workers := job.NewWorkers()
			r.hooks.Register(workers)
			q, err := jobdb.New(r.db, workers, jobdb.Config{Workers: 2, Backoff: 10 * time.Millisecond, MaxBackoff: 40 * time.Millisecond, Poll: 10 * time.Millisecond})
			must(t, err)
			runCtx, stop := context.WithCancel(ctx)
			defer stop()
			must(t, q.Start(runCtx))
			t.Cleanup(func() { _ = q.Stop(context.Background()) })

			placed := r.checkout()
			must(t, r.store.Flush(ctx))
			ext := strconv.FormatInt(placed.ID, 10)
			eventually(t, "the queue ingests the order", func() bool { return r.status(ext) == order.Allocated })

			// Only refunds/create reaches the hub, so the order's new state
			// can come from the fetch alone.
			r.store.Unsubscribe("orders/updated")
			r.clock.Add(time.Hour) // the buyer asks for the money back later
			_, err = r.store.Refund(placed.ID, placed.TotalPrice,
				shopify.RefundLine{LineItemID: placed.LineItems[0].ID, Quantity: 2}, shopify.RefundLine{LineItemID: placed.LineItems[1].ID, Quantity: 1})
			must(t, err)
			r.api.takeAccepted()
			must(t, r.store.Flush(ctx))
			ids := r.api.takeAccepted()
			if len(ids) != 1 {
				t.Fatalf("the hub accepted %d deliveries of the refund, want refunds/create once", len(ids))
			}
			evs, err := r.orders.RawEvents(ctx, order.RawFilter{IDs: ids})
			must(t, err)
			if len(evs) != 1 || evs[0].Headers["X-Shopify-Topic"] != "refunds/create" {
				t.Fatalf("the kept delivery must be the refund itself: %+v", evs)
			}
			eventually(t, "the refund's job makes the order refunded (Shopify's financial_status refunded)", func() bool {
				return r.status(ext) == order.Refunded
			})
			got := r.order(t, shopifyShop, ext)
			vs, err := r.orders.Versions(ctx, got.ID)
			must(t, err)
			if len(vs) != 2 || vs[1].Status != order.Refunded {
				t.Fatalf("the fetched order must be a second version: %+v", vs)
			}
			// The version names the order as fetched, kept as a pull's payload.
			fetched, err := r.orders.RawEvents(ctx, order.RawFilter{IDs: []int64{vs[1].RawEventID}})
			must(t, err)
			if len(fetched) != 1 || fetched[0].Source != "pull:shopify" {
				t.Fatalf("the refunded version's payload: %+v", fetched)
			}
			eventually(t, "every hook.process job completed, none retried", func() bool {
				page, err := q.List(ctx, job.Filter{Kind: "hook.process"})
				if err != nil || len(page.Jobs) != 3 { // orders/create, orders/paid, refunds/create
					return false
				}
				for _, j := range page.Jobs {
					if j.State != job.Completed || j.Attempt != 1 {
						return false
					}
				}
				return true
			})
			r.assertInvariants(t)
		})
	}
}

// status is the hub's status of the shop's order ext, or "" while there is
// none.
func (r *shopifyRig) status(ext string) order.Status {
	recs, err := r.orders.List(ctx, orderListAll())
	if err != nil {
		return ""
	}
	for _, rec := range recs {
		if rec.Shop == shopifyShop && rec.ExternalID == ext {
			return rec.Status
		}
	}
	return ""
}

// TestE2E_ShopifyGoldenPayload: the documented REST order in the
// connector's testdata, signed with a shop's webhook secret and posted to
// the hook route, becomes the order its canonical golden file says.
func TestE2E_ShopifyGoldenPayload(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			w := newWired(t, e.Open)
			api := w.serve(t)
			var want struct {
				Order     order.Order  `json:"order"`
				PaidTotal money.Amount `json:"paid_total"`
			}
			canonical, err := os.ReadFile("../channel/shopify/testdata/rest_order.canonical.json")
			must(t, err)
			must(t, json.Unmarshal(canonical, &want))
			body, err := os.ReadFile("../channel/shopify/testdata/rest_order.json")
			must(t, err)

			// The payload is a US shop's, in USD: the shop belongs to an
			// entity whose books keep USD, so nothing holds it.
			_, err = entity.New(entitydb.New(w.db), nil).Create(ctx, entity.Entity{Code: "us", Name: "Lamps Inc.", BaseCurrency: "USD", Timezone: "America/New_York"})
			must(t, err)
			w.connect(t, shop.Shop{ID: want.Order.Shop, Channel: "shopify", Name: "Lamps", Entity: "us", Currency: "USD", APIBaseURL: "http://127.0.0.1:1",
				Settings: map[string]string{chshopify.SettingShopDomain: "lamps.myshopify.com"}},
				map[string]string{chshopify.SecretToken: "shpat_unused", chshopify.SecretWebhook: "golden-secret"})
			for _, l := range want.Order.Lines {
				_, err := w.cat.CreateSKU(ctx, catalog.SKU{Code: l.SKU, Name: l.Title, TaxRate: l.TaxRate})
				must(t, err)
				w.list(t, catalog.Listing{Channel: "shopify", Shop: want.Order.Shop, ExternalItemID: l.ExternalItemID, ExternalSKUID: l.ExternalSKUID, SKU: l.SKU})
				w.receive(t, "po-"+l.SKU, l.SKU, "SH", 5)
			}

			hdr := http.Header{}
			hdr.Set("Content-Type", "application/json")
			hdr.Set("X-Shopify-Topic", "orders/create")
			hdr.Set("X-Shopify-Hmac-Sha256", chshopify.Sign([]byte("golden-secret"), body))
			hdr.Set("X-Shopify-Shop-Domain", "lamps.myshopify.com")
			hdr.Set("X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043")
			hdr.Set("X-Shopify-Triggered-At", "2026-11-30T14:20:46.123Z")
			if status := postTo(t, api.url+"/hooks/shopify/"+want.Order.Shop, hdr, body); status != http.StatusOK {
				t.Fatalf("the signed golden payload: %d", status)
			}
			w.process(t, api.takeAccepted())

			got := w.order(t, want.Order.Shop, want.Order.ExternalID).Order
			if got.Channel != "shopify" || got.Currency != want.Order.Currency || got.Version != want.Order.Version || got.Status != order.Allocated ||
				got.ShippingFee != want.Order.ShippingFee || got.Province != want.Order.Province ||
				!got.CreatedAt.Equal(want.Order.CreatedAt) || !got.PaidAt.Equal(want.Order.PaidAt) {
				t.Fatalf("order %+v (hold %+v), want %+v", got, got.Hold, want.Order)
			}
			if len(got.Lines) != len(want.Order.Lines) {
				t.Fatalf("%d lines, want %d", len(got.Lines), len(want.Order.Lines))
			}
			for i, wl := range want.Order.Lines {
				l := got.Lines[i]
				if l.SKU != wl.SKU || l.ExternalItemID != wl.ExternalItemID || l.ExternalSKUID != wl.ExternalSKUID || l.Quantity != wl.Quantity ||
					l.UnitPrice != wl.UnitPrice || l.LineDiscount != wl.LineDiscount || l.TaxRate.String() != wl.TaxRate.String() || l.Tax != wl.Tax {
					t.Errorf("line %d: %+v, want %+v", i+1, l, wl)
				}
			}
			if total, err := got.Total(); err != nil || total != want.PaidTotal {
				t.Errorf("total %v (%v), want Shopify's total_price %v", total, err, want.PaidTotal)
			}
		})
	}
}
