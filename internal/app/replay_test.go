package app_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// A payload refused by a bug in its decoder is kept; once the decoder is
// fixed, replaying it ingests it as arriving now would, and replaying again
// changes nothing. On the code before issue 6 the refused payload was lost.
func TestOrders_ReplayAfterAFix(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			fixed := false
			decode := func(body []byte) (app.Input, error) {
				var p struct {
					Ext string `json:"ext"`
					SKU string `json:"sku"`
				}
				if err := json.Unmarshal(body, &p); err != nil {
					return app.Input{}, err
				}
				if p.SKU == "GIFT" && !fixed { // the bug: gift boxes were refused
					return app.Input{}, fault.Invalidf("sku", "sku_refused", "gift boxes are not read")
				}
				in := paid(p.Ext, 1, p.SKU)
				in.Raw = body
				return in, nil
			}
			h := newHub(t, e.Open, app.OrderOptions{Decoders: map[string]app.Decoder{"web": decode}})
			h.receive(t, "po-1", "TEA-250", "SH", 10)
			h.receive(t, "po-2", "CUP", "SH", 10)
			arrive := func(body string) app.Result { // as the API handler does: decode, keep a refusal, ingest
				in, err := decode([]byte(body))
				if err != nil {
					_, kerr := h.orders.Keep(ctx, app.Payload{Source: "web", Body: []byte(body)}, err)
					must(t, kerr)
					return app.Result{Err: err}
				}
				in.Source = "web"
				return h.orders.Ingest(ctx, in)
			}
			if r := arrive(`{"ext":"P1","sku":"TEA-250"}`); r.Err != nil {
				t.Fatal(r.Err)
			}
			if r := arrive(`{"ext":"P2","sku":"GIFT"}`); codeOf(r.Err) != "sku_refused" {
				t.Fatalf("the gift box: %v", r.Err)
			}
			refused, err := h.orders.RawEvents(ctx, order.RawFilter{Source: "web", Refused: true})
			must(t, err)
			if len(refused) != 1 || refused[0].Outcome != "sku_refused" {
				t.Fatalf("kept refused payloads = %+v", refused)
			}
			rawBefore := countRows(t, h.db, "raw_events")
			fixed = true
			for round, want := range []string{"[duplicate created]", "[duplicate duplicate]"} {
				done, err := h.orders.Replay(ctx, order.RawFilter{Source: "web", Limit: 10})
				must(t, err)
				var effects []string
				for _, d := range done {
					if d.Err != nil {
						t.Fatalf("round %d: payload %d: %v", round, d.RawID, d.Err)
					}
					effects = append(effects, string(d.Effect))
				}
				if fmt.Sprint(effects) != want {
					t.Fatalf("round %d: effects %v, want %s", round, effects, want)
				}
			}
			if got := countRows(t, h.db, "raw_events"); got != rawBefore {
				t.Fatalf("replaying kept %d new payloads", got-rawBefore)
			}
			gift, err := h.orders.List(ctx, order.Filter{ExternalID: "P2", Limit: 1})
			must(t, err)
			if len(gift) != 1 || gift[0].Status != order.Allocated || gift[0].RawEventID != refused[0].ID {
				t.Fatalf("the replayed gift box: %+v", gift)
			}
			if still, _ := h.orders.RawEvents(ctx, order.RawFilter{Source: "web", Refused: true}); len(still) != 0 {
				t.Fatalf("still listed as refused after it was taken in: %+v", still)
			}
			h.assertInvariants(t)
		})
	}
}

// A version refused inside the group is kept with why, in the same
// transaction as the rest of the group.
func TestOrders_RefusedInTheGroupIsKept(t *testing.T) {
	h := newHub(t, storetest.SQLite, app.OrderOptions{})
	h.ingest(t, paid("K1", 2, "TEA-250"))
	cancel := paid("K1", 3, "TEA-250")
	cancel.Order.Status = order.Cancelled
	h.ingest(t, cancel)
	again := paid("K1", 4, "TEA-250") // paid after cancelled: the state machine refuses it
	if r := h.orders.Ingest(ctx, again); codeOf(r.Err) != "transition_illegal" {
		t.Fatalf("paid after cancelled: %v", r.Err)
	}
	kept, err := h.orders.RawEvents(ctx, order.RawFilter{Refused: true})
	must(t, err)
	if len(kept) != 1 || kept[0].Outcome != "transition_illegal" || kept[0].OrderKey != "web/S1/K1" {
		t.Fatalf("kept = %+v", kept)
	}
}
