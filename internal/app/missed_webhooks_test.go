package app_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/channel/shopify"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/money"
	sim "github.com/fnshub/fnshub/internal/sandbox/shopify"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// simCreds points every shop at one simulated Shopify store.
type simCreds struct {
	store *sim.Shop
	url   string
}

func (c simCreds) Credentials(context.Context, string) (map[string]string, map[string]string, string, error) {
	return map[string]string{shopify.SettingShopDomain: c.store.Domain()},
		map[string]string{shopify.SecretToken: c.store.Token(), shopify.SecretWebhook: c.store.WebhookSecret()}, c.url, nil
}

// TestMissedWebhooksAreFoundByThePull: a tenth of a Shopify shop's
// orders/create webhooks never arrive; the reconciliation pull, through the
// real connector against the simulated store over HTTP, finds every one.
func TestMissedWebhooksAreFoundByThePull(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			h := newHub(t, e.Open, app.OrderOptions{})
			_, err := jobdb.Migrate(ctx, h.db)
			must(t, err)
			_, err = h.shops.Create(ctx, shop.Shop{ID: "SH1", Channel: "shopify", Name: "Tea House", Currency: money.Currency("CNY")})
			must(t, err)
			h.receive(t, "r1", "TEA-250", "SH", 1000)
			store := sim.New(sim.Options{Currency: "CNY", RestoreRate: 1000}) // a Shopify Plus shop: the pull is not what is tested
			srv := httptest.NewServer(store.Handler())
			t.Cleanup(srv.Close)
			v := store.AddVariant(sim.Variant{SKU: "TEA-250"})
			_, err = h.cat.PutListing(ctx, catalog.Listing{Channel: "shopify", Shop: "SH1",
				ExternalItemID: fmt.Sprint(v.ProductID), ExternalSKUID: fmt.Sprint(v.ID), SKU: "TEA-250"})
			must(t, err)
			conns := app.NewShopConnectors(simCreds{store, srv.URL}, decodeJSON)
			hooks := app.NewHooks(h.orders, h.shops, conns)
			t.Cleanup(hooks.Close)
			pulls := app.NewPulls(h.orders, h.shops, conns, app.PullOptions{})

			rng := rand.New(rand.NewPCG(3, 3))
			const n = 100
			dropped := 0
			for i := range n {
				sku, phone := "TEA-250", "13812345678"
				o := store.AddOrder(sim.Order{FinancialStatus: "paid", LineItems: []sim.LineItem{{ProductID: &v.ProductID,
					VariantID: &v.ID, SKU: &sku, Name: "龙井", Quantity: 1, Price: "59.90"}},
					Customer: &sim.Customer{ID: int64(1000 + i)}, ShippingAddress: &sim.Address{Name: "张三", Phone: &phone,
						Address1: "文三路 100 号", City: "杭州市", Province: "浙江省", CountryCode: "CN"}})
				if rng.Float64() < 0.1 {
					dropped++
					continue // the platform gave up on this one
				}
				hdr, body, err := store.Webhook("orders/create", o.ID)
				must(t, err)
				ans, err := hooks.Receive(ctx, app.Hook{Platform: "shopify", Shop: "SH1", Header: hdr, Body: body})
				must(t, err)
				must(t, hooks.Process(ctx, ans.RawID))
			}
			recs, err := h.orders.List(ctx, orderListAll())
			must(t, err)
			if len(recs) != n-dropped || dropped == 0 {
				t.Fatalf("%d orders from webhooks, want %d (%d dropped)", len(recs), n-dropped, dropped)
			}
			res, err := pulls.Pull(ctx, "SH1")
			must(t, err)
			recs, err = h.orders.List(ctx, orderListAll())
			must(t, err)
			if len(recs) != n {
				t.Fatalf("after the pull %d orders, want all %d (the pull read %d)", len(recs), n, res.Orders)
			}
			for _, r := range recs {
				if r.Status != "allocated" || r.Lines[0].SKU != "TEA-250" {
					t.Fatalf("order %s: %s, line SKU %q", r.ExternalID, r.Status, r.Lines[0].SKU)
				}
			}
			h.assertInvariants(t)
		})
	}
}
