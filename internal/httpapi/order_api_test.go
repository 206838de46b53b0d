package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
)

const orderBody = `{"channel":"web","shop":"S1","external_id":"W-1001","version":%d,"status":"%s","buyer_id":"u-42",
	"currency":"CNY","created_at":"2026-11-11T00:00:01+08:00","paid_at":"2026-11-11T00:00:09+08:00",
	"lines":[{"sku":"TEA-250","quantity":2,"unit_price":{"amount":"59.90","currency":"CNY"}}],
	"shipping_fee":{"amount":"8.00","currency":"CNY"},
	"contact":{"name":"张三丰","phone":"13812345678","province":"浙江省","city":"杭州市","district":"西湖区","detail":"龙井路 1 号"}}`

func TestAPI_OrderLifecycle(t *testing.T) {
	x := newAPI(t)
	x.stockTea("")

	status, _, o := x.do(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	if status != http.StatusCreated || o["status"] != "allocated" || o["effect"] != "created" || o["warehouse"] != "HZ" {
		t.Fatalf("ingest = %d %v", status, o)
	}
	if total := o["total"].(map[string]any)["amount"]; total != "127.80" {
		t.Fatalf("total = %v, want 127.80 (2 × 59.90 + 8.00)", total)
	}
	if len(o["journal"].([]any)) != 1 || len(o["reservations"].([]any)) != 1 || o["contact"].(map[string]any)["phone"] != "138****5678" { // masked for every role (ADR 41)
		t.Fatalf("detail = %v", o)
	}
	if strings.Contains(fmt.Sprint(o["buyer_ref"]), "u-42") {
		t.Fatalf("the buyer id leaked: %v", o["buyer_ref"])
	}
	id := int64(o["id"].(float64))
	status, hdr, _ := x.do(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	if status != http.StatusOK || hdr.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay = %d", status)
	}
	_, _, seen := x.do(auth.Viewer, "GET", fmt.Sprintf("/api/v1/orders/%d", id), "")
	if c := seen["contact"].(map[string]any); c["phone"] != "138****5678" || c["name"] == "张三丰" {
		t.Fatalf("a viewer saw contact %v", c)
	}
	if status, _, _ := x.do(auth.Viewer, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 2, "cancelled")); status != http.StatusForbidden {
		t.Fatalf("a viewer ingested an order: %d", status)
	}
	status, _, shipped := x.do(auth.Warehouse, "POST", fmt.Sprintf("/api/v1/orders/%d/ship", id), `{"carrier":"SF","tracking_no":"SF1001"}`)
	if status != http.StatusOK || shipped["status"] != "shipped" || len(shipped["journal"].([]any)) != 2 {
		t.Fatalf("ship = %d %v", status, shipped)
	}
	status, _, body := x.do(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 2, "cancelled"))
	if status != http.StatusConflict || errorCode(body) != "transition_illegal" {
		t.Fatalf("cancel after shipping = %d %v", status, body)
	}
	_, _, list := x.do(auth.Viewer, "GET", "/api/v1/orders?status=shipped&sku=TEA-250&from=2026-11-11&to=2026-11-11", "")
	if items := list["items"].([]any); len(items) != 1 {
		t.Fatalf("list = %v", list)
	}
	bad := []struct{ body, code string }{
		{strings.Replace(fmt.Sprintf(orderBody, 3, "paid"), `"version":3`, `"version":0`, 1), "version_invalid"},
		{fmt.Sprintf(orderBody, 3, "shipped"), "status_invalid"},
		{strings.Replace(fmt.Sprintf(orderBody, 3, "paid"), `"59.90"`, `"59.9O"`, 1), "amount_invalid"},
		{strings.Replace(fmt.Sprintf(orderBody, 3, "paid"), `"currency":"CNY","created_at"`, `"currency":"XXX","created_at"`, 1), "currency_invalid"},
	}
	for _, c := range bad {
		if status, _, body := x.do(auth.Operations, "POST", "/api/v1/orders", c.body); status != http.StatusBadRequest || errorCode(body) != c.code {
			t.Errorf("%s: %d %v, want 400 %s", c.code, status, body, c.code)
		}
	}
	if status, _, _ := x.do(auth.Viewer, "GET", "/api/v1/orders/999", ""); status != http.StatusNotFound {
		t.Errorf("unknown order = %d", status)
	}
	_, raw := x.send("", "GET", "/metrics", "")
	metrics := string(raw)
	for _, want := range []string{`fnshub_orders_ingested_total{channel="web",effect="created",status="allocated"} 1`,
		`fnshub_orders_ingested_total{channel="web",effect="duplicate",status="allocated"} 1`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func (x *api) mustDo(role auth.Role, method, path, body string, header ...string) map[string]any {
	x.t.Helper()
	status, _, out := x.do(role, method, path, body, header...)
	if status/100 != 2 {
		x.t.Fatalf("%s %s = %d %v", method, path, status, out)
	}
	return out
}
