// This file runs the shared connector conformance suite
// (internal/channel/channeltest) against the simulated store.

package shopify_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/channel/channeltest"
	chshopify "github.com/fnshub/fnshub/internal/channel/shopify" // registers shopify
	"github.com/fnshub/fnshub/internal/sandbox"
	sim "github.com/fnshub/fnshub/internal/sandbox/shopify"
)

func TestConformance(t *testing.T) { runConformance(t, "") }

// Through 2025-10 the stock compare is compareQuantity with
// ignoreCompareQuantity, not changeFromQuantity: the suite holds there too.
func TestConformance_apiVersion202510(t *testing.T) { runConformance(t, "2025-10") }

func runConformance(t *testing.T, version string) {
	h := &harness{now: time.Now().UTC(), version: version}
	// The suite dates its orders in the past, so the store's clock is set
	// to each order's time as it is written; a cost bucket on that clock
	// would refill by jumps, so it is made too large to run dry — the
	// throttle the suite checks is the 429 the faults serve.
	h.shop = sim.New(sim.Options{Now: h.Now, MaxCost: 1e12, RestoreRate: 1e12, Seed: 11})
	srv := httptest.NewServer(h.shop.Handler())
	t.Cleanup(srv.Close)
	h.url = srv.URL
	channeltest.Run(t, h)
}

// harness speaks channeltest's terms in the store's.
type harness struct {
	shop    *sim.Shop
	url     string
	version string // the shop's api_version setting; "": the connector's default

	mu  sync.Mutex
	now time.Time // the store's clock: set to an order's time while it is written
}

func (h *harness) Now() time.Time { h.mu.Lock(); defer h.mu.Unlock(); return h.now }

func (h *harness) at(t time.Time) { h.mu.Lock(); defer h.mu.Unlock(); h.now = t }

func (h *harness) Channel() string { return "shopify" }

func (h *harness) Config(*testing.T) channel.Config {
	cfg := h.shop.Config("conformance", h.url, nil)
	if h.version != "" {
		cfg.Settings[chshopify.SettingAPIVersion] = h.version
	}
	return cfg
}

func (h *harness) Capabilities() channeltest.Capabilities {
	return channeltest.Capabilities{CompareAndSet: true, Webhooks: true, PageSize: 10, Carrier: "UPS", Currency: "USD"}
}

func (h *harness) Faults() *sandbox.Faults { return h.shop.Faults() }

// PutOrder writes the order with the store's clock at o.Modified, so its
// updated_at is the suite's time.
func (h *harness) PutOrder(t *testing.T, o channeltest.OrderSpec) string {
	t.Helper()
	h.at(o.Modified)
	lines := h.lines(t, o.Lines)
	if o.ExternalID == "" {
		added := h.shop.AddOrder(sim.Order{FinancialStatus: "paid", Email: "buyer@example.com", LineItems: lines,
			Customer:        &sim.Customer{ID: 42, Email: "buyer@example.com", FirstName: "A", LastName: "Buyer"},
			ShippingAddress: &sim.Address{Name: "A Buyer", Address1: "1 Main St", City: "Albany", Province: "New York", ProvinceCode: "NY", CountryCode: "US", Zip: "12207"}})
		return strconv.FormatInt(added.ID, 10)
	}
	id, err := strconv.ParseInt(o.ExternalID, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.shop.UpdateOrder(id, func(so *sim.Order) { so.LineItems = lines }); err != nil {
		t.Fatal(err)
	}
	return o.ExternalID
}

func (h *harness) lines(t *testing.T, specs []channeltest.LineSpec) []sim.LineItem {
	t.Helper()
	out := make([]sim.LineItem, len(specs))
	for i, l := range specs {
		product, err1 := strconv.ParseInt(l.ItemID, 10, 64)
		variant, err2 := strconv.ParseInt(l.SKUID, 10, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("line ids %q/%q are not Shopify's numeric ids", l.ItemID, l.SKUID)
		}
		sku := "SKU-" + l.SKUID
		out[i] = sim.LineItem{ProductID: &product, VariantID: &variant, SKU: &sku, Title: "Item " + sku, Name: "Item " + sku,
			Quantity: l.Quantity, Price: l.UnitPrice.String(), RequiresShipping: true}
	}
	return out
}

func (h *harness) NewListing(t *testing.T, quantity int64) channeltest.Listing {
	v := h.shop.AddVariant(sim.Variant{SKU: fmt.Sprintf("LISTING-%d", quantity)})
	h.shop.SetAvailable(v.ID, quantity)
	return channeltest.Listing{ItemID: strconv.FormatInt(v.ProductID, 10), SKUID: strconv.FormatInt(v.ID, 10)}
}

func (h *harness) ListingQuantity(t *testing.T, l channeltest.Listing) int64 {
	t.Helper()
	v, err := strconv.ParseInt(l.SKUID, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return h.shop.Available(v)
}

func (h *harness) Shipment(t *testing.T, externalID string) (channel.Shipment, bool) {
	id, _ := strconv.ParseInt(externalID, 10, 64)
	all := h.shop.Fulfillments(id)
	if len(all) == 0 {
		return channel.Shipment{}, false
	}
	last := all[len(all)-1]
	return channel.Shipment{ExternalID: externalID, Carrier: last.TrackingCompany, TrackingNo: last.TrackingNumber}, true
}

// Webhook is the order's orders/updated webhook, signed as the store signs.
func (h *harness) Webhook(t *testing.T, externalID string) (http.Header, []byte) {
	t.Helper()
	id, _ := strconv.ParseInt(externalID, 10, 64)
	hdr, body, err := h.shop.Webhook("orders/updated", id)
	if err != nil {
		t.Fatal(err)
	}
	return hdr, body
}
