package app_test

// The stock fan-out benchmark's rig (issue 8, item 11): a hub on a real
// database with many SKUs, each listed on every one of 8 shops — 4 Shopify
// stores and 4 tmall shops, each its own simulator on loopback HTTP behind
// a recorder that notes every stock write the simulator took.

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/catalog"
	chshopify "github.com/fnshub/fnshub/internal/channel/shopify"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/sandbox"
	"github.com/fnshub/fnshub/internal/sandbox/shopify"
	"github.com/fnshub/fnshub/internal/sandbox/top"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// fanoutShop is one simulated shop of the rig.
type fanoutShop struct {
	id     string
	faults *sandbox.Faults
	show   func(sku int) int64 // what the platform shows of the SKU's listing now
	// written names the SKUs (by index) whose listings a request wrote,
	// none when it was not a stock write.
	written func(r *http.Request, body []byte) []int
	// took says whether an answer (HTTP 200) is one of a write the
	// platform made: not a throttle, an outage or a refused compare.
	took func(answer []byte) bool
}

// fanoutRig is the hub, its shops and what the recorder saw.
type fanoutRig struct {
	*hub
	conns *app.ShopConnectors
	skus  []string
	shops []*fanoutShop
	rules []inventory.Rule
	log   *fanoutLog
}

func fanoutSKU(i int) string { return fmt.Sprintf("FS-%04d", i) }

// newFanoutRig makes the hub with skus SKUs holding stock units each in
// warehouse SH, and the 8 shops, each publishing an eighth of every SKU.
func newFanoutRig(b *testing.B, open storetest.Opener, skus int, stock int64, unlimited bool) *fanoutRig {
	h := newHub(b, open, app.OrderOptions{})
	keys, err := pii.NewKeyring(pii.Key{ID: "bench", Secret: []byte((rand.Text() + rand.Text())[:pii.KeySize])})
	must(b, err)
	h.shops.WithKeys(keys)
	r := &fanoutRig{hub: h, conns: app.NewShopConnectors(h.shops, decodeJSON)}
	_, err = h.cat.CreateProduct(ctx, catalog.Product{Code: "FS", Name: "flash sale"})
	must(b, err)
	cost := cny(400)
	for i := range skus {
		code := fanoutSKU(i)
		_, err := h.cat.CreateSKU(ctx, catalog.SKU{Code: code, Product: "FS", Name: code, TaxRate: money.MustRate("0.13")})
		must(b, err)
		_, _, err = h.value.Receive(ctx, "fs-po-"+code, inventory.Line{SKU: code, Warehouse: "SH", Quantity: stock}, &cost)
		must(b, err)
		r.skus = append(r.skus, code)
	}
	r.log = newFanoutLog(skus, 8, stock)
	for n := range 4 {
		r.addShopify(b, fmt.Sprintf("shopify-%d", n+1), unlimited)
		r.addTmall(b, fmt.Sprintf("tmall-%d", n+1))
	}
	for _, sh := range r.shops {
		rule := inventory.Rule{Shop: sh.id, SKU: inventory.AnySKU, Kind: inventory.RuleShare, ShareBP: inventory.FullShare / 8}
		_, err := h.stock.PutRule(ctx, rule)
		must(b, err)
		r.rules = append(r.rules, rule)
	}
	return r
}

// serveRecorded serves a simulator on loopback behind the recorder.
func (r *fanoutRig) serveRecorded(b *testing.B, shopIndex int, api http.Handler) string {
	sh := r.shops[shopIndex]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		arrived := time.Now()
		body, _ := io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		api.ServeHTTP(rec, req)
		if rec.Code == http.StatusOK && sh.took(rec.Body.Bytes()) {
			for _, k := range sh.written(req, body) {
				r.log.wrote(shopIndex, k, arrived, sh.show(k))
			}
		}
		maps.Copy(w.Header(), rec.Header())
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}))
	b.Cleanup(srv.Close)
	return srv.URL
}

// addShopify adds a store whose cost bucket is Shopify's Standard plan's
// (1,000 points, 100 a second), or, unlimited, one that never runs dry.
func (r *fanoutRig) addShopify(b *testing.B, id string, unlimited bool) {
	opt := shopify.Options{Domain: id + ".myshopify.com", Token: "shpat_" + id, WebhookSecret: "whsec-" + id, Currency: "CNY", Seed: 11}
	if unlimited {
		opt.MaxCost, opt.RestoreRate = 1e9, 1e9
	}
	store := shopify.New(opt)
	variants := make([]shopify.Variant, len(r.skus))
	byItem := map[string]int{}
	for i, code := range r.skus {
		variants[i] = store.AddVariant(shopify.Variant{SKU: "V-" + code})
		byItem["gid://shopify/InventoryItem/"+strconv.FormatInt(variants[i].InventoryItemID, 10)] = i
	}
	sh := &fanoutShop{id: id, faults: store.Faults(),
		show:    func(k int) int64 { return store.Available(variants[k].ID) },
		written: func(_ *http.Request, body []byte) []int { return shopifyWritten(body, byItem) },
		took:    func(answer []byte) bool { return bytes.Contains(answer, []byte(`"userErrors":[]`)) }}
	r.shops = append(r.shops, sh)
	base := r.serveRecorded(b, len(r.shops)-1, store.Handler())
	_, err := r.hub.shops.CreateWithSecrets(ctx, shop.Shop{ID: id, Channel: "shopify", Name: id, Currency: "CNY", APIBaseURL: base,
		Settings: map[string]string{chshopify.SettingShopDomain: store.Domain(), chshopify.SettingLocationID: strconv.FormatInt(store.LocationID(), 10)}},
		map[string]string{chshopify.SecretToken: store.Token(), chshopify.SecretWebhook: store.WebhookSecret()})
	must(b, err)
	for i, v := range variants {
		_, err := r.cat.PutListing(ctx, catalog.Listing{Channel: "shopify", Shop: id, ExternalItemID: strconv.FormatInt(v.ProductID, 10),
			ExternalSKUID: strconv.FormatInt(v.ID, 10), SKU: r.skus[i]})
		must(b, err)
	}
}

