package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
)

func TestAPI_EntitiesAndShops(t *testing.T) {
	x := newAPI(t)
	_, _, list := x.do(auth.Viewer, "GET", "/api/v1/entities", "")
	items := list["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["code"] != "default" || items[0].(map[string]any)["base_currency"] != "CNY" {
		t.Fatalf("entities = %v", list)
	}
	e := x.mustDo(auth.Finance, "POST", "/api/v1/entities", `{"code":"hk","name":"HK Ltd","base_currency":"HKD","timezone":"Asia/Hong_Kong"}`)
	if e["id"].(float64) != 2 {
		t.Fatalf("created entity = %v", e)
	}
	if code, _, body := x.do(auth.Operations, "POST", "/api/v1/entities", `{"code":"x","name":"X","base_currency":"CNY","timezone":"UTC"}`); code != http.StatusForbidden {
		t.Fatalf("operations created an entity: %d %v", code, body)
	}
	renamed := x.mustDo(auth.Finance, "PATCH", "/api/v1/entities/hk", `{"name":"HK Trading Ltd"}`)
	if renamed["name"] != "HK Trading Ltd" {
		t.Fatalf("renamed = %v", renamed)
	}
	if code, _, body := x.do(auth.Finance, "POST", "/api/v1/entities", `{"code":"y","name":"Y","base_currency":"CNY","timezone":"Mars/Base"}`); code != http.StatusBadRequest || errOf(body)["field"] != "timezone" {
		t.Fatalf("bad timezone: %d %v", code, body)
	}

	x.mustDo(auth.Warehouse, "POST", "/api/v1/warehouses", `{"code":"HZ","name":"杭州仓"}`)
	sh := x.mustDo(auth.Operations, "POST", "/api/v1/shops", `{"id":"hk-tmall","channel":"tmall","name":"天猫国际","entity":"hk","warehouses":[{"warehouse":"HZ","priority":1}]}`)
	if sh["currency"] != "HKD" || sh["timezone"] != "Asia/Hong_Kong" || sh["entity_id"].(float64) != 2 || sh["active"] != true {
		t.Fatalf("created shop = %v", sh)
	}
	if code, _, body := x.do(auth.Operations, "POST", "/api/v1/shops", `{"id":"a.b","channel":"tmall","name":"x"}`); code != http.StatusBadRequest || errOf(body)["field"] != "id" {
		t.Fatalf("bad id: %d %v", code, body)
	}
	if code, _, body := x.do(auth.Operations, "POST", "/api/v1/shops", `{"id":"ab","channel":"ebay","name":"x"}`); code != http.StatusBadRequest || errOf(body)["field"] != "channel" {
		t.Fatalf("bad channel: %d %v", code, body)
	}
	if code, _, body := x.do(auth.Operations, "POST", "/api/v1/shops", `{"id":"hk-tmall","channel":"tmall","name":"x"}`); code != http.StatusConflict {
		t.Fatalf("id taken: %d %v", code, body)
	}
	got := x.mustDo(auth.Viewer, "GET", "/api/v1/shops/hk-tmall", "")
	if ws := got["warehouses"].([]any); len(ws) != 1 {
		t.Fatalf("shop = %v", got)
	}
	off := x.mustDo(auth.Operations, "PATCH", "/api/v1/shops/hk-tmall", `{"active":false,"name":"天猫国际店","warehouses":[]}`)
	if off["active"] != false || off["name"] != "天猫国际店" || len(off["warehouses"].([]any)) != 0 {
		t.Fatalf("patched = %v", off)
	}
	if code, _, _ := x.do(auth.Viewer, "GET", "/api/v1/shops/nope", ""); code != http.StatusNotFound {
		t.Fatalf("unknown shop: %d", code)
	}
	page := x.mustDo(auth.Viewer, "GET", "/api/v1/shops?limit=2", "")
	if len(page["items"].([]any)) != 2 || page["next_cursor"] == "" {
		t.Fatalf("page = %v", page)
	}
}

func TestAPI_OrderForAnUnknownShopIsRefused(t *testing.T) {
	x := newAPI(t)
	x.mustDo(auth.Operations, "POST", "/api/v1/products", `{"code":"TEA","name":"龙井茶"}`)
	x.mustDo(auth.Operations, "POST", "/api/v1/skus", `{"code":"TEA-250","product":"TEA","name":"龙井 250g","tax_rate":"0.13"}`)
	body := strings.Replace(fmt.Sprintf(orderBody, 1, "paid"), `"shop":"S1"`, `"shop":"nowhere"`, 1)
	if !strings.Contains(body, `"nowhere"`) {
		t.Fatalf("orderBody names no shop S1: %s", body)
	}
	code, _, resp := x.do(auth.Operations, "POST", "/api/v1/orders", body)
	if code != http.StatusBadRequest || errOf(resp)["code"] != "shop_not_found" || errOf(resp)["field"] != "shop" ||
		!strings.Contains(errOf(resp)["message"].(string), "POST /api/v1/shops") {
		t.Fatalf("order for an unknown shop: %d %v", code, resp)
	}
	if code, _, resp := x.do(auth.Operations, "PUT", "/api/v1/listings", `{"channel":"web","shop":"nowhere","external_item_id":"1","sku":"TEA-250"}`); code != http.StatusBadRequest || errOf(resp)["code"] != "shop_not_found" {
		t.Fatalf("listing for an unknown shop: %d %v", code, resp)
	}
	if code, _, resp := x.do(auth.Operations, "PUT", "/api/v1/stock/rules", `{"shop":"nowhere","sku":"*","kind":"cap","quantity":1}`); code != http.StatusBadRequest || errOf(resp)["code"] != "shop_not_found" {
		t.Fatalf("rule for an unknown shop: %d %v", code, resp)
	}
}

// errOf is the error object of an error answer.
func errOf(body map[string]any) map[string]any {
	e, _ := body["error"].(map[string]any)
	return e
}
