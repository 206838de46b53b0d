package httpapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/channel"
	chshopify "github.com/fnshub/fnshub/internal/channel/shopify"
	"github.com/fnshub/fnshub/internal/entity/entitydb"
	simshopify "github.com/fnshub/fnshub/internal/sandbox/shopify"
	"github.com/fnshub/fnshub/internal/settlement/pull"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/shop/shopdb"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// sandboxCreds opens a shop's credentials for the Shopify sandbox.
type sandboxCreds struct {
	shops *shop.Service
	store *simshopify.Shop
	url   string
}

func (c sandboxCreds) Credentials(ctx context.Context, id string) (map[string]string, map[string]string, string, error) {
	sh, err := c.shops.Get(ctx, id)
	if err != nil {
		return nil, nil, "", err
	}
	return sh.Settings, map[string]string{chshopify.SecretToken: c.store.Token()}, c.url, nil
}

// TestAPI_SettlementPull: POST …/settlement-pull pulls the Shopify
// sandbox's payouts and answers what each source did, in the documented
// shape; a second pull changes nothing; a shop without a source is 409.
func TestAPI_SettlementPull(t *testing.T) {
	db := storetest.SQLite(t)
	store := simshopify.New(simshopify.Options{})
	seed, err := os.ReadFile("../channel/shopify/testdata/payouts_seed.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := store.SeedPayouts(seed); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(store.Handler())
	defer srv.Close()
	x := newAPIWith(t, db, func(d *Deps) {
		shops := shop.New(shopdb.New(db), entitydb.New(db), nil)
		if _, err := shops.Create(context.Background(), shop.Shop{ID: "sp1", Channel: "shopify", Name: "sp1",
			Settings: map[string]string{pull.SettingSources: chshopify.PayoutsSource, chshopify.SettingShopDomain: store.Domain()}}); err != nil {
			t.Fatal(err)
		}
		d.SettlementPulls = app.NewSettlementPulls(app.NewSettlements(unit.New(db), shops, nil), unit.New(db),
			sandboxCreds{shops, store, srv.URL}, app.SettlementPullOptions{Client: channel.ClientOptions{MaxAttempts: 1},
				Now: func() time.Time { return time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC) }})
	})
	code, _, out := x.do(auth.Finance, "POST", "/api/v1/shops/sp1/settlement-pull", "")
	if code != http.StatusOK {
		t.Fatalf("pull: %d %v", code, out)
	}
	src := out["sources"].([]any)[0].(map[string]any)
	imports := src["imports"].([]any)
	if src["source"] != "shopify-payments" || len(imports) != 1 || imports[0].(map[string]any)["status"] != "applied" ||
		src["state"].(map[string]any)["cursor"] != "2026-03-06" {
		t.Fatalf("pull: %v", out)
	}
	code, _, out = x.do(auth.Admin, "POST", "/api/v1/shops/sp1/settlement-pull", "")
	if code != http.StatusOK || out["sources"].([]any)[0].(map[string]any)["imports"].([]any)[0].(map[string]any)["status"] != "duplicate" {
		t.Fatalf("again: %d %v", code, out)
	}
	if code, _, out := x.do(auth.Admin, "POST", "/api/v1/shops/s1/settlement-pull", ""); code != http.StatusConflict || out["error"].(map[string]any)["code"] != "settlement_source_missing" {
		t.Fatalf("a shop without a source: %d %v", code, out)
	}
	if code, _, _ := x.do(auth.Operations, "POST", "/api/v1/shops/sp1/settlement-pull", ""); code != http.StatusForbidden {
		t.Fatalf("operations may not pull settlements: %d", code)
	}
}
