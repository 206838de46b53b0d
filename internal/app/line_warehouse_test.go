package app_test

import (
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

func TestOrders_EachLineRecordsItsWarehouse(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			h := newHub(t, e.Open, app.OrderOptions{Split: true})
			h.receive(t, "po-1", "TEA-500", "SH", 1)
			h.receive(t, "po-2", "TEA-250", "GZ", 5)
			h.receive(t, "po-3", "CUP", "GZ", 1)
			h.receive(t, "po-4", "TEA-500", "GZ", 1)
			in := paid("W1", 1, "TEA-500", "GIFT")
			in.Order.Lines[0].Quantity = 2 // one unit in each warehouse: split, the first preferred is recorded
			r := h.ingest(t, in)
			if r.Order.Warehouse != "SH,GZ" && r.Order.Warehouse != "GZ,SH" {
				t.Fatalf("order warehouses %q", r.Order.Warehouse)
			}
			got, err := h.orders.Get(ctx, r.Order.ID)
			must(t, err)
			if got.Lines[0].Warehouse != "SH" || got.Lines[1].Warehouse != "GZ" {
				t.Fatalf("line warehouses %q, %q; want SH (first of a split line), GZ (the bundle's components)",
					got.Lines[0].Warehouse, got.Lines[1].Warehouse)
			}
			held := h.ingest(t, paid("W2", 1, "CUP"))
			if held.Order.Lines[0].Warehouse != "" {
				t.Fatalf("a held line records %q", held.Order.Lines[0].Warehouse)
			}
			h.receive(t, "po-5", "CUP", "SH", 1)
			res, err := h.orders.Retry(ctx, held.Order.ID, "")
			must(t, err)
			again, err := h.orders.Get(ctx, held.Order.ID)
			must(t, err)
			if res.Order.Lines[0].Warehouse != "SH" || again.Lines[0].Warehouse != "SH" {
				t.Fatalf("allocated on retry: line warehouse %q, stored %q", res.Order.Lines[0].Warehouse, again.Lines[0].Warehouse)
			}
		})
	}
}
