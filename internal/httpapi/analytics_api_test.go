package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/analytics/analyticsdb"
	"github.com/fnshub/fnshub/internal/auth"
)

// The overview sums what ingestion, shipping and a refund wrote to the
// rollups, in the merchant's zone, and equals a recomputation.
func TestAPI_AnalyticsOverview(t *testing.T) {
	x := newAPI(t)
	x.stockTea("30.00")
	o := x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid")) // the same version again counts once
	id := int64(o["id"].(float64))
	x.mustDo(auth.Warehouse, "POST", fmt.Sprintf("/api/v1/orders/%d/ship", id), `{"carrier":"SF","tracking_no":"SF1001"}`)
	x.mustDo(auth.Operations, "POST", fmt.Sprintf("/api/v1/orders/%d/refund", id), `{"amount":{"amount":"10.00","currency":"CNY"}}`, "Idempotency-Key", "r-1")
	cancelled := strings.NewReplacer(`"W-1001"`, `"W-1002"`, `"u-42"`, `"u-43"`).Replace(fmt.Sprintf(orderBody, 1, "paid"))
	x.mustDo(auth.Operations, "POST", "/api/v1/orders", cancelled)
	x.mustDo(auth.Operations, "POST", "/api/v1/orders", strings.Replace(cancelled, `"version":1,"status":"paid"`, `"version":2,"status":"cancelled"`, 1))

	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	today := time.Now().In(shanghai).Format(time.DateOnly)
	ov := x.mustDo(auth.Viewer, "GET", "/api/v1/analytics/overview?from=2026-11-01&to="+today, "")
	totals := ov["totals"].([]any)
	if len(totals) != 1 {
		t.Fatalf("totals = %v", ov["totals"])
	}
	got := totals[0].(map[string]any)
	want := map[string]any{"currency": "CNY", "gmv": "127.80", "orders": 1.0, "aov": "127.80", "refunds": "10.00", "refund_rate": "0.0782",
		"cogs": "60.00"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("totals.%s = %v, want %v (all: %v)", k, got[k], v, got)
		}
	}
	if got["revenue"] == "0.00" || got["gross_margin_rate"] == "0.0000" {
		t.Errorf("no revenue booked: %v", got)
	}
	days := ov["by_day"].([]any)
	if first := days[len(days)-1].(map[string]any); first["day"] != "2026-11-11" || first["gmv"] != "127.80" {
		t.Errorf("the order's day = %v, want 2026-11-11 with GMV 127.80 (by_day %v)", first, days)
	}
	if shops := ov["by_shop"].([]any); len(shops) != 1 || shops[0].(map[string]any)["shop"] != "S1" || shops[0].(map[string]any)["channel"] != "web" {
		t.Errorf("by_shop = %v", shops)
	}
	ms, err := analyticsdb.New(x.db).Check(t.Context())
	if err != nil || len(ms) != 0 {
		t.Fatalf("check = %v %v", ms, err)
	}

	empty := x.mustDo(auth.Viewer, "GET", "/api/v1/analytics/overview?from=2026-11-01&to=2026-11-02&shop=jd", "")
	if len(empty["totals"].([]any)) != 0 || len(empty["by_day"].([]any)) != 0 || empty["zone"] != "Asia/Shanghai" {
		t.Errorf("an empty range = %v", empty)
	}
	for _, c := range []struct{ query, field string }{{"to=2026-11-02", "from"}, {"from=2026-11-2&to=2026-11-02", "from"},
		{"from=2026-11-02&to=2026-11-01", "to"}, {"from=2020-01-01&to=2026-11-01", "to"}} {
		status, _, body := x.do(auth.Viewer, "GET", "/api/v1/analytics/overview?"+c.query, "")
		if status != http.StatusBadRequest || body["error"].(map[string]any)["field"] != c.field {
			t.Errorf("%s = %d %v, want 400 naming %s", c.query, status, body, c.field)
		}
	}
}

func TestAPI_AnalyticsAlerts(t *testing.T) {
	x := newAPI(t)
	x.stockTea("")
	x.mustDo(auth.Operations, "PUT", "/api/v1/stock/safety", `{"sku":"TEA-250","quantity":5}`)
	unmapped := strings.Replace(fmt.Sprintf(orderBody, 1, "paid"), `"TEA-250"`, `"NOPE-1"`, 1)
	x.mustDo(auth.Operations, "POST", "/api/v1/orders", unmapped)
	al := x.mustDo(auth.Viewer, "GET", "/api/v1/analytics/alerts", "")
	stock := al["stock"].([]any)
	if len(stock) != 1 || stock[0].(map[string]any)["sku"] != "TEA-250" || stock[0].(map[string]any)["safety"] != 5.0 {
		t.Errorf("stock = %v", stock)
	}
	ex := al["exceptions"].([]any)
	if len(ex) != 1 || ex[0].(map[string]any)["count"] != 1.0 {
		t.Errorf("exceptions = %v", ex)
	}
	if c := al["connectors"].([]any); len(c) != 0 {
		t.Errorf("connectors without a monitor = %v", c)
	}
}
