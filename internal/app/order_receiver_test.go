package app_test

import (
	"context"
	"crypto/rand"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/sandbox"
	"github.com/fnshub/fnshub/internal/sandbox/top"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// newPlatformWired is newWired with the orders told of the shops'
// platforms, as serve wires them: ships are written back, and receivers
// are opened by the platform.
func newPlatformWired(t *testing.T, open storetest.Opener) *wired {
	t.Helper()
	var shops *shop.Service // the hub's, once it exists: the connectors read its credentials
	conns := app.NewShopConnectors(credentialsOf(func() *shop.Service { return shops }), decodeJSON)
	h := newHub(t, open, app.OrderOptions{Platforms: conns})
	shops = h.shops
	_, err := jobdb.Migrate(ctx, h.db)
	must(t, err)
	keys, err := pii.NewKeyring(pii.Key{ID: "master-1", Secret: []byte((rand.Text() + rand.Text())[:pii.KeySize])})
	must(t, err)
	h.shops.WithKeys(keys)
	w := &wired{hub: h, conns: conns, hooks: app.NewHooks(h.orders, h.shops, conns)}
	t.Cleanup(w.hooks.Close)
	return w
}

// credentialsOf reads credentials from the shop service shops returns.
type credentialsOf func() *shop.Service

func (f credentialsOf) Credentials(ctx context.Context, id string) (map[string]string, map[string]string, string, error) {
	return f().Credentials(ctx, id)
}

// TestE2E_TopReceiverIsOpenedForTheLabel: a pulled Tmall trade is kept
// with the receiver as TOP sent it, masked; the label's receiver is opened
// by the gateway from the trade's current OAID, in full, and the hub still
// holds only the masked one; a gateway that does not answer is
// Unavailable.
func TestE2E_TopReceiverIsOpenedForTheLabel(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			r := attachTop(t, newPlatformWired(t, e.Open), nil)
			r.receive(t, "po-1", "TEA-250", "SH", 10)
			r.receive(t, "po-2", "CUP", "SH", 10)
			const tid = 3900000000777
			must(t, r.gw.AddTrade(trade(tid, 1, time.Now().Add(-time.Hour).Truncate(time.Second))))
			_, err := app.NewPulls(r.orders, r.shops, r.conns, app.PullOptions{}).Pull(ctx, tmallShop)
			must(t, err)
			rec := r.order(t, tmallShop, strconv.FormatInt(tid, 10))

			held, err := r.orders.Contact(context.Background(), rec)
			must(t, err)
			if held == nil || held.Name == "李四" || !strings.Contains(held.Phone, "*") {
				t.Fatalf("the hub holds %v: want the receiver masked, as TOP sent it", held)
			}
			got, err := r.orders.Receiver(ctx, rec.ID)
			must(t, err)
			if got.Name != "李四" || got.Phone != "13700000000" || got.Province != "江苏省" || !strings.Contains(got.Detail, "中山路 1 号") {
				t.Fatalf("the label's receiver is %v, want TOP's plain receiver", got)
			}
			if again, _ := r.orders.Contact(context.Background(), r.order(t, tmallShop, strconv.FormatInt(tid, 10))); again == nil || *again != *held {
				t.Fatalf("after the label the hub holds %v, want still only the masked %v", again, held)
			}

			// The pulled trade carries no OAID (increment.get leaves it out),
			// so each label asks fullinfo for the current one: a renewed
			// OAID still opens.
			must(t, r.gw.UpdateTrade(tid, func(tr *top.Trade) { tr.OAID = "oaid-renewed" }))
			if got, err := r.orders.Receiver(ctx, rec.ID); err != nil || got.Name != "李四" {
				t.Fatalf("after the trade's OAID was renewed: %v, %v", got, err)
			}
			r.gw.Faults().Chaos(1, sandbox.ServerError)
			if _, err := r.orders.Receiver(ctx, rec.ID); !fault.Is(err, fault.Unavailable) || codeOf(err) != "platform_unavailable" {
				t.Fatalf("a gateway that does not answer: %v, want 503 platform_unavailable", err)
			}
		})
	}
}
