package shopify_test

import (
	"errors"
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/channel/channeltest"
	"github.com/fnshub/fnshub/internal/channel/shopify"
	"github.com/fnshub/fnshub/internal/sandbox"
	sim "github.com/fnshub/fnshub/internal/sandbox/shopify"
)

// clock is a settable time for the simulator: the cost bucket refills
// only when it moves, so throttling is deterministic.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

type rig struct {
	shop  *sim.Shop
	conn  *shopify.Connector
	clock *clock
	url   string
}

func newRig(t *testing.T, settings map[string]string) *rig {
	return newRigWith(t, settings, sim.Options{})
}

func newRigWith(t *testing.T, settings map[string]string, opt sim.Options) *rig {
	t.Helper()
	clk := &clock{t: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	opt.Now, opt.Seed, opt.Webhooks.Backoff = clk.Now, 7, time.Millisecond
	shop := sim.New(opt)
	srv := httptest.NewServer(shop.Handler())
	t.Cleanup(srv.Close)
	s := map[string]string{shopify.SettingShopDomain: shop.Domain()}
	for k, v := range settings {
		s[k] = v
	}
	conn, err := shopify.New(channel.Config{Shop: "shop-1", Channel: "shopify", Settings: s, BaseURL: srv.URL,
		Secrets: map[string]string{shopify.SecretToken: shop.Token(), shopify.SecretWebhook: shop.WebhookSecret()},
		// One attempt per call and a simulated clock: these tests read how
		// each answer is classified, not how the client retries it.
		HTTP: channel.NewClient(channel.ClientOptions{Platform: "shopify", Timeout: 300 * time.Millisecond, MaxAttempts: 1,
			Clock: channeltest.NewClock(time.Now())})})
	if err != nil {
		t.Fatal(err)
	}
	return &rig{shop, conn, clk, srv.URL}
}

// order is a small paid order of one variant.
func order(variant, product int64, qty int64, price string) sim.Order {
	sku := fmt.Sprintf("SKU-%d", variant)
	return sim.Order{FinancialStatus: "paid", LineItems: []sim.LineItem{{
		ProductID: &product, VariantID: &variant, SKU: &sku, Name: "Item " + sku, Quantity: qty, Price: price,
	}}, Customer: &sim.Customer{ID: 99}, ShippingAddress: &sim.Address{Name: "A Buyer", Address1: "1 Main St", City: "Albany", Province: "New York", CountryCode: "US"}}
}

func TestPullOrders_pagesThroughTheWindow(t *testing.T) {
	r := newRig(t, nil)
	from := r.clock.Now()
	want := map[string]bool{}
	for i := range 23 {
		o := r.shop.AddOrder(order(int64(100+i), 7, 1, "9.99"))
		want[fmt.Sprint(o.ID)] = true
		r.clock.Add(time.Minute)
	}
	w := channel.Window{From: from, To: r.clock.Now()}
	got, pages := map[string]bool{}, 0
	for cursor := ""; ; {
		pages++
		p, err := r.conn.PullOrders(t.Context(), w, cursor)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range p.Orders {
			if got[o.Order.ExternalID] {
				t.Fatalf("order %s on two pages", o.Order.ExternalID)
			}
			got[o.Order.ExternalID] = true
		}
		r.clock.Add(10 * time.Second) // let the cost bucket refill between pages
		if cursor = p.Next; cursor == "" {
			break
		}
	}
	if len(got) != len(want) || pages != 3 {
		t.Fatalf("pulled %d orders in %d pages, want %d in 3", len(got), pages, len(want))
	}
}

func TestPullOrders_windowEdges(t *testing.T) {
	r := newRig(t, nil)
	before := r.shop.AddOrder(order(1, 7, 1, "1.00"))
	r.clock.Add(time.Minute)
	from := r.clock.Now()
	atFrom := r.shop.AddOrder(order(2, 7, 1, "1.00"))
	r.clock.Add(time.Minute)
	to := r.clock.Now()
	atTo := r.shop.AddOrder(order(3, 7, 1, "1.00"))
	p, err := r.conn.PullOrders(t.Context(), channel.Window{From: from, To: to}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Orders) != 1 || p.Orders[0].Order.ExternalID != fmt.Sprint(atFrom.ID) || p.Next != "" {
		t.Fatalf("window [from, to) must hold only order %d (not %d before, not %d at To); got %+v", atFrom.ID, before.ID, atTo.ID, p)
	}
}

func TestFetchOrder(t *testing.T) {
	r := newRig(t, nil)
	o := r.shop.AddOrder(order(5, 7, 2, "12.50"))
	for _, id := range []string{fmt.Sprint(o.ID), o.AdminGraphqlAPIID} {
		got, err := r.conn.FetchOrder(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Order.ExternalID != fmt.Sprint(o.ID) || got.Order.Lines[0].Quantity != 2 || got.PaidTotal.String() != "25.00" {
			t.Errorf("fetch %s: %+v", id, got.Order)
		}
	}
	if _, err := r.conn.FetchOrder(t.Context(), "424242"); channel.KindOf(err) != channel.NotFound {
		t.Fatalf("an unknown order: want NotFound, got %v", err)
	}
}

// An order with more lines than one page holds is read whole.
func TestFetchOrder_manyLines(t *testing.T) {
	r := newRig(t, nil)
	o := order(1, 7, 1, "1.00")
	for i := range 59 {
		v, sku := int64(1000+i), fmt.Sprintf("S%d", i)
		o.LineItems = append(o.LineItems, sim.LineItem{VariantID: &v, ProductID: &v, SKU: &sku, Name: sku, Quantity: 1, Price: "2.00"})
	}
	added := r.shop.AddOrder(o)
	got, err := r.conn.FetchOrder(t.Context(), fmt.Sprint(added.ID))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Order.Lines) != 60 {
		t.Fatalf("read %d lines of 60", len(got.Order.Lines))
	}
}

func TestPushStock(t *testing.T) {
	r := newRig(t, nil)
	v := r.shop.AddVariant(sim.Variant{SKU: "MUG"})
	r.shop.SetAvailable(v.ID, 5)
	push := func(qty int64, expected *int64) (channel.StockResult, error) {
		return r.conn.PushStock(t.Context(), channel.StockPush{ExternalSKUID: fmt.Sprint(v.ID), Quantity: qty, Expected: expected})
	}
	t.Run("with the right compare quantity it sets", func(t *testing.T) {
		five := int64(5)
		res, err := push(7, &five)
		if err != nil || res.Quantity != 7 || r.shop.Available(v.ID) != 7 {
			t.Fatalf("got %+v, %v; shop has %d", res, err, r.shop.Available(v.ID))
		}
	})
	t.Run("a stale compare changes nothing and is a Conflict carrying what Shopify holds", func(t *testing.T) {
		r.shop.SetAvailable(v.ID, 3) // a sale on Shopify the hub has not seen
		seven := int64(7)
		_, err := push(6, &seven)
		var e *channel.Error
		if !errors.As(err, &e) || e.Kind != channel.Conflict || e.Current == nil || *e.Current != 3 || r.shop.Available(v.ID) != 3 {
			t.Fatalf("got %v; shop has %d", err, r.shop.Available(v.ID))
		}
		three := int64(3)
		if res, err := push(6, &three); err != nil || res.Quantity != 6 || r.shop.Available(v.ID) != 6 {
			t.Fatalf("against the current 3: %+v, %v; shop has %d", res, err, r.shop.Available(v.ID))
		}
	})
	t.Run("without a compare it sets blindly", func(t *testing.T) {
		res, err := push(0, nil)
		if err != nil || res.Quantity != 0 || r.shop.Available(v.ID) != 0 {
			t.Fatalf("got %+v, %v", res, err)
		}
	})
	t.Run("an unknown variant is NotFound", func(t *testing.T) {
		_, err := r.conn.PushStock(t.Context(), channel.StockPush{ExternalSKUID: "31337", Quantity: 1})
		if channel.KindOf(err) != channel.NotFound {
			t.Fatalf("got %v", err)
		}
	})
}

// When the quantity moves again between the refused set and the re-read,
// the Conflict carries what the re-read saw, and the other writer's
// quantity stands.
func TestPushStock_conflictCarriesTheReRead(t *testing.T) {
	var (
		mu    sync.Mutex
		onSet func()
	)
	r := newRigWith(t, nil, sim.Options{BeforeOperation: func(name string) {
		mu.Lock()
		defer mu.Unlock()
		if name == "Available" && onSet != nil {
			onSet()
		}
	}})
	v := r.shop.AddVariant(sim.Variant{SKU: "MUG"})
	r.shop.SetAvailable(v.ID, 5)
	onSet = func() { r.shop.SetAvailable(v.ID, 2) } // another writer, before the connector's re-read
	stale := int64(4)
	_, err := r.conn.PushStock(t.Context(), channel.StockPush{ExternalSKUID: fmt.Sprint(v.ID), Quantity: 6, Expected: &stale})
	var e *channel.Error
	if !errors.As(err, &e) || e.Kind != channel.Conflict || e.Current == nil || *e.Current != 2 {
		t.Fatalf("want Conflict with Current 2, got %v", err)
	}
	if r.shop.Available(v.ID) != 2 {
		t.Fatalf("the other writer's quantity must stand, got %d", r.shop.Available(v.ID))
	}
}

// Before 2026-04 the connector sends compareQuantity and
// ignoreCompareQuantity instead of changeFromQuantity.
func TestPushStock_olderVersion(t *testing.T) {
	r := newRig(t, map[string]string{shopify.SettingAPIVersion: "2025-10"})
	v := r.shop.AddVariant(sim.Variant{SKU: "MUG"})
	r.shop.SetAvailable(v.ID, 4)
	stale, right := int64(1), int64(4)
	if _, err := r.conn.PushStock(t.Context(), channel.StockPush{ExternalSKUID: fmt.Sprint(v.ID), Quantity: 2, Expected: &stale}); channel.KindOf(err) != channel.Conflict || r.shop.Available(v.ID) != 4 {
		t.Fatalf("a stale compareQuantity: %v; shop has %d", err, r.shop.Available(v.ID))
	}
	res, err := r.conn.PushStock(t.Context(), channel.StockPush{ExternalSKUID: fmt.Sprint(v.ID), Quantity: 2, Expected: &right})
	if err != nil || res.Quantity != 2 || r.shop.Available(v.ID) != 2 {
		t.Fatalf("got %+v, %v; shop has %d", res, err, r.shop.Available(v.ID))
	}
	if _, err := r.conn.PushStock(t.Context(), channel.StockPush{ExternalSKUID: fmt.Sprint(v.ID), Quantity: 8}); err != nil || r.shop.Available(v.ID) != 8 {
		t.Fatalf("blind set: %v; shop has %d", err, r.shop.Available(v.ID))
	}
}

func TestPushShipment(t *testing.T) {
	r := newRig(t, nil)
	o := order(1, 7, 3, "5.00")
	v2, sku2 := int64(2), "SKU-2"
	o.LineItems = append(o.LineItems, sim.LineItem{VariantID: &v2, ProductID: &v2, SKU: &sku2, Name: "Two", Quantity: 1, Price: "1.00"})
	added := r.shop.AddOrder(o)
	id, line := fmt.Sprint(added.ID), fmt.Sprint(added.LineItems[0].ID)
	part := channel.Shipment{ExternalID: id, Carrier: "UPS", TrackingNo: "1Z001", Lines: []channel.ShipmentLine{{ExternalLineID: line, Quantity: 2}}}
	if err := r.conn.PushShipment(t.Context(), part); err != nil {
		t.Fatal(err)
	}
	if err := r.conn.PushShipment(t.Context(), part); err != nil {
		t.Fatalf("the same shipment again: %v", err)
	}
	if f := r.shop.Fulfillments(added.ID); len(f) != 1 || f[0].TrackingNumber != "1Z001" || f[0].LineItems[0].Quantity != 2 {
		t.Fatalf("after a split shipment pushed twice: %+v", f)
	}
	rest := channel.Shipment{ExternalID: id, Carrier: "UPS", TrackingNo: "1Z002"}
	if err := r.conn.PushShipment(t.Context(), rest); err != nil {
		t.Fatal(err)
	}
	again := channel.Shipment{ExternalID: id, Carrier: "FedEx", TrackingNo: "7777"}
	if err := r.conn.PushShipment(t.Context(), again); err != nil {
		t.Fatalf("a fulfilled order answers nil: %v", err)
	}
	got, _ := r.shop.Order(added.ID)
	if f := r.shop.Fulfillments(added.ID); len(f) != 2 || got.FulfillmentStatus == nil || *got.FulfillmentStatus != "fulfilled" {
		t.Fatalf("want two fulfillments and a fulfilled order, got %d, %v", len(f), got.FulfillmentStatus)
	}
	if err := r.conn.PushShipment(t.Context(), channel.Shipment{ExternalID: "404", TrackingNo: "x"}); channel.KindOf(err) != channel.NotFound {
		t.Fatalf("an unknown order: %v", err)
	}
}

func TestThrottling(t *testing.T) {
	r := newRig(t, nil)
	r.shop.AddOrder(order(1, 7, 1, "1.00"))
	w := channel.Window{From: r.clock.Now().Add(-time.Hour), To: r.clock.Now().Add(time.Hour)}
	t.Run("an empty cost bucket is THROTTLED with the refill time", func(t *testing.T) {
		r.shop.Drain()
		_, err := r.conn.PullOrders(t.Context(), w, "")
		// The Orders query asks for 842 points; the bucket refills 100 a second.
		if channel.KindOf(err) != channel.Throttled || channel.RetryAfter(err) != 8420*time.Millisecond {
			t.Fatalf("got %v, RetryAfter %v", err, channel.RetryAfter(err))
		}
		r.clock.Add(9 * time.Second)
		if _, err := r.conn.PullOrders(t.Context(), w, ""); err != nil {
			t.Fatalf("after the refill: %v", err)
		}
	})
	t.Run("a 429 is Throttled for Retry-After", func(t *testing.T) {
		r.shop.Faults().Queue(sandbox.Throttle)
		_, err := r.conn.FetchOrder(t.Context(), "1")
		if channel.KindOf(err) != channel.Throttled || channel.RetryAfter(err) != 2*time.Second {
			t.Fatalf("got %v", err)
		}
	})
}

func TestFaults(t *testing.T) {
	r := newRig(t, nil)
	o := r.shop.AddOrder(order(1, 7, 1, "1.00"))
	for _, f := range []sandbox.Fault{sandbox.ServerError, sandbox.Hang, sandbox.Reset, sandbox.Truncate} {
		t.Run(f.String(), func(t *testing.T) {
			r.shop.Faults().Queue(f)
			_, err := r.conn.FetchOrder(t.Context(), fmt.Sprint(o.ID))
			if channel.KindOf(err) != channel.Unavailable || !channel.IsRetryable(err) {
				t.Fatalf("%v: want Unavailable, got %v", f, err)
			}
			if _, err := r.conn.FetchOrder(t.Context(), fmt.Sprint(o.ID)); err != nil {
				t.Fatalf("the next call succeeds: %v", err)
			}
		})
	}
}

func TestUnauthorized(t *testing.T) {
	r := newRig(t, nil)
	bad, err := shopify.New(channel.Config{BaseURL: r.url,
		Settings: map[string]string{shopify.SettingShopDomain: r.shop.Domain()},
		Secrets:  map[string]string{shopify.SecretToken: "wrong", shopify.SecretWebhook: "w"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bad.FetchOrder(t.Context(), "1"); channel.KindOf(err) != channel.Unauthorized {
		t.Fatalf("a wrong token: want Unauthorized, got %v", err)
	}
}

// An order with more shipping lines than one page is refused, not
// read with a shipping fee short.
func TestFetchOrder_tooManyShippingLines(t *testing.T) {
	r := newRig(t, nil)
	o := order(1, 7, 1, "1.00")
	for range 6 {
		o.ShippingLines = append(o.ShippingLines, sim.ShippingLine{Title: "Leg", Price: "1.00"})
	}
	added := r.shop.AddOrder(o)
	if _, err := r.conn.FetchOrder(t.Context(), fmt.Sprint(added.ID)); channel.KindOf(err) != channel.Rejected {
		t.Fatalf("want Rejected, got %v", err)
	}
}
