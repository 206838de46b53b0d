package app_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/channel/generic"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/httpapi"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// fixedCreds gives every shop the same credentials.
type fixedCreds map[string]string

func (c fixedCreds) Credentials(context.Context, string) (map[string]string, map[string]string, string, error) {
	return nil, c, "", nil
}

// decodeJSON reads the generic channel's order JSON with the API's rules,
// as the hub is wired.
var decodeJSON = httpapi.DecodeOrder

const hookSecret = "s3cret"

func signedHook(t *testing.T, body []byte, secret, delivery string) app.Hook {
	t.Helper()
	h := http.Header{}
	h.Set(generic.SignatureHeader, generic.Sign([]byte(secret), body))
	if delivery != "" {
		h.Set(generic.DeliveryHeader, delivery)
	}
	return app.Hook{Platform: generic.Name, Shop: "S1", Header: h, Body: body}
}

// hookBody is a paid web order of one unit of sku at 10.00, as a
// merchant's site sends it.
func hookBody(t *testing.T, shop, ext, sku string) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"channel": "web", "shop": shop, "external_id": ext, "version": 1, "status": "paid",
		"currency": "CNY", "buyer_id": "b-" + ext, "created_at": "2026-11-11T00:00:01Z", "paid_at": "2026-11-11T00:00:05Z",
		"lines":   []map[string]any{{"sku": sku, "quantity": 1, "unit_price": map[string]string{"amount": "10.00", "currency": "CNY"}}},
		"contact": map[string]string{"name": "王五", "phone": "13900000000", "province": "北京", "detail": "长安街 1 号"}})
	must(t, err)
	return b
}

func TestHooksKeepThenIngest(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			h := newHub(t, e.Open, app.OrderOptions{})
			_, err := jobdb.Migrate(ctx, h.db)
			must(t, err)
			h.receive(t, "r1", "TEA-250", "SH", 10)
			hooks := app.NewHooks(h.orders, h.shops, app.NewShopConnectors(fixedCreds{"webhook_secret": hookSecret}, decodeJSON))
			t.Cleanup(hooks.Close)

			body := hookBody(t, "S1", "H1", "TEA-250")
			ans, err := hooks.Receive(ctx, signedHook(t, body, hookSecret, "d-1"))
			must(t, err)
			if ans.Outcome != app.HookAccepted || ans.RawID == 0 || ans.DeliveryID != "d-1" {
				t.Fatalf("first delivery: %+v", ans)
			}
			if recs, err := h.orders.List(ctx, orderListAll()); err != nil || len(recs) != 0 {
				t.Fatalf("before its job ran the message must only be kept: %d orders, %v", len(recs), err)
			}
			again, err := hooks.Receive(ctx, signedHook(t, body, hookSecret, "d-1"))
			must(t, err)
			if again.Outcome != app.HookDuplicate {
				t.Fatalf("the same delivery again: %+v", again)
			}

			must(t, hooks.Process(ctx, ans.RawID))
			must(t, hooks.Process(ctx, ans.RawID)) // a job run twice
			recs, err := h.orders.List(ctx, orderListAll())
			must(t, err)
			if len(recs) != 1 || recs[0].ExternalID != "H1" || recs[0].Status != order.Allocated {
				t.Fatalf("after processing: %+v", recs)
			}
			vs, err := h.orders.Versions(ctx, recs[0].ID)
			must(t, err)
			if len(vs) != 1 || vs[0].RawEventID != ans.RawID {
				t.Fatalf("the version must name the kept message %d: %+v", ans.RawID, vs)
			}
			h.assertInvariants(t)
		})
	}
}

func TestHooksRefuse(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			h := newHub(t, e.Open, app.OrderOptions{})
			_, err := jobdb.Migrate(ctx, h.db)
			must(t, err)
			hooks := app.NewHooks(h.orders, h.shops, app.NewShopConnectors(fixedCreds{"webhook_secret": hookSecret}, decodeJSON))
			t.Cleanup(hooks.Close)
			body := hookBody(t, "S1", "F1", "TEA-250")

			_, err = hooks.Receive(ctx, signedHook(t, body, "not-the-secret", ""))
			if !fault.Is(err, fault.Unauthorized) {
				t.Fatalf("a forged signature: %v", err)
			}
			hk := signedHook(t, body, hookSecret, "")
			hk.Shop = "nobody"
			if _, err := hooks.Receive(ctx, hk); !fault.Is(err, fault.NotFound) {
				t.Fatalf("an unknown shop: %v", err)
			}
			hk = signedHook(t, body, hookSecret, "")
			hk.Platform = "shopify-not-registered"
			if _, err := hooks.Receive(ctx, hk); !fault.Is(err, fault.NotFound) {
				t.Fatalf("an unknown platform: %v", err)
			}
			refused, err := h.orders.RawEvents(ctx, order.RawFilter{Refused: true})
			must(t, err)
			if len(refused) != 3 || refused[0].Outcome != "signature_invalid" || refused[1].Outcome != "shop_not_found" {
				t.Fatalf("every refused message is kept with why: %+v", refused)
			}

			// Signed with S1's secret but naming another shop: kept, then refused.
			ans, err := hooks.Receive(ctx, signedHook(t, hookBody(t, "S2", "F2", "TEA-250"), hookSecret, ""))
			must(t, err)
			must(t, hooks.Process(ctx, ans.RawID))
			evs, err := h.orders.RawEvents(ctx, order.RawFilter{IDs: []int64{ans.RawID}})
			must(t, err)
			if len(evs) != 1 || evs[0].Outcome != "shop_mismatch" {
				t.Fatalf("an order of another shop must be refused: %+v", evs)
			}
			if recs, _ := h.orders.List(ctx, orderListAll()); len(recs) != 0 {
				t.Fatalf("nothing may be ingested: %+v", recs)
			}
		})
	}
}

