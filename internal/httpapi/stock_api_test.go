package httpapi

import (
	"net/http"
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
