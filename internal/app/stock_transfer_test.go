package app_test

import (
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/entity"
	"github.com/fnshub/fnshub/internal/entity/entitydb"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/ledger"
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
			before, hkBefore := h.balances(t), h.entityBalances(t, hk.EntityID)
			entries, hkEntries := h.entryCount(t, 1), h.entryCount(t, hk.EntityID)

			// Within the default entity: stock moves, nothing is posted.
			_, dest, _, err := h.value.Transfer(ctx, "t-gz", inventory.Line{SKU: "TEA-250", Warehouse: "SH", Quantity: 1}, "GZ")
			must(t, err)
			if dest.OnHand != 1 || h.entryCount(t, 1) != entries {
				t.Fatalf("same-entity transfer: GZ %+v, %d entries after %d", dest, h.entryCount(t, 1), entries)
			}
			// To hk: 2 units at 4.25 = 8.50 on both sides, each in its own books.
			from, dest, replayed, err := h.value.Transfer(ctx, "t-hk", inventory.Line{SKU: "TEA-250", Warehouse: "SH", Quantity: 2}, "HK")
			must(t, err)
			if replayed || from.OnHand != 1 || dest.OnHand != 2 || dest.Warehouse != "HK" {
				t.Fatalf("inter-entity transfer: from %+v, to %+v, replayed %v", from, dest, replayed)
			}
			after, hkAfter := h.balances(t), h.entityBalances(t, hk.EntityID)
			if d := after["1221"] - before["1221"]; d != 850 {
				t.Errorf("default's inter-company receivable moved %d, want 850", d)
			}
			if d := after["1405"] - before["1405"]; d != -850 || after["2241"] != before["2241"] {
				t.Errorf("default's inventory moved %d, want -850; its payable %d → %d, want unchanged", d, before["2241"], after["2241"])
			}
			if d := hkAfter["2241"] - hkBefore["2241"]; d != -850 {
				t.Errorf("hk's inter-company payable moved %d, want -850", d)
			}
			if d := hkAfter["1405"] - hkBefore["1405"]; d != 850 || hkAfter["1221"] != hkBefore["1221"] {
				t.Errorf("hk's inventory moved %d, want 850; its receivable %d → %d, want unchanged", d, hkBefore["1221"], hkAfter["1221"])
			}
			if after["1405"]+hkAfter["1405"] != 1700 {
				t.Errorf("inventory of the group %d, want 1700 (it left one entity and entered the other)", after["1405"]+hkAfter["1405"])
			}
			out, in := entryByKey(t, h, 1, "stock:t-hk#out"), entryByKey(t, h, hk.EntityID, "stock:t-hk#in")
			if h.entryCount(t, 1) != entries+1 || h.entryCount(t, hk.EntityID) != hkEntries+1 {
				t.Fatalf("entries: default %d → %d, hk %d → %d; want one more each", entries, h.entryCount(t, 1), hkEntries, h.entryCount(t, hk.EntityID))
			}
			for _, e := range []ledger.Entry{out, in} {
				for _, p := range e.Postings {
					if p.SKU != "TEA-250" || p.Source != (ledger.Source{Kind: ledger.SourceTransfer, ID: "t-hk"}) {
						t.Errorf("%s posting %+v: want SKU TEA-250 and source {transfer, t-hk}", e.SourceKey, p)
					}
				}
			}
			// The same key again replays: no second pair of entries.
			_, _, replayed, err = h.value.Transfer(ctx, "t-hk", inventory.Line{SKU: "TEA-250", Warehouse: "SH", Quantity: 2}, "HK")
			must(t, err)
			if !replayed || h.entryCount(t, 1) != entries+1 || h.entryCount(t, hk.EntityID) != hkEntries+1 {
				t.Fatalf("replay: replayed %v, %d and %d entries, want %d and %d", replayed, h.entryCount(t, 1), h.entryCount(t, hk.EntityID), entries+1, hkEntries+1)
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
			if h.entryCount(t, 1) != entries+1 || h.entryCount(t, hk.EntityID) != hkEntries+1 {
				t.Fatalf("a refused transfer posted")
			}
			// Back from hk at the same average: the current accounts even out.
			_, _, _, err = h.value.Transfer(ctx, "t-back", inventory.Line{SKU: "TEA-250", Warehouse: "HK", Quantity: 2}, "SH")
			must(t, err)
			// Each side now has both positions: 8.50 owed to it and 8.50 it owes.
			back, hkBack := h.balances(t), h.entityBalances(t, hk.EntityID)
			if back["1221"] != before["1221"]+850 || back["2241"] != before["2241"]-850 || back["1405"] != before["1405"] {
				t.Errorf("default after the return trip: 1221 %d, 2241 %d, 1405 %d", back["1221"], back["2241"], back["1405"])
			}
			if hkBack["1221"] != 850 || hkBack["2241"] != -850 || hkBack["1405"] != 0 {
				t.Errorf("hk after the return trip: 1221 %d, 2241 %d, 1405 %d; want 850, -850, 0", hkBack["1221"], hkBack["2241"], hkBack["1405"])
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

func (h *hub) entryCount(t testing.TB, entity int64) int {
	t.Helper()
	es, err := h.books.Entries(ctx, entity, 0, 1000)
	must(t, err)
	return len(es)
}

// entryByKey is entity's entry with source key key.
func entryByKey(t testing.TB, h *hub, entity int64, key string) ledger.Entry {
	t.Helper()
	es, err := h.books.Entries(ctx, entity, 0, 1000)
	must(t, err)
	for _, e := range es {
		if e.SourceKey == key {
			return e
		}
	}
	t.Fatalf("entity %d has no entry %s among %d", entity, key, len(es))
	return ledger.Entry{}
}
