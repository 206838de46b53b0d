package app_test

import (
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/entity"
	"github.com/fnshub/fnshub/internal/entity/entitydb"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// A transfer between warehouses of different legal entities posts in both
// (ADR 27); one within an entity posts nothing.
func TestStock_InterEntityTransfer(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			h := newHub(t, e.Open, app.OrderOptions{})
			_, err := entity.New(entitydb.New(h.db), nil).Create(ctx, entity.Entity{Code: "hk", Name: "香港子公司", BaseCurrency: "CNY", Timezone: "Asia/Hong_Kong"})
			must(t, err)
			hk, err := h.stock.CreateWarehouse(ctx, inventory.Warehouse{Code: "HK", Name: "香港仓", Active: true, Entity: "hk"})
			must(t, err)
			if hk.Entity != "hk" || hk.EntityID < 2 {
				t.Fatalf("created %+v, want entity hk", hk)
			}
			// 3 units at 4.00 and 1 at 5.00: a moving average of 4.25.
			h.receive(t, "po-1", "TEA-250", "SH", 3)
			cost := cny(500)
			_, _, err = h.value.Receive(ctx, "po-2", inventory.Line{SKU: "TEA-250", Warehouse: "SH", Quantity: 1}, &cost)
			must(t, err)
			before := h.balances(t)
			entries := h.entryCount(t)

			// Within the default entity: stock moves, nothing is posted.
			_, dest, _, err := h.value.Transfer(ctx, "t-gz", inventory.Line{SKU: "TEA-250", Warehouse: "SH", Quantity: 1}, "GZ")
			must(t, err)
			if dest.OnHand != 1 || h.entryCount(t) != entries {
				t.Fatalf("same-entity transfer: GZ %+v, %d entries after %d", dest, h.entryCount(t), entries)
			}
			// To hk: 2 units at 4.25 = 8.50 on both sides.
			from, dest, replayed, err := h.value.Transfer(ctx, "t-hk", inventory.Line{SKU: "TEA-250", Warehouse: "SH", Quantity: 2}, "HK")
			must(t, err)
			if replayed || from.OnHand != 1 || dest.OnHand != 2 || dest.Warehouse != "HK" {
				t.Fatalf("inter-entity transfer: from %+v, to %+v, replayed %v", from, dest, replayed)
			}
			after := h.balances(t)
			if d := after["1221"] - before["1221"]; d != 850 {
				t.Errorf("inter-company receivable moved %d, want 850", d)
			}
			if d := after["2241"] - before["2241"]; d != -850 {
				t.Errorf("inter-company payable moved %d, want -850", d)
			}
			if after["1405"] != before["1405"] || after["1405"] != 1700 {
				t.Errorf("inventory %d → %d, want 1700 throughout (it left one entity and entered the other)", before["1405"], after["1405"])
			}
			es, err := h.books.Entries(ctx, int64(entries), 10)
			must(t, err)
			keys := map[string]int64{}
			for _, e := range es {
				for _, p := range e.Postings {
					if p.Account == "1405" {
						keys[e.SourceKey] = p.Amount.Minor()
					}
				}
			}
			if len(es) != 2 || keys["stock:t-hk#out"] != -850 || keys["stock:t-hk#in"] != 850 {
				t.Fatalf("entries %+v: want stock:t-hk#out (Cr 1405 8.50) and stock:t-hk#in (Dr 1405 8.50)", es)
			}
			// The same key again replays: no second pair of entries.
			_, _, replayed, err = h.value.Transfer(ctx, "t-hk", inventory.Line{SKU: "TEA-250", Warehouse: "SH", Quantity: 2}, "HK")
			must(t, err)
			if !replayed || h.entryCount(t) != entries+2 {
				t.Fatalf("replay: replayed %v, %d entries, want %d", replayed, h.entryCount(t), entries+2)
			}
			// Refused: more than is available, an unknown warehouse. Nothing moves, nothing is posted.
			_, _, _, err = h.value.Transfer(ctx, "t-big", inventory.Line{SKU: "TEA-250", Warehouse: "SH", Quantity: 5}, "HK")
			if fault.KindOf(err) != fault.Conflict {
				t.Fatalf("transfer of more than available: %v", err)
			}
			_, _, _, err = h.value.Transfer(ctx, "t-nope", inventory.Line{SKU: "TEA-250", Warehouse: "SH", Quantity: 1}, "NOPE")
			if fault.KindOf(err) != fault.NotFound {
				t.Fatalf("transfer to an unknown warehouse: %v", err)
			}
			if h.entryCount(t) != entries+2 {
				t.Fatalf("a refused transfer posted")
			}
			// Back from hk at the same average: the current accounts even out.
			_, _, _, err = h.value.Transfer(ctx, "t-back", inventory.Line{SKU: "TEA-250", Warehouse: "HK", Quantity: 2}, "SH")
			must(t, err)
			back := h.balances(t)
			if back["1221"] != before["1221"]+1700 || back["2241"] != before["2241"]-1700 {
				t.Errorf("after the return trip 1221 %d, 2241 %d", back["1221"], back["2241"])
			}
			// A warehouse holding stock keeps its entity; an empty one may change.
			_, err = h.stock.UpdateWarehouse(ctx, "GZ", func(w *inventory.Warehouse) { w.Entity = "hk" })
			if fe, ok := err.(*fault.Error); !ok || fe.Code != "warehouse_has_stock" || !strings.Contains(fe.Message, "transfer") {
				t.Fatalf("entity change of a stocked warehouse: %v", err)
			}
			_, err = h.stock.UpdateWarehouse(ctx, "HK", func(w *inventory.Warehouse) { w.Entity = "nope" })
			if fe, ok := err.(*fault.Error); !ok || fe.Kind != fault.Invalid || fe.Field != "entity" {
				t.Fatalf("unknown entity: %v", err)
			}
			moved, err := h.stock.UpdateWarehouse(ctx, "HK", func(w *inventory.Warehouse) { w.Entity = "default" })
			must(t, err)
			if moved.Entity != "default" || moved.EntityID != 1 {
				t.Fatalf("empty HK moved to %+v", moved)
			}
			h.assertInvariants(t)
		})
	}
}

func (h *hub) entryCount(t testing.TB) int {
	t.Helper()
	es, err := h.books.Entries(ctx, 0, 1000)
	must(t, err)
	return len(es)
}