func TestHooksNeedCredentials(t *testing.T) {
	h := newHub(t, storetest.SQLite, app.OrderOptions{})
	hooks := app.NewHooks(h.orders, h.shops, app.NewShopConnectors(fixedCreds{}, decodeJSON))
	t.Cleanup(hooks.Close)
	_, err := hooks.Receive(ctx, signedHook(t, hookBody(t, "S1", "C1", "CUP"), hookSecret, ""))
	var fe *fault.Error
	if !errors.As(err, &fe) || fe.Kind != fault.Conflict || fe.Code != "shop_not_connected" {
		t.Fatalf("a shop without its webhook secret: %v", err)
	}
	if _, ok := channel.ByName(generic.Name); !ok {
		t.Fatal("the generic connector registers itself")
	}
}

// TestHooksStormKeepsEachDeliveryOnce sends 100 deliveries twice each, all
// at once: the groups they commit in must accept each exactly once, and a
// job for each must ingest its order once.
func TestHooksStormKeepsEachDeliveryOnce(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			h := newHub(t, e.Open, app.OrderOptions{})
			_, err := jobdb.Migrate(ctx, h.db)
			must(t, err)
			h.receive(t, "r1", "TEA-250", "SH", 1000)
			hooks := app.NewHooks(h.orders, h.shops, app.NewShopConnectors(fixedCreds{"webhook_secret": hookSecret}, decodeJSON))
			t.Cleanup(hooks.Close)
			var mu sync.Mutex
			status := map[app.HookOutcome]int{}
			var accepted []int64
			var wg sync.WaitGroup
			for i := range 200 {
				wg.Go(func() {
					n := i % 100
					ans, err := hooks.Receive(ctx, signedHook(t, hookBody(t, "S1", fmt.Sprintf("ST%d", n), "TEA-250"), hookSecret, fmt.Sprintf("d-%d", n)))
					mu.Lock()
					defer mu.Unlock()
					if err != nil {
						t.Error(err)
						return
					}
					status[ans.Outcome]++
					if ans.Outcome == app.HookAccepted {
						accepted = append(accepted, ans.RawID)
					}
				})
			}
			wg.Wait()
			if status[app.HookAccepted] != 100 || status[app.HookDuplicate] != 100 {
				t.Fatalf("answers %v, want 100 accepted and 100 duplicates", status)
			}
			for _, id := range accepted {
				must(t, hooks.Process(ctx, id))
			}
			recs, err := h.orders.List(ctx, orderListAll())
			must(t, err)
			if len(recs) != 100 {
				t.Fatalf("%d orders, want 100", len(recs))
			}
			h.assertInvariants(t)
		})
	}
}

// TestHooksReplayARefusedMessage: a push message that arrives while its
// shop is inactive is kept and refused; once the shop is active again,
// replaying the payload takes its order in and marks the delivery done; a
// second replay is a duplicate.
func TestHooksReplayARefusedMessage(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			h := newHub(t, e.Open, app.OrderOptions{})
			_, err := jobdb.Migrate(ctx, h.db)
			must(t, err)
			hooks := app.NewHooks(h.orders, h.shops, app.NewShopConnectors(fixedCreds{"webhook_secret": hookSecret}, decodeJSON))
			t.Cleanup(hooks.Close)
			h.receive(t, "r1", "TEA-250", "SH", 10)
			active := func(on bool) {
				_, err := h.shops.Update(ctx, "S1", shop.Patch{Active: &on})
				must(t, err)
			}

			active(false)
			ans, err := hooks.Receive(ctx, signedHook(t, hookBody(t, "S1", "RP1", "TEA-250"), hookSecret, "d-rp1"))
			must(t, err)
			must(t, hooks.Process(ctx, ans.RawID))
			evs, err := h.orders.RawEvents(ctx, order.RawFilter{IDs: []int64{ans.RawID}})
			must(t, err)
			if len(evs) != 1 || evs[0].Outcome != "shop_inactive" {
				t.Fatalf("a message for an inactive shop must be refused and kept: %+v", evs)
			}

			active(true)
			out, err := h.orders.Replay(ctx, order.RawFilter{IDs: []int64{ans.RawID}, Limit: 10})
			must(t, err)
			if len(out) != 1 || out[0].Err != nil || out[0].Effect != app.EffectCreated || out[0].Order.Status != order.Allocated {
				t.Fatalf("replay once the shop is active: %+v", out)
			}
			evs, err = h.orders.RawEvents(ctx, order.RawFilter{IDs: []int64{ans.RawID}})
			must(t, err)
			if evs[0].Outcome != "" {
				t.Fatalf("the replayed payload is still listed as refused: %+v", evs[0])
			}
			var state string
			must(t, h.db.Read(ctx, func(tx *store.Tx) error {
				return tx.QueryRow(ctx, `SELECT state FROM hook_deliveries WHERE raw_event_id = ?`, ans.RawID).Scan(&state)
			}))
			if state != string(channel.DeliveryDone) {
				t.Fatalf("the delivery is %s after the replay, want done", state)
			}
			again, err := h.orders.Replay(ctx, order.RawFilter{IDs: []int64{ans.RawID}, Limit: 10})
			must(t, err)
			if len(again) != 1 || again[0].Err != nil || again[0].Effect != app.EffectDuplicate {
				t.Fatalf("a second replay: %+v", again)
			}
			h.assertInvariants(t)
		})
	}
}
