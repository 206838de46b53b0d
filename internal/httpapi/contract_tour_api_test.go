package httpapi

import (
	"fmt"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
)

// TestAPI_ContractTour makes the calls no other test makes — transfers,
// adjustments, returns, every order action, replays — so that api.send
// checks their answers against the document too.
func TestAPI_ContractTour(t *testing.T) {
	x := newCatalogAPI(t)
	x.mustDo(auth.Warehouse, "POST", "/api/v1/warehouses", `{"code":"HZ","name":"杭州仓","province":"浙江省","priority":1}`)
	x.mustDo(auth.Warehouse, "POST", "/api/v1/warehouses", `{"code":"SH","name":"上海仓","province":"上海"}`)
	x.mustDo(auth.Warehouse, "POST", "/api/v1/stock/receipts", `{"sku":"TEA-250","warehouse":"HZ","quantity":10,"unit_cost":{"amount":"20.00","currency":"CNY"}}`, "Idempotency-Key", "po-1")
	adjust := `{"sku":"TEA-250","warehouse":"HZ","quantity":-1}`
	transfer := `{"sku":"TEA-250","from":"HZ","to":"SH","quantity":2}`
	manual := x.mustDo(auth.Finance, "POST", "/api/v1/ledger/entries", sale, "Idempotency-Key", "e-1")
	reversal := fmt.Sprintf("/api/v1/ledger/entries/%.0f/reversal", manual["id"])
	for _, replay := range []bool{false, true} {
		want := map[bool]int{false: 201, true: 200}[replay]
		for _, c := range []struct{ path, body, key string }{
			{"/api/v1/stock/adjustments", adjust, "count-1"},
			{"/api/v1/stock/transfers", transfer, "move-1"},
			{reversal, "", "undo-1"},
		} {
			if status, _, body := x.do(auth.Admin, "POST", c.path, c.body, "Idempotency-Key", c.key); status != want {
				t.Fatalf("POST %s (replay %v) = %d %v, want %d", c.path, replay, status, body, want)
			}
		}
	}
	order := func(ext string) string {
		o := x.mustDo(auth.Operations, "POST", "/api/v1/orders", strings.Replace(fmt.Sprintf(orderBody, 1, "paid"), "W-1001", ext, 1))
		return fmt.Sprintf("/api/v1/orders/%.0f", o["id"].(float64))
	}
	first := order("W-1")
	x.mustDo(auth.Operations, "POST", first+"/hold", `{"message":"check the address"}`, "Idempotency-Key", "hold-1")
	if status, hdr, _ := x.do(auth.Operations, "POST", first+"/hold", `{"message":"check the address"}`, "Idempotency-Key", "hold-1"); status != 200 || hdr.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replayed hold = %d %v", status, hdr)
	}
	x.mustDo(auth.Operations, "POST", first+"/approve", "")
	shipped := x.mustDo(auth.Warehouse, "POST", first+"/ship", `{"carrier":"SF","tracking_no":"SF1"}`)
	x.mustDo(auth.Operations, "POST", first+"/refund", "", "Idempotency-Key", "refund-1")
	var sent any // the reservation that shipped; the one released by the hold cannot come back
	for _, r := range shipped["reservations"].([]any) {
		if r := r.(map[string]any); r["status"] == "shipped" {
			sent = r["id"]
		}
	}
	ret := fmt.Sprintf(`{"reservation":%q,"quantity":1}`, sent)
	x.mustDo(auth.Warehouse, "POST", "/api/v1/stock/returns", ret, "Idempotency-Key", "rma-1")
	x.mustDo(auth.Warehouse, "POST", "/api/v1/stock/returns", ret, "Idempotency-Key", "rma-1")
	x.mustDo(auth.Operations, "POST", order("W-2")+"/cancel", "")
	x.mustDo(auth.Operations, "POST", "/api/v1/orders/holds/retry", "")

	refused := []struct {
		role         auth.Role
		method, path string
		body, key    string
		status       int
	}{
		{auth.Operations, "POST", first + "/retry", "", "", 409},
		{auth.Operations, "POST", first + "/approve", "", "", 409},
		{auth.Operations, "POST", "/api/v1/orders/999/cancel", "", "", 404},
		{auth.Viewer, "GET", "/api/v1/orders/x", "", "", 400},
		{auth.Viewer, "GET", "/api/v1/skus/NOPE", "", "", 404},
		{auth.Operations, "PATCH", "/api/v1/products/NOPE", `{"name":"x"}`, "", 404},
		{auth.Operations, "POST", "/api/v1/skus", `{"code":"TEA-250","name":"again","tax_rate":"0"}`, "", 409},
		{auth.Operations, "POST", "/api/v1/products", `{"code":"TEA","name":"again"}`, "", 409},
		{auth.Warehouse, "POST", "/api/v1/warehouses", `{"code":"HZ","name":"again"}`, "", 409},
		{auth.Finance, "POST", "/api/v1/ledger/accounts", `{"code":"1122","name_zh":"应收账款","class":"asset","normal_side":"debit"}`, "", 409},
		{auth.Warehouse, "POST", "/api/v1/stock/transfers", `{"sku":"TEA-250","from":"HZ","to":"SH","quantity":1000}`, "big", 409},
		{auth.Warehouse, "POST", "/api/v1/stock/receipts", `{"sku":"TEA-250","warehouse":"NOPE","quantity":1}`, "po-2", 404},
		{auth.Operations, "PUT", "/api/v1/listings", `{"channel":"tmall","shop":"s1","external_item_id":"1","sku":"NOPE"}`, "", 404},
		{auth.Finance, "POST", "/api/v1/ledger/entries/99/reversal", "", "undo-99", 404},
	}
	for _, c := range refused {
		var hdr []string
		if c.key != "" {
			hdr = []string{"Idempotency-Key", c.key}
		}
		if status, _, body := x.do(c.role, c.method, c.path, c.body, hdr...); status != c.status {
			t.Errorf("%s %s %s = %d %v, want %d", c.method, c.path, c.body, status, body, c.status)
		}
	}
}
