package app_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/order/shipsheet"
	"github.com/fnshub/fnshub/internal/sheet"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// TestOfflineShippingRoundTrip: the pending orders exported, shipped by
// hand and imported twice ship each order once, book it once, enqueue one
// write-back each, and name the bad rows.
func TestOfflineShippingRoundTrip(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			plat := newShipPlatform()
			h, _ := shipHub(t, e, apiShops{"fake", plat})
			q, err := jobdb.New(h.db, job.NewWorkers(), jobdb.Config{}) // not started: the API is down
			must(t, err)
			a, b, c, byHand := tmallOrder(t, h, "T-1"), tmallOrder(t, h, "T-2"), tmallOrder(t, h, "T-3"), tmallOrder(t, h, "T-4")
			_, err = h.orders.Ship(ctx, byHand.ID, "", "SF", "SF400") // shipped through the API before it went down
			must(t, err)
			h.ingest(t, paid("W-1", 1, "TEA-250")) // another shop's

			pending, err := h.orders.AwaitingShipment(ctx, "T1")
			must(t, err)
			if len(pending) != 3 || pending[0].ID != a.ID || pending[2].ID != c.ID {
				t.Fatalf("awaiting shipment: %d orders", len(pending))
			}
			var buf bytes.Buffer
			ps := make([]shipsheet.Pending, len(pending))
			for i, rec := range pending {
				ps[i] = shipsheet.Pending{Order: rec}
			}
			must(t, shipsheet.Write(&buf, ps, shipsheet.Options{}))
			table, err := sheet.ReadTable("pending.xlsx", &buf)
			must(t, err)

			// Staff fill in the sheet: a ships, b has a typo in its carrier,
			// c waits; they add the order shipped by hand before.
			fill := func(row []string, carrier, tracking string) []string {
				return append(row[:9:9], carrier, tracking)
			}
			table[1] = fill(table[1], "顺丰", "SF100")
			table[2] = fill(table[2], "顺风", "SF200")
			table = append(table, []string{fmt.Sprint(byHand.ID), "T1", "T-4", "", "", "", "", "", "", "SF", "SF400"},
				[]string{"999999", "T1", "", "", "", "", "", "", "", "SF", "SF999"})
			parsed := shipsheet.Parse(table)
			if len(parsed.Errors) != 1 || parsed.Errors[0].Row != 3 || parsed.Blank != 1 {
				t.Fatalf("parsed: %+v", parsed)
			}
			first, err := h.orders.ImportShipments(ctx, parsed.Shipments)
			must(t, err)
			if first.Shipped != 1 || first.Already != 1 || len(first.Errors) != 1 || first.Errors[0].Row != 6 ||
				!strings.Contains(first.Errors[0].Reason, "999999") {
				t.Fatalf("first import: %+v", first)
			}
			books := h.balances(t)
			again, err := h.orders.ImportShipments(ctx, parsed.Shipments)
			must(t, err)
			if again.Shipped != 0 || again.Already != 2 || len(again.Errors) != 1 {
				t.Fatalf("the same file again: %+v", again)
			}
			if after := h.balances(t); fmt.Sprint(after) != fmt.Sprint(books) {
				t.Fatalf("importing again moved the books: %v → %v", books, after)
			}
			h.assertInvariants(t)

			got, _ := h.orders.Get(ctx, a.ID)
			if got.Status != order.Shipped || got.Carrier != "SF" || got.TrackingNo != "SF100" {
				t.Fatalf("order a: %s %s %s", got.Status, got.Carrier, got.TrackingNo)
			}
			for _, id := range []order.ID{b.ID, c.ID} {
				if got, _ := h.orders.Get(ctx, id); got.Status != order.Allocated {
					t.Fatalf("order %d is %s; its row shipped nothing", id, got.Status)
				}
			}
			page, err := q.List(ctx, job.Filter{Kind: "shipment.push"})
			must(t, err)
			if len(page.Jobs) != 2 { // byHand's, and a's
				t.Fatalf("%d write-backs queued, want 2", len(page.Jobs))
			}
			if len(plat.shipments("T-1")) != 0 {
				t.Fatal("written back while the queue was stopped")
			}
		})
	}
}

func TestImportShipmentsByShopAndPlatformOrderID(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			h, _ := shipHub(t, e, apiShops{"fake", newShipPlatform()})
			rec := tmallOrder(t, h, "T-9")
			res, err := h.orders.ImportShipments(ctx, []shipsheet.Shipment{
				{Row: 2, Shop: "T1", ExternalID: "T-9", Carrier: "YTO", TrackingNo: "YT1"},
				{Row: 3, Shop: "T1", ExternalID: "nope", Carrier: "YTO", TrackingNo: "YT2"},
				{Row: 4, OrderID: rec.ID, ExternalID: "T-8", Carrier: "YTO", TrackingNo: "YT3"},
			})
			must(t, err)
			if res.Shipped != 1 || len(res.Errors) != 2 || res.Errors[0].Row != 3 || res.Errors[1].Row != 4 {
				t.Fatalf("%+v", res)
			}
			if got, _ := h.orders.Get(ctx, rec.ID); got.TrackingNo != "YT1" {
				t.Fatalf("shipped under %q", got.TrackingNo)
			}
		})
	}
}
