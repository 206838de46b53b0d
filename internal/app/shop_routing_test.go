package app_test

import (
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// Orders ship only from their shop's warehouses (ADR 24): stock elsewhere
// holds the order rather than serving it, and the shop's priorities beat
// the warehouses' own.
func TestOrders_RoutedWithinTheShopsWarehouses(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			t.Run("stock outside the shop's warehouses holds the order", func(t *testing.T) { t.Parallel(); outsideHolds(t, e.Open) })
			t.Run("the shop's priority picks among warehouses that cover it", func(t *testing.T) { t.Parallel(); shopPriority(t, e.Open) })
			t.Run("split stays within the shop's warehouses", func(t *testing.T) { t.Parallel(); shopSplit(t, e.Open) })
		})
	}
}

func addShop(t *testing.T, h *hub, id string, whs ...shop.Warehouse) {
	t.Helper()
	_, err := h.shops.Create(ctx, shop.Shop{ID: id, Channel: "web", Name: id, Warehouses: whs})
	must(t, err)
}

func paidIn(shopID, ext string, skus ...string) app.Input {
	in := paid(ext, 1, skus...)
	in.Order.Shop = shopID
	return in
}

func outsideHolds(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	addShop(t, h, "GZ-ONLY", shop.Warehouse{Code: "GZ"})
	h.receive(t, "po-1", "TEA-250", "SH", 10) // SH is the only warehouse with stock
	r := h.ingest(t, paidIn("GZ-ONLY", "X1", "TEA-250"))
	if r.Order.Status != order.OnHold || r.Order.Hold.Reason != order.HoldNoStock || r.Order.Warehouse != "" {
		t.Fatalf("GZ-only shop's order: %s in %q, hold %+v; want held no_stock", r.Order.Status, r.Order.Warehouse, r.Order.Hold)
	}
	if msg := r.Order.Hold.Message; !strings.Contains(msg, "GZ-ONLY") || !strings.Contains(msg, "(GZ)") || !strings.Contains(msg, "1 × TEA-250") {
		t.Fatalf("hold message %q does not name the shop, its warehouses and what is missing", msg)
	}
	rs, err := h.orders.Reservations(ctx, r.Order.ID)
	must(t, err)
	if len(rs) != 0 {
		t.Fatalf("a held order reserved %+v", rs)
	}
	// The default shop lists no warehouses: it ships from SH.
	if r := h.ingest(t, paid("X2", 1, "TEA-250")); r.Order.Status != order.Allocated || r.Order.Warehouse != "SH" {
		t.Fatalf("S1's order: %s in %q", r.Order.Status, r.Order.Warehouse)
	}
	// Stock arrives in GZ: the retry ships from there.
	h.receive(t, "po-2", "TEA-250", "GZ", 1)
	got, err := h.orders.Retry(ctx, r.Order.ID, "")
	must(t, err)
	if got.Order.Status != order.Allocated || got.Order.Warehouse != "GZ" {
		t.Fatalf("retried: %s in %q, hold %+v", got.Order.Status, got.Order.Warehouse, got.Order.Hold)
	}
	// Allowing SH too takes effect at once (the change forgets the cache).
	_, err = h.shops.Update(ctx, "GZ-ONLY", shop.Patch{Warehouses: &[]shop.Warehouse{{Code: "GZ"}, {Code: "SH", Priority: 1}}})
	must(t, err)
	if r := h.ingest(t, paidIn("GZ-ONLY", "X3", "TEA-250")); r.Order.Status != order.Allocated || r.Order.Warehouse != "SH" {
		t.Fatalf("after allowing SH: %s in %q, hold %+v", r.Order.Status, r.Order.Warehouse, r.Order.Hold)
	}
	h.assertInvariants(t)
}

func shopPriority(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	// The warehouses' own priority puts SH first; this shop prefers GZ.
	addShop(t, h, "SOUTH", shop.Warehouse{Code: "SH", Priority: 5}, shop.Warehouse{Code: "GZ", Priority: 1})
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	h.receive(t, "po-2", "TEA-250", "GZ", 10)
	in := paidIn("SOUTH", "P1", "TEA-250")
	in.Contact.Province = "上海" // even an order from SH's province
	if r := h.ingest(t, in); r.Order.Status != order.Allocated || r.Order.Warehouse != "GZ" || r.Order.Lines[0].Warehouse != "GZ" {
		t.Fatalf("SOUTH's order: %s in %q", r.Order.Status, r.Order.Warehouse)
	}
	if r := h.ingest(t, paid("P2", 1, "TEA-250")); r.Order.Warehouse != "SH" {
		t.Fatalf("S1's order went to %q, want SH by the warehouses' priority", r.Order.Warehouse)
	}
	// GZ no longer covers two units of CUP; SH does: the next preference.
	h.receive(t, "po-3", "CUP", "SH", 2)
	h.receive(t, "po-4", "CUP", "GZ", 1)
	if r := h.ingest(t, paidIn("SOUTH", "P3", "CUP", "CUP")); r.Order.Warehouse != "SH" {
		t.Fatalf("SOUTH's two cups went to %q, want SH", r.Order.Warehouse)
	}
	h.assertInvariants(t)
}

func shopSplit(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{Split: true})
	_, err := h.stock.CreateWarehouse(ctx, inventoryWarehouse("CD"))
	must(t, err)
	addShop(t, h, "TWO", shop.Warehouse{Code: "CD"}, shop.Warehouse{Code: "GZ", Priority: 1})
	h.receive(t, "po-1", "TEA-250", "SH", 100)
	h.receive(t, "po-2", "TEA-250", "GZ", 1)
	h.receive(t, "po-3", "TEA-250", "CD", 1)
	r := h.ingest(t, paidIn("TWO", "S1", "TEA-250", "TEA-250"))
	if r.Order.Status != order.Allocated || r.Order.Warehouse != "CD,GZ" {
		t.Fatalf("split order: %s in %q, hold %+v", r.Order.Status, r.Order.Warehouse, r.Order.Hold)
	}
	// Three units: CD and GZ hold none left, SH's hundred do not count.
	if r := h.ingest(t, paidIn("TWO", "S2", "TEA-250")); r.Order.Status != order.OnHold || r.Order.Hold.Reason != order.HoldNoStock {
		t.Fatalf("order beyond the shop's warehouses: %s in %q", r.Order.Status, r.Order.Warehouse)
	}
	h.assertInvariants(t)
}

func inventoryWarehouse(code string) inventory.Warehouse {
	return inventory.Warehouse{Code: code, Name: code, Province: "四川", Priority: 3, Active: true}
}
