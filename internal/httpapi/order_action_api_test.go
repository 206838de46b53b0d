package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
)

// An order action under one Idempotency-Key happens once. On the code
// before issue 6 the same refund sent twice booked two refunds.
func TestAPI_OrderActionsAreIdempotent(t *testing.T) {
	x := newAPI(t)
	x.stockTea("")
	o := x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	other := x.mustDo(auth.Operations, "POST", "/api/v1/orders", strings.Replace(fmt.Sprintf(orderBody, 1, "paid"), "W-1001", "W-1002", 1))
	path := func(id any, action string) string { return fmt.Sprintf("/api/v1/orders/%v/%s", id, action) }
	id, otherID := int64(o["id"].(float64)), int64(other["id"].(float64))

	ship := `{"carrier":"SF","tracking_no":"SF1001"}`
	first := x.mustDo(auth.Warehouse, "POST", path(id, "ship"), ship, "Idempotency-Key", "ship-1")
	status, hdr, again := x.do(auth.Warehouse, "POST", path(id, "ship"), ship, "Idempotency-Key", "ship-1")
	if status != http.StatusOK || hdr.Get("Idempotent-Replayed") != "true" || again["status"] != "shipped" ||
		len(again["journal"].([]any)) != len(first["journal"].([]any)) {
		t.Fatalf("ship replayed = %d %v", status, again)
	}
	if status, _, body := x.do(auth.Warehouse, "POST", path(id, "ship"), `{"carrier":"SF","tracking_no":"SF9"}`,
		"Idempotency-Key", "ship-1"); status != http.StatusConflict || errorCode(body) != "idempotency_key_reused" {
		t.Fatalf("same key, other body = %d %v", status, body)
	}
	if status, _, body := x.do(auth.Warehouse, "POST", path(otherID, "ship"), ship, "Idempotency-Key", "ship-1"); status != http.StatusConflict {
		t.Fatalf("same key, another order = %d %v", status, body)
	}

	refund := `{"amount":{"amount":"10.00","currency":"CNY"}}`
	if status, _, body := x.do(auth.Finance, "POST", path(id, "refund"), refund); status != http.StatusBadRequest ||
		errorCode(body) != "idempotency_key_missing" {
		t.Fatalf("refund without a key = %d %v", status, body)
	}
	for i := 0; i < 3; i++ {
		x.mustDo(auth.Finance, "POST", path(id, "refund"), refund, "Idempotency-Key", "rf-1")
	}
	_, _, now := x.do(auth.Viewer, "GET", fmt.Sprintf("/api/v1/orders/%d", id), "")
	refunds := 0
	for _, e := range now["journal"].([]any) {
		if strings.Contains(e.(map[string]any)["source_key"].(string), ":refund:") {
			refunds++
		}
	}
	if refunds != 1 {
		t.Fatalf("the same refund sent 3 times under one key booked %d refunds", refunds)
	}
	if status, _, body := x.do(auth.Finance, "POST", path(id, "refund"), `{"amount":{"amount":"11.00","currency":"CNY"}}`,
		"Idempotency-Key", "rf-1"); status != http.StatusConflict || errorCode(body) != "idempotency_key_reused" {
		t.Fatalf("same refund key, other amount = %d %v", status, body)
	}
	if status, _, body := x.do(auth.Operations, "POST", path(otherID, "cancel"), "",
		"Idempotency-Key", strings.Repeat("k", 300)); status != http.StatusBadRequest || errorCode(body) != "idempotency_key_too_long" {
		t.Fatalf("a 300-character key = %d %v", status, body)
	}
}

// On the code before issue 6 finance could reverse an order's payment by
// hand, after which the order could no longer be cancelled.
func TestAPI_EntriesBookedByRulesAreNotReversedByHand(t *testing.T) {
	x := newAPI(t)
	x.stockTea("3.00")
	o := x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	id := int64(o["id"].(float64))
	paid := o["journal"].([]any)[0].(map[string]any)
	status, _, body := x.do(auth.Finance, "POST", fmt.Sprintf("/api/v1/ledger/entries/%v/reversal", paid["id"]), "", "Idempotency-Key", "r1")
	if status != http.StatusConflict || errorCode(body) != "entry_posted_by_rule" ||
		!strings.Contains(body["error"].(map[string]any)["message"].(string), fmt.Sprintf("/api/v1/orders/%d/cancel", id)) {
		t.Fatalf("reversing the order's payment by hand = %d %v", status, body)
	}
	_, _, entries := x.do(auth.Viewer, "GET", "/api/v1/ledger/entries", "")
	for _, e := range entries["items"].([]any) {
		e := e.(map[string]any)
		if strings.HasPrefix(e["source_key"].(string), "stock:") {
			if status, _, body := x.do(auth.Finance, "POST", fmt.Sprintf("/api/v1/ledger/entries/%v/reversal", e["id"]), "",
				"Idempotency-Key", "r2"); status != http.StatusConflict || errorCode(body) != "entry_posted_by_rule" {
				t.Fatalf("reversing a receipt's value by hand = %d %v", status, body)
			}
		}
	}
	if status, _, body := x.do(auth.Operations, "POST", fmt.Sprintf("/api/v1/orders/%d/cancel", id), ""); status != http.StatusOK || body["status"] != "cancelled" {
		t.Fatalf("cancel = %d %v", status, body)
	}
}

