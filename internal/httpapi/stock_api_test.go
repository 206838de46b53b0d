package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
)

func TestAPI_WarehousesAndStock(t *testing.T) {
	x := newAPI(t)
	if status, _, body := x.do(auth.Warehouse, "POST", "/api/v1/warehouses", `{"code":"SH","name":"上海仓","province":"上海"}`); status != http.StatusCreated || body["active"] != true {
		t.Fatalf("create warehouse = %d %v", status, body)
	}
	if status, _, _ := x.do(auth.Finance, "POST", "/api/v1/warehouses", `{"code":"GZ","name":"广州仓"}`); status != http.StatusForbidden {
		t.Fatalf("finance created a warehouse: %d", status)
	}
	x.mustDo(auth.Operations, "POST", "/api/v1/skus", `{"code":"SKU-1","name":"SKU 1","tax_rate":"0.13"}`)
	receipt := `{"sku":"SKU-1","warehouse":"SH","quantity":100}`
	status, _, lvl := x.do(auth.Warehouse, "POST", "/api/v1/stock/receipts", receipt, "Idempotency-Key", "po-1")
	if status != http.StatusCreated || lvl["on_hand"] != float64(100) || lvl["available"] != float64(100) {
		t.Fatalf("receipt = %d %v", status, lvl)
	}
	if status, hdr, _ := x.do(auth.Warehouse, "POST", "/api/v1/stock/receipts", receipt, "Idempotency-Key", "po-1"); status != http.StatusOK || hdr.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replayed receipt = %d", status)
	}
	cases := []struct{ body, code string }{
		{`{"sku":"SKU-1","warehouse":"SH","quantity":-101}`, "stock_below_reserved"},
		{`{"sku":"SKU-1","warehouse":"NOPE","quantity":-1}`, "warehouse_not_found"},
		{`{"sku":"","warehouse":"SH","quantity":1}`, "sku_invalid"},
		{`{"sku":"SKU-1","warehouse":"SH","quantity":"1"}`, "body_invalid"},
	}
	for i, c := range cases {
		if status, _, body := x.do(auth.Warehouse, "POST", "/api/v1/stock/adjustments", c.body, "Idempotency-Key", string(rune('a'+i))); status/100 != 4 || errorCode(body) != c.code {
			t.Errorf("adjust %s = %d %v, want %s", c.body, status, body, c.code)
		}
	}
	if status, _, body := x.do(auth.Warehouse, "POST", "/api/v1/stock/returns", `{"reservation":"nope#1","quantity":1}`, "Idempotency-Key", "rma-1"); status != http.StatusNotFound {
		t.Errorf("return of an unknown reservation = %d %v", status, body)
	}
	_, _, list := x.do(auth.Viewer, "GET", "/api/v1/stock", "")
	items := list["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["on_hand"] != float64(100) {
		t.Fatalf("stock after refused adjustments = %v, want 100 on hand", list)
	}
}

