package app_test

import (
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

func TestStockValue(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			h := newHub(t, e.Open, app.OrderOptions{})
			line := func(q int64) inventory.Line { return inventory.Line{SKU: "TEA-250", Warehouse: "SH", Quantity: q} }
			at := func(minor int64) *money.Amount { a := cny(minor); return &a }
			_, _, err := h.value.Receive(ctx, "po-1", line(3), at(1000))
			must(t, err)
			_, replayed, err := h.value.Receive(ctx, "po-1", line(3), at(1000))
			if err != nil || !replayed {
				t.Fatalf("replayed receipt: %v %v", replayed, err)
			}
			_, _, err = h.value.Receive(ctx, "po-2", line(1), at(600)) // 4 units worth 36.00: 9.00 each
			must(t, err)
			_, _, err = h.value.Receive(ctx, "po-3", line(1), nil) // at the average: 9.00
			must(t, err)
			_, _, err = h.value.Adjust(ctx, "count-1", line(-2)) // 18.00 lost
			must(t, err)
			_, _, err = h.value.Receive(ctx, "po-4", line(1), &money.Amount{})
			if !fault.Is(err, fault.Invalid) {
				t.Fatalf("a cost in no currency = %v, want Invalid", err)
			}
			b := h.balances(t)
			if b["1405"] != 2700 || b["2202"] != -4500 || b["6711"] != 1800 {
				t.Fatalf("balances = %v; want 1405 27.00, 2202 -45.00, 6711 18.00", b)
			}
			r := h.ingest(t, paid("V1", 1, "TEA-250", "TEA-250"))
			_, err = h.orders.Ship(ctx, r.Order.ID, "", "SF", "SF1")
			must(t, err)
			res, err := h.orders.Reservations(ctx, r.Order.ID)
			must(t, err)
			_, _, err = h.value.Return(ctx, "rma-1", res[0].ID, 1)
			must(t, err)
			b = h.balances(t)
			if b["6401"] != 900 || b["1405"] != 1800 { // shipped 2 at 9.00, one came back at 9.00
				t.Fatalf("after ship and return: %v", b)
			}
			h.assertInvariants(t)
			storetest.Corrupt(t, h.db, `UPDATE sku_costs SET value = value + 1`)
			problems, err := h.value.Check(ctx)
			must(t, err)
			if len(problems) != 1 {
				t.Fatalf("a valuation off by 0.01: problems %q", problems)
			}
		})
	}
}