func TestAPI_FindOrderByPlatformNumber(t *testing.T) {
	x := newAPI(t)
	x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	x.mustDo(auth.Operations, "POST", "/api/v1/orders", strings.Replace(fmt.Sprintf(orderBody, 1, "paid"), "W-1001", "W-1002", 1))
	_, _, list := x.do(auth.Viewer, "GET", "/api/v1/orders?external_id=W-1002", "")
	items := list["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["external_id"] != "W-1002" {
		t.Fatalf("orders?external_id=W-1002 = %v", list)
	}
	_, _, held := x.do(auth.Viewer, "GET", "/api/v1/orders?hold=sku_unmapped", "")
	if len(held["items"].([]any)) != 2 {
		t.Fatalf("orders?hold=sku_unmapped = %v", held)
	}
}

func TestAPI_ReturnByLineAndNewerVersions(t *testing.T) {
	x := newAPI(t)
	x.stockTea("30.00")
	o := x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	id := int64(o["id"].(float64))
	status, _, body := x.do(auth.Operations, "POST", "/api/v1/orders", strings.Replace(fmt.Sprintf(orderBody, 1, "paid"), `"quantity":2`, `"quantity":3`, 1))
	if status != http.StatusConflict || errorCode(body) != "order_version_conflict" {
		t.Fatalf("version 1 again with 3 units = %d %v", status, body)
	}
	v2 := x.mustDo(auth.Operations, "POST", "/api/v1/orders", strings.Replace(fmt.Sprintf(orderBody, 2, "paid"), `"quantity":2`, `"quantity":3`, 1))
	if v2["effect"] != "applied" || v2["lines"].([]any)[0].(map[string]any)["quantity"] != float64(3) {
		t.Fatalf("version 2 with 3 units = %v", v2)
	}
	x.mustDo(auth.Warehouse, "POST", fmt.Sprintf("/api/v1/orders/%d/ship", id), `{"carrier":"SF","tracking_no":"SF1"}`)
	v3 := x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 3, "paid"))
	if v3["effect"] != "held" || v3["status"] != "shipped" || v3["hold"].(map[string]any)["reason"] != "changed_after_shipping" {
		t.Fatalf("version 3 after shipping = %v", v3)
	}
	ret := `{"lines":[{"line":1,"quantity":1}],"refund":true}`
	if status, _, body := x.do(auth.Warehouse, "POST", fmt.Sprintf("/api/v1/orders/%d/return", id), ret, "Idempotency-Key", "ret-1"); status != http.StatusForbidden {
		t.Fatalf("the warehouse refunding a return = %d %v", status, body)
	}
	back := x.mustDo(auth.Operations, "POST", fmt.Sprintf("/api/v1/orders/%d/return", id), ret, "Idempotency-Key", "ret-1")
	if back["status"] != "partially_refunded" || back["lines"].([]any)[0].(map[string]any)["returned"] != float64(1) {
		t.Fatalf("return = %v", back)
	}
	_, _, stock := x.do(auth.Viewer, "GET", "/api/v1/stock", "")
	if lvl := stock["items"].([]any)[0].(map[string]any); lvl["on_hand"] != float64(3) {
		t.Fatalf("stock after 3 shipped and 1 returned = %v", lvl)
	}
	if status, _, body := x.do(auth.Warehouse, "POST", fmt.Sprintf("/api/v1/orders/%d/return", id), `{"lines":[{"line":1,"quantity":3}]}`,
		"Idempotency-Key", "ret-2"); status != http.StatusConflict || errorCode(body) != "return_exceeds_line" {
		t.Fatalf("returning more than shipped = %d %v", status, body)
	}
}

// stockTea creates SKU TEA-250 and warehouse HZ and receives 5 units there,
// at unitCost each when given (else valued at no cost).
func (x *api) stockTea(unitCost string) {
	x.t.Helper()
	x.mustDo(auth.Operations, "POST", "/api/v1/skus", `{"code":"TEA-250","name":"龙井 250g","tax_rate":"0.13"}`)
	x.mustDo(auth.Warehouse, "POST", "/api/v1/warehouses", `{"code":"HZ","name":"杭州仓","province":"浙江省"}`)
	receipt := `{"sku":"TEA-250","warehouse":"HZ","quantity":5}`
	if unitCost != "" {
		receipt = fmt.Sprintf(`{"sku":"TEA-250","warehouse":"HZ","quantity":5,"unit_cost":{"amount":%q,"currency":"CNY"}}`, unitCost)
	}
	x.mustDo(auth.Warehouse, "POST", "/api/v1/stock/receipts", receipt, "Idempotency-Key", "po-1")
}