func TestAPI_WarehouseUpdate(t *testing.T) {
	x := newAPI(t)
	x.mustDo(auth.Warehouse, "POST", "/api/v1/warehouses", `{"code":"SH","name":"上海仓","province":"上海","priority":1}`)
	status, _, w := x.do(auth.Warehouse, "PATCH", "/api/v1/warehouses/SH", `{"active":false,"priority":5}`)
	if status != http.StatusOK || w["active"] != false || w["priority"] != float64(5) || w["name"] != "上海仓" {
		t.Fatalf("patch = %d %v", status, w)
	}
	cases := []struct {
		role       auth.Role
		path, body string
		status     int
	}{
		{auth.Warehouse, "/api/v1/warehouses/NOPE", `{"active":true}`, http.StatusNotFound},
		{auth.Warehouse, "/api/v1/warehouses/SH", `{"name":""}`, http.StatusBadRequest},
		{auth.Warehouse, "/api/v1/warehouses/SH", `{"code":"GZ"}`, http.StatusBadRequest},
		{auth.Finance, "/api/v1/warehouses/SH", `{"active":true}`, http.StatusForbidden},
	}
	for _, c := range cases {
		if status, _, body := x.do(c.role, "PATCH", c.path, c.body); status != c.status {
			t.Errorf("%s %s = %d %v, want %d", c.path, c.body, status, body, c.status)
		}
	}
	x.mustDo(auth.Operations, "POST", "/api/v1/skus", `{"code":"TEA-250","name":"龙井 250g","tax_rate":"0.13"}`)
	x.mustDo(auth.Warehouse, "POST", "/api/v1/stock/receipts", `{"sku":"TEA-250","warehouse":"SH","quantity":5}`, "Idempotency-Key", "po-1")
	status, _, o := x.do(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	if status != http.StatusCreated || o["status"] != "on_hold" {
		t.Fatalf("an order with stock only in an inactive warehouse = %d %v, want it held", status, o["status"])
	}
}

// TestAPI_StockOnlyOfStockableSKUs: stock is kept only of SKUs the catalog
// knows, and never of a bundle (item 1.7): each stock write names the
// unknown SKU in a 404, or says a bundle is stocked through its components
// in a 400, and leaves no stock, value or entry behind.
func TestAPI_StockOnlyOfStockableSKUs(t *testing.T) {
	x := newAPI(t)
	x.mustDo(auth.Warehouse, "POST", "/api/v1/warehouses", `{"code":"SH","name":"上海仓"}`)
	x.mustDo(auth.Warehouse, "POST", "/api/v1/warehouses", `{"code":"GZ","name":"广州仓"}`)
	x.mustDo(auth.Operations, "POST", "/api/v1/skus", `{"code":"TEA-250","name":"龙井 250g","tax_rate":"0.13"}`)
	x.mustDo(auth.Operations, "POST", "/api/v1/skus",
		`{"code":"GIFT","name":"礼盒","tax_rate":"0.13","components":[{"sku":"TEA-250","quantity":2}]}`)
	writes := []struct {
		role               auth.Role
		method, path, body string
	}{
		{auth.Warehouse, "POST", "/api/v1/stock/receipts", `{"sku":"%s","warehouse":"SH","quantity":5,"unit_cost":{"amount":"4.00","currency":"CNY"}}`},
		{auth.Warehouse, "POST", "/api/v1/stock/receipts", `{"sku":"%s","warehouse":"SH","quantity":5}`},
		{auth.Warehouse, "POST", "/api/v1/stock/adjustments", `{"sku":"%s","warehouse":"SH","quantity":3}`},
		{auth.Warehouse, "POST", "/api/v1/stock/transfers", `{"sku":"%s","from":"SH","to":"GZ","quantity":1}`},
		{auth.Operations, "PUT", "/api/v1/stock/safety", `{"sku":"%s","quantity":2}`},
		{auth.Operations, "PUT", "/api/v1/stock/rules", `{"shop":"tmall","sku":"%s","kind":"cap","quantity":2}`},
	}
	for i, w := range writes {
		status, _, body := x.do(w.role, w.method, w.path, fmt.Sprintf(w.body, "GHOST-1"), "Idempotency-Key", fmt.Sprint("ghost-", i))
		if msg := errorMessage(body); status != http.StatusNotFound || errorCode(body) != "sku_not_found" || !strings.Contains(msg, "GHOST-1") {
			t.Errorf("%s %s of an unknown SKU = %d %v, want 404 naming GHOST-1", w.method, w.path, status, body)
		}
		status, _, body = x.do(w.role, w.method, w.path, fmt.Sprintf(w.body, "GIFT"), "Idempotency-Key", fmt.Sprint("gift-", i))
		if msg := errorMessage(body); status != http.StatusBadRequest || errorCode(body) != "sku_is_bundle" || !strings.Contains(msg, "components") {
			t.Errorf("%s %s of a bundle = %d %v, want 400 sku_is_bundle", w.method, w.path, status, body)
		}
	}
	x.mustDo(auth.Warehouse, "POST", "/api/v1/stock/receipts", `{"sku":"TEA-250","warehouse":"SH","quantity":5}`, "Idempotency-Key", "po-1")
	_, _, list := x.do(auth.Viewer, "GET", "/api/v1/stock", "")
	if items := list["items"].([]any); len(items) != 1 || items[0].(map[string]any)["sku"] != "TEA-250" {
		t.Fatalf("stock = %v, want TEA-250 alone", list)
	}
	for _, path := range []string{"/api/v1/stock/safety", "/api/v1/stock/rules"} {
		if _, _, body := x.do(auth.Viewer, "GET", path, ""); len(body["items"].([]any)) != 0 {
			t.Errorf("%s = %v, want none", path, body)
		}
	}
}

func errorMessage(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	msg, _ := e["message"].(string)
	return msg
}
