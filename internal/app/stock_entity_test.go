package app_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/entity"
	"github.com/fnshub/fnshub/internal/entity/entitydb"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// withHK adds a second legal entity, hk (keeping CNY), and its warehouse HK.
func withHK(t *testing.T, h *hub) int64 {
	t.Helper()
	hk, err := entity.New(entitydb.New(h.db), nil).Create(ctx, entity.Entity{Code: "hk", Name: "香港子公司", BaseCurrency: "CNY", Timezone: "Asia/Hong_Kong"})
	must(t, err)
	_, err = h.stock.CreateWarehouse(ctx, inventory.Warehouse{Code: "HK", Name: "香港仓", Province: "香港", Priority: 3, Active: true, Entity: "hk"})
	must(t, err)
	return hk.ID
}

// Stock value is booked by the entity that owns the warehouse; goods an
// order of one entity takes from another's warehouse are sold to it at
// cost, and coming back undo that sale (ADR 27).
func TestStock_BooksOfTheWarehousesEntity(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			h := newHub(t, e.Open, app.OrderOptions{Split: true})
			hk := withHK(t, h)

			// A receipt and a count into HK post in hk's books only.
			h.receive(t, "po-hk", "TEA-500", "HK", 5) // 20.00
			_, _, err := h.value.Adjust(ctx, "count-hk", inventory.Line{SKU: "TEA-500", Warehouse: "HK", Quantity: -1})
			must(t, err)
			if b := h.entityBalances(t, hk); b["1405"] != 1600 || b["2202"] != -2000 || b["6711"] != 400 {
				t.Fatalf("hk after receipt and count: %v; want 1405 16.00, 2202 -20.00, 6711 4.00", b)
			}
			if n := h.entryCount(t, ledger.DefaultEntity); n != 0 {
				t.Fatalf("the default entity has %d entries from stock in hk's warehouse", n)
			}
			receipt := entryByKey(t, h, hk, "stock:po-hk")
			if p := receipt.Postings[0]; p.SKU != "TEA-500" || p.Source != (ledger.Source{Kind: ledger.SourceReceipt, ID: "po-hk"}) {
				t.Fatalf("receipt posting %+v: want SKU and {receipt, po-hk}", p)
			}
			h.receive(t, "po-sh", "TEA-250", "SH", 2) // 8.00, the default entity's
			h.assertInvariants(t)

			// An order of S1 (the default entity) for goods of both: TEA-250 from
			// SH is its own cost; TEA-500 from HK is bought from hk at cost.
			r := h.ingest(t, paid("IC-1", 1, "TEA-250", "TEA-500"))
			_, err = h.orders.Ship(ctx, r.Order.ID, "", "SF", "SF1")
			must(t, err)
			def, hkb := h.balances(t), h.entityBalances(t, hk)
			if def["6401"] != 800 || def["1405"] != 400 || def["2241"] != -400 || def["1221"] != 0 {
				t.Fatalf("default after shipping: %v; want 6401 8.00 (4.00 own + 4.00 from hk), 1405 4.00, 2241 -4.00", def)
			}
			if hkb["1405"] != 1200 || hkb["1221"] != 400 || hkb["6401"] != 0 || hkb["2241"] != 0 {
				t.Fatalf("hk after shipping: %v; want 1405 12.00 and 4.00 owed by the default entity, no cost of its own", hkb)
			}
			id := r.Order.ID
			own := entryByKey(t, h, ledger.DefaultEntity, "order:"+itoa(id)+":cogs")
			bought := entryByKey(t, h, ledger.DefaultEntity, "order:"+itoa(id)+":cogs:"+itoa(hk))
			sold := entryByKey(t, h, hk, "order:"+itoa(id)+":supply:"+itoa(hk))
			for _, e := range []ledger.Entry{own, bought, sold} {
				if e.Postings[0].Shop != "S1" || e.Postings[0].Source != (ledger.Source{Kind: ledger.SourceOrder, ID: itoa(id)}) {
					t.Errorf("%s posting %+v: want the order's shop and source", e.SourceKey, e.Postings[0])
				}
			}
			h.assertInvariants(t)

			// The TEA-500 comes back through the order into HK: hk takes it back
			// into inventory, no longer owed; the default entity's cost and payable go.
			_, err = h.orders.Return(ctx, id, "ret-1", []app.ReturnLine{{Line: 2, Quantity: 1}}, false)
			must(t, err)
			def, hkb = h.balances(t), h.entityBalances(t, hk)
			if def["6401"] != 400 || def["2241"] != 0 || hkb["1405"] != 1600 || hkb["1221"] != 0 {
				t.Fatalf("after the return: default %v, hk %v; want 6401 4.00 and no payable, hk 1405 16.00 and no receivable", def, hkb)
			}
			h.assertInvariants(t)

			// Again, returned through the stock API by reservation (Stock.Return).
			r = h.ingest(t, paid("IC-2", 1, "TEA-500"))
			_, err = h.orders.Ship(ctx, r.Order.ID, "", "SF", "SF2")
			must(t, err)
			if def, hkb = h.balances(t), h.entityBalances(t, hk); def["2241"] != -400 || hkb["1221"] != 400 || def["6401"] != 800 {
				t.Fatalf("after the second shipment: default %v, hk %v", def, hkb)
			}
			res, err := h.orders.Reservations(ctx, r.Order.ID)
			must(t, err)
			if len(res) != 1 || res[0].Warehouse != "HK" {
				t.Fatalf("reservations %+v, want one in HK", res)
			}
			_, _, err = h.value.Return(ctx, "rma-ic", res[0].ID, 1)
			must(t, err)
			def, hkb = h.balances(t), h.entityBalances(t, hk)
			if def["6401"] != 400 || def["2241"] != 0 || hkb["1405"] != 1600 || hkb["1221"] != 0 {
				t.Fatalf("after the stock return: default %v, hk %v", def, hkb)
			}
			entryByKey(t, h, hk, "stock:rma-ic")
			entryByKey(t, h, ledger.DefaultEntity, "stock:rma-ic#cogs")

			// Transfers both ways, then everything still checks.
			_, _, _, err = h.value.Transfer(ctx, "t-1", inventory.Line{SKU: "TEA-500", Warehouse: "HK", Quantity: 2}, "SH")
			must(t, err)
			_, _, _, err = h.value.Transfer(ctx, "t-2", inventory.Line{SKU: "TEA-500", Warehouse: "SH", Quantity: 1}, "HK")
			must(t, err)
			def, hkb = h.balances(t), h.entityBalances(t, hk)
			if def["1405"] != 400+400 || hkb["1405"] != 1200 || hkb["1221"] != 800 || def["2241"] != -800 || def["1221"] != 400 || hkb["2241"] != -400 {
				t.Fatalf("after transfers: default %v, hk %v", def, hkb)
			}
			h.assertInvariants(t)
		})
	}
}

