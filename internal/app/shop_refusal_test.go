package app_test

import (
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

func TestOrders_ShopMustExist(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			h := newHub(t, e.Open, app.OrderOptions{})
			h.receive(t, "po-1", "TEA-250", "SH", 10)
			unknown := paid("U1", 1, "TEA-250")
			unknown.Order.Shop = "tmall-new"
			r := h.orders.Ingest(ctx, unknown)
			if codeOf(r.Err) != "shop_not_found" || !strings.Contains(r.Err.Error(), `shop "tmall-new"`) ||
				!strings.Contains(r.Err.Error(), "fnshub shop add --id tmall-new --channel web") || !strings.Contains(r.Err.Error(), "POST /api/v1/shops") {
				t.Fatalf("unknown shop: %v", r.Err)
			}
			other := paid("U2", 1, "TEA-250")
			other.Order.Channel = "pos"
			if r := h.orders.Ingest(ctx, other); codeOf(r.Err) != "shop_channel_mismatch" {
				t.Fatalf("a web shop's order sent as pos: %v", r.Err)
			}
			off := false
			_, err := h.shops.Update(ctx, "S1", shop.Patch{Active: &off})
			must(t, err)
			if r := h.orders.Ingest(ctx, paid("U3", 1, "TEA-250")); codeOf(r.Err) != "shop_inactive" {
				t.Fatalf("inactive shop: %v", r.Err)
			}
			kept, err := h.orders.RawEvents(ctx, order.RawFilter{Refused: true})
			must(t, err)
			outcomes := map[string]bool{}
			for _, k := range kept {
				outcomes[k.Outcome] = true
			}
			if len(kept) != 3 || !outcomes["shop_not_found"] || !outcomes["shop_channel_mismatch"] || !outcomes["shop_inactive"] {
				t.Fatalf("kept refused payloads = %+v", kept)
			}
			recs, err := h.orders.List(ctx, orderListAll())
			must(t, err)
			if len(recs) != 0 {
				t.Fatalf("refused orders were stored: %d", len(recs))
			}
			on := true
			_, err = h.shops.Update(ctx, "S1", shop.Patch{Active: &on})
			must(t, err)
			_, err = h.shops.Create(ctx, shop.Shop{ID: "tmall-new", Channel: "web", Name: "新店"})
			must(t, err)
			h.ingest(t, unknown) // added: taken at once, nothing negative was cached
			h.assertInvariants(t)
		})
	}
}

func TestOrders_CurrencyOtherThanTheShopsIsHeld(t *testing.T) {
	h := newHub(t, storetest.SQLite, app.OrderOptions{})
	_, err := h.shops.Create(ctx, shop.Shop{ID: "amz-us", Channel: "amazon", Name: "Amazon US", Currency: "USD"})
	must(t, err)
	in := paid("A1", 1, "TEA-250")
	in.Order.Channel, in.Order.Shop = "amazon", "amz-us" // in CNY, but the shop sells in USD
	r := h.ingest(t, in)
	if r.Order.Hold == nil || r.Order.Hold.Reason != order.HoldCurrency || r.Order.Hold.Detail["shop_currency"] != "USD" {
		t.Fatalf("hold = %+v", r.Order.Hold)
	}
}

// A payload refused for want of its shop is taken in by replay once the
// shop is added.
func TestOrders_ReplayAfterTheShopIsAdded(t *testing.T) {
	decode := func(body []byte) (app.Input, error) {
		in := paid(string(body), 1, "TEA-250")
		in.Order.Shop, in.Raw = "late", body
		return in, nil
	}
	h := newHub(t, storetest.SQLite, app.OrderOptions{Decoders: map[string]app.Decoder{"web": decode}})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	in, _ := decode([]byte("L1"))
	in.Source = "web"
	if r := h.orders.Ingest(ctx, in); codeOf(r.Err) != "shop_not_found" {
		t.Fatalf("before the shop: %v", r.Err)
	}
	_, err := h.shops.Create(ctx, shop.Shop{ID: "late", Channel: "web", Name: "后开的店"})
	must(t, err)
	done, err := h.orders.Replay(ctx, order.RawFilter{Source: "web", Refused: true, Limit: 10})
	must(t, err)
	if len(done) != 1 || done[0].Err != nil || done[0].Effect != app.EffectCreated {
		t.Fatalf("replayed = %+v", done)
	}
	h.assertInvariants(t)
}