// shopifyWritten reads the inventory items an inventorySetQuantities set.
func shopifyWritten(body []byte, byItem map[string]int) []int {
	if !bytes.Contains(body, []byte("SetAvailable")) {
		return nil
	}
	var req struct {
		Variables struct {
			Input struct {
				Quantities []struct {
					Item string `json:"inventoryItemId"`
				} `json:"quantities"`
			} `json:"input"`
		} `json:"variables"`
	}
	if json.Unmarshal(body, &req) != nil {
		return nil
	}
	var out []int
	for _, q := range req.Variables.Input.Quantities {
		if k, ok := byItem[q.Item]; ok {
			out = append(out, k)
		}
	}
	return out
}

func (r *fanoutRig) addTmall(b *testing.B, id string) {
	secret, session := "top-secret-"+id, "6100-"+id
	gw := top.New(top.Options{AppKey: "20240001", AppSecret: secret, Session: session, Seed: 13})
	const firstItem = 680000000000
	for i := range r.skus {
		gw.SetQuantity(int64(firstItem+i), strconv.Itoa(5000000000000+i), 0)
	}
	sh := &fanoutShop{id: id, faults: gw.Faults(),
		took: func(answer []byte) bool { return !bytes.Contains(answer, []byte("error_response")) },
		show: func(k int) int64 { q, _ := gw.Quantity(int64(firstItem+k), strconv.Itoa(5000000000000+k)); return q },
		written: func(req *http.Request, body []byte) []int {
			form, _ := url.ParseQuery(string(body))
			if form.Get("method") != "taobao.item.quantity.update" {
				return nil
			}
			n, err := strconv.ParseInt(form.Get("num_iid"), 10, 64)
			if err != nil || n < firstItem || n >= firstItem+int64(len(r.skus)) {
				return nil
			}
			return []int{int(n - firstItem)}
		}}
	r.shops = append(r.shops, sh)
	base := r.serveRecorded(b, len(r.shops)-1, gw.Handler())
	_, err := r.hub.shops.CreateWithSecrets(ctx, shop.Shop{ID: id, Channel: "tmall", Name: id, APIBaseURL: top.BaseURL(base),
		Settings: map[string]string{"app_key": "20240001"}}, map[string]string{"app_secret": secret, "session": session})
	must(b, err)
	for i := range r.skus {
		_, err := r.cat.PutListing(ctx, catalog.Listing{Channel: "tmall", Shop: id, ExternalItemID: strconv.Itoa(firstItem + i),
			ExternalSKUID: strconv.Itoa(5000000000000 + i), SKU: r.skus[i]})
		must(b, err)
	}
}

// published is what shop s may publish of a SKU of which avail units are
// available: the rules' split (inventory.Allot), as the hub computes it.
func (r *fanoutRig) published(s int, avail int64) int64 {
	for _, a := range inventory.Allot(map[string]int64{"x": avail}, r.rules) {
		if a.Shop == r.shops[s].id {
			return a.Published
		}
	}
	return 0
}

// publishedTable memoises published for every shop: the analysis asks
// for millions of values.
func (r *fanoutRig) publishedTable() func(s int, avail int64) int64 {
	var mu sync.Mutex
	memo := map[[2]int64]int64{}
	return func(s int, avail int64) int64 {
		mu.Lock()
		defer mu.Unlock()
		k := [2]int64{int64(s), avail}
		if v, ok := memo[k]; ok {
			return v
		}
		v := r.published(s, avail)
		memo[k] = v
		return v
	}
}

// mismatches lists the listings whose platform does not show what the
// shop may publish of the SKU's available stock now.
func (r *fanoutRig) mismatches(avail []int64, publish func(int, int64) int64) []string {
	var out []string
	for s, sh := range r.shops {
		for k := range r.skus {
			if got, want := sh.show(k), publish(s, avail[k]); got != want {
				out = append(out, fmt.Sprintf("%s %s shows %d, want %d", sh.id, r.skus[k], got, want))
			}
		}
	}
	return out
}

func shortList(xs []string) string {
	if len(xs) > 5 {
		return strings.Join(xs[:5], "; ") + fmt.Sprintf("; … %d in all", len(xs))
	}
	return strings.Join(xs, "; ")
}