// The stock-value check sees what per-entity books can get wrong: the
// group's inventory accounts against the valuation, an entity's inventory
// gone negative, and inter-company positions that do not net to zero.
func TestStockCheck_PerEntityCorruptions(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			h := newHub(t, e.Open, app.OrderOptions{})
			hk := withHK(t, h)
			h.receive(t, "po-sh", "TEA-250", "SH", 5)
			_, _, _, err := h.value.Transfer(ctx, "t-1", inventory.Line{SKU: "TEA-250", Warehouse: "SH", Quantity: 2}, "HK")
			must(t, err)
			h.assertInvariants(t)
			for _, c := range []struct {
				name string
				hand []ledger.Request
				want string
			}{
				{"inventory booked by hand in hk", []ledger.Request{
					{Entity: hk, Postings: postings("1405", 100, "2202")}}, "the inventory accounts of all entities say"},
				{"inventory moved out of hk without goods", []ledger.Request{
					{Entity: hk, Postings: postings("1221", 1000, "1405")},
					{Entity: ledger.DefaultEntity, Postings: postings("1405", 1000, "2241")}}, "entity " + itoa(hk) + "'s inventory is negative"},
				{"an inter-company receivable without its payable", []ledger.Request{
					{Entity: ledger.DefaultEntity, Postings: postings("1221", 100, "2202")}}, "must net to zero"},
			} {
				var ids []int64
				for i, req := range c.hand {
					req.SourceKey = "hand:" + c.name + ":" + itoa(int64(i))
					res, err := h.books.Post(ctx, req)
					must(t, err)
					ids = append(ids, res.Entry.ID)
				}
				problems, err := h.value.Check(ctx)
				must(t, err)
				if len(problems) != 1 || !strings.Contains(problems[0], c.want) {
					t.Errorf("%s: problems %q, want one saying %q", c.name, problems, c.want)
				}
				for _, id := range ids {
					_, err := h.books.Reverse(ctx, id, "undo:"+itoa(id), "undo")
					must(t, err)
				}
				if problems, err := h.value.Check(ctx); err != nil || len(problems) != 0 {
					t.Fatalf("after undoing %s: %q %v", c.name, problems, err)
				}
			}
		})
	}
}

// postings debits debit and credits credit with minor CNY.
func postings(debit string, minor int64, credit string) []ledger.Posting {
	return []ledger.Posting{{Account: debit, Amount: cny(minor)}, {Account: credit, Amount: cny(-minor)}}
}

func itoa[T ~int64](n T) string { return strconv.FormatInt(int64(n), 10) }
