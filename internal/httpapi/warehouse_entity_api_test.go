package httpapi

import (
	"net/http"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
)

// Warehouses name their legal entity; a transfer to another entity's
// warehouse posts on both sides at cost (ADR 27).
func TestAPI_WarehouseEntityAndInterEntityTransfer(t *testing.T) {
	x := newAPI(t)
	x.mustDo(auth.Finance, "POST", "/api/v1/entities", `{"code":"hk","name":"HK Ltd","base_currency":"CNY","timezone":"Asia/Hong_Kong"}`)
	if w := x.mustDo(auth.Warehouse, "POST", "/api/v1/warehouses", `{"code":"SH","name":"上海仓"}`); w["entity"] != "default" || w["entity_id"] != float64(1) {
		t.Fatalf("a warehouse naming no entity = %v, want the default entity", w)
	}
	hk := x.mustDo(auth.Warehouse, "POST", "/api/v1/warehouses", `{"code":"HK","name":"香港仓","entity":"hk"}`)
	if hk["entity"] != "hk" || hk["entity_id"] == float64(1) {
		t.Fatalf("HK = %v", hk)
	}
	if status, _, body := x.do(auth.Warehouse, "POST", "/api/v1/warehouses", `{"code":"X","name":"X","entity":"nope"}`); status != http.StatusBadRequest || errOf(body)["field"] != "entity" || errorCode(body) != "entity_not_found" {
		t.Fatalf("unknown entity = %d %v", status, body)
	}
	x.mustDo(auth.Operations, "POST", "/api/v1/skus", `{"code":"SKU-1","name":"SKU 1","tax_rate":"0.13"}`)
	x.mustDo(auth.Warehouse, "POST", "/api/v1/stock/receipts", `{"sku":"SKU-1","warehouse":"SH","quantity":10,"unit_cost":{"amount":"3.00","currency":"CNY"}}`, "Idempotency-Key", "po-1")
	status, _, moved := x.do(auth.Warehouse, "POST", "/api/v1/stock/transfers", `{"sku":"SKU-1","from":"SH","to":"HK","quantity":4}`, "Idempotency-Key", "t-1")
	if status != http.StatusCreated || moved["to"].(map[string]any)["on_hand"] != float64(4) {
		t.Fatalf("inter-entity transfer = %d %v", status, moved)
	}
	// Each entity's own books: the default entity gave up 12.00 of its 30.00 and is owed it, hk holds it and owes it.
	def, hkBooks := trialLines(t, x, "default"), trialLines(t, x, "hk")
	if def["1405 debit"] != "18.00" || def["1221 debit"] != "12.00" || def["2241 credit"] != "" {
		t.Fatalf("default's trial balance %v: want inventory 18.00 and 12.00 owed by hk", def)
	}
	if hkBooks["1405 debit"] != "12.00" || hkBooks["2241 credit"] != "12.00" || hkBooks["1221 debit"] != "" {
		t.Fatalf("hk's trial balance %v: want inventory 12.00 owed to default", hkBooks)
	}
	if status, _, body := x.do(auth.Warehouse, "PATCH", "/api/v1/warehouses/HK", `{"entity":"default"}`); status != http.StatusConflict || errorCode(body) != "warehouse_has_stock" {
		t.Fatalf("entity change of a stocked warehouse = %d %v", status, body)
	}
	x.mustDo(auth.Warehouse, "POST", "/api/v1/warehouses", `{"code":"GZ","name":"广州仓"}`)
	if w := x.mustDo(auth.Warehouse, "PATCH", "/api/v1/warehouses/GZ", `{"entity":"hk"}`); w["entity"] != "hk" {
		t.Fatalf("entity change of an empty warehouse = %v", w)
	}
}

// trialLines is entity's trial balance as "account debit" and "account
// credit" → amount; a side without an amount is left out.
func trialLines(t *testing.T, x *api, entity string) map[string]string {
	t.Helper()
	tb := x.mustDo(auth.Finance, "GET", "/api/v1/ledger/trial-balance?entity="+entity, "")
	got := map[string]string{}
	for _, l := range tb["lines"].([]any) {
		line := l.(map[string]any)
		acct := line["account"].(string)
		for _, side := range []string{"debit", "credit"} {
			if a := line[side].(map[string]any)["amount"].(string); a != "0.00" {
				got[acct+" "+side] = a
			}
		}
	}
	return got
}
