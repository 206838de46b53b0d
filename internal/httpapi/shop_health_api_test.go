package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/channel/generic"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// TestAPI_ShopHealth: a shop's health as any role reads it, times in the
// merchant's zone, checked against the OpenAPI document by the harness.
func TestAPI_ShopHealth(t *testing.T) {
	db := storetest.SQLite(t)
	if _, err := jobdb.Migrate(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	var hooks *app.Hooks
	x := newAPIWith(t, db, func(d *Deps) {
		conns := app.NewShopConnectors(hookCreds{"webhook_secret": "whsec-1"}, DecodeOrder)
		hooks = app.NewHooks(d.Orders, d.Shops, conns)
		d.Hooks = hooks
		d.Health = app.NewMonitor(unit.New(db), d.Shops, conns, nil, jobdb.NewShopCounter(db), app.MonitorOptions{})
	})
	t.Cleanup(hooks.Close)
	x.stockTea("")
	body := fmt.Sprintf(orderBody, 1, "paid")
	if status, _, ans := x.do("", "POST", "/hooks/generic/S1", body, generic.SignatureHeader, generic.Sign([]byte("whsec-1"), []byte(body)),
		generic.DeliveryHeader, "site-1"); status != http.StatusOK {
		t.Fatalf("hook: %d %v", status, ans)
	}

	h := x.mustDo(auth.Viewer, "GET", "/api/v1/shops/S1/health", "")
	hooksPart := h["webhooks"].(map[string]any)
	if h["status"] != "ok" || h["platform"] != "generic" || len(h["reasons"].([]any)) != 0 || hooksPart["pending"] != 1.0 ||
		hooksPart["received_last_hour"] != 1.0 || h["pull"].(map[string]any)["pulls"] != false {
		t.Fatalf("health = %v", h)
	}
	for _, at := range []string{h["checked_at"].(string), hooksPart["oldest_pending_at"].(string)} {
		if !strings.HasSuffix(at, "+08:00") {
			t.Errorf("%s is not in the merchant's zone (Asia/Shanghai)", at)
		}
	}
	if code, _, resp := x.do(auth.Viewer, "GET", "/api/v1/shops/nope/health", ""); code != http.StatusNotFound {
		t.Fatalf("unknown shop: %d %v", code, resp)
	}
	if code, _, _ := x.do("", "GET", "/api/v1/shops/S1/health", ""); code != http.StatusUnauthorized {
		t.Fatalf("without a token: %d", code)
	}

	plain := newAPI(t) // a server that follows no connectors
	if code, _, resp := plain.do(auth.Viewer, "GET", "/api/v1/shops/S1/health", ""); code != http.StatusServiceUnavailable || errOf(resp)["code"] != "health_unavailable" {
		t.Fatalf("without a monitor: %d %v", code, resp)
	}
}
