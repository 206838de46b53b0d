package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
)

// newCatalogAPI is a server holding product TEA with SKU TEA-250 and the
// bundle GIFT (two TEA-250).
func newCatalogAPI(t *testing.T) *api {
	x := newAPI(t)
	x.mustDo(auth.Operations, "POST", "/api/v1/products", `{"code":"TEA","name":"龙井茶"}`)
	x.mustDo(auth.Operations, "POST", "/api/v1/skus", `{"code":"TEA-250","product":"TEA","name":"龙井 250g","tax_rate":"0.13","weight_g":250}`)
	x.mustDo(auth.Operations, "POST", "/api/v1/skus", `{"code":"GIFT","name":"礼盒","tax_rate":"0.13","components":[{"sku":"TEA-250","quantity":2}]}`)
	return x
}

func TestAPI_ProductsReadAndRename(t *testing.T) {
	x := newCatalogAPI(t)
	x.mustDo(auth.Purchasing, "POST", "/api/v1/products", `{"code":"CUP","name":"杯"}`)
	if status, _, body := x.do(auth.Viewer, "GET", "/api/v1/products?limit=1", ""); status != 200 || body["next_cursor"] != "CUP" || len(body["items"].([]any)) != 1 {
		t.Fatalf("first page = %d %v", status, body)
	}
	if status, _, body := x.do(auth.Viewer, "GET", "/api/v1/products?cursor=CUP", ""); status != 200 || body["next_cursor"] != "" || len(body["items"].([]any)) != 1 {
		t.Fatalf("last page = %d %v", status, body)
	}
	status, _, body := x.do(auth.Viewer, "GET", "/api/v1/products/TEA", "")
	if skus, _ := body["skus"].([]any); status != 200 || body["name"] != "龙井茶" || len(skus) != 1 || skus[0].(map[string]any)["code"] != "TEA-250" {
		t.Fatalf("get product = %d %v", status, body)
	}
	if status, _, body := x.do(auth.Viewer, "GET", "/api/v1/products/NOPE", ""); status != http.StatusNotFound {
		t.Fatalf("missing product = %d %v", status, body)
	}
	if status, _, body := x.do(auth.Operations, "PATCH", "/api/v1/products/TEA", `{"name":"西湖龙井"}`); status != 200 || body["name"] != "西湖龙井" || body["code"] != "TEA" {
		t.Fatalf("rename = %d %v", status, body)
	}
	refused := []struct {
		role               auth.Role
		body, status, code string
	}{
		{auth.Warehouse, `{"name":"x"}`, "403", "role_forbidden"},
		{auth.Operations, `{"code":"TEA2"}`, "400", "code_immutable"},
		{auth.Operations, `{"name":null}`, "400", "name_missing"},
		{auth.Operations, `{"colour":"green"}`, "400", "body_invalid"},
	}
	for _, c := range refused {
		status, _, body := x.do(c.role, "PATCH", "/api/v1/products/TEA", c.body)
		if fmt.Sprint(status) != c.status || errorCode(body) != c.code {
			t.Errorf("PATCH %s as %s = %d %v, want %s %s", c.body, c.role, status, body, c.status, c.code)
		}
	}
}

func TestAPI_SKUPatch(t *testing.T) {
	x := newCatalogAPI(t)
	status, _, body := x.do(auth.Operations, "PATCH", "/api/v1/skus/TEA-250", `{"spec":"罐装","tax_rate":"0.09","product":null}`)
	if status != 200 || body["tax_rate"] != "0.09" || body["spec"] != "罐装" || body["name"] != "龙井 250g" || body["weight_g"] != 250.0 || body["product"] != nil {
		t.Fatalf("patch = %d %v", status, body)
	}
	if _, _, got := x.do(auth.Viewer, "GET", "/api/v1/skus/TEA-250", ""); got["tax_rate"] != "0.09" {
		t.Fatalf("read after patch = %v; the cached SKU was not forgotten", got)
	}
	refused := []struct {
		role                     auth.Role
		path, body, status, code string
	}{
		{auth.Warehouse, "TEA-250", `{"name":"x"}`, "403", "role_forbidden"},
		{auth.Operations, "NOPE", `{"name":"x"}`, "404", "sku_not_found"},
		{auth.Operations, "TEA-250", `{"code":"TEA-251"}`, "400", "code_immutable"},
		{auth.Operations, "GIFT", `{"components":[{"sku":"TEA-250","quantity":3}]}`, "400", "components_immutable"},
		{auth.Operations, "TEA-250", `{"tax_rate":null}`, "400", "tax_rate_missing"},
		{auth.Operations, "TEA-250", `{"tax_rate":"abc"}`, "400", "amount_invalid"},
		{auth.Operations, "TEA-250", `{"name":""}`, "400", "name_missing"},
		{auth.Operations, "TEA-250", `{"weight_g":-1}`, "400", "weight_invalid"},
		{auth.Operations, "TEA-250", `{"product":"NOPE"}`, "400", "product_not_found"},
		{auth.Operations, "TEA-250", `{"created_at":"2026-01-01T00:00:00Z"}`, "400", "body_invalid"},
	}
	for _, c := range refused {
		status, _, body := x.do(c.role, "PATCH", "/api/v1/skus/"+c.path, c.body)
		if fmt.Sprint(status) != c.status || errorCode(body) != c.code {
			t.Errorf("PATCH %s %s as %s = %d %v, want %s %s", c.path, c.body, c.role, status, body, c.status, c.code)
		}
	}
	if _, _, got := x.do(auth.Viewer, "GET", "/api/v1/skus/TEA-250", ""); got["spec"] != "罐装" || got["weight_g"] != 250.0 {
		t.Fatalf("a refused patch changed the SKU: %v", got)
	}
}

func TestAPI_TaxRateChangeAppliesToLaterOrders(t *testing.T) {
	x := newCatalogAPI(t)
	ingest := func(external string) float64 {
		body := strings.Replace(fmt.Sprintf(orderBody, 1, "paid"), "W-1001", external, 1)
		return x.mustDo(auth.Operations, "POST", "/api/v1/orders", body)["id"].(float64)
	}
	lineRate := func(id float64) any {
		o := x.mustDo(auth.Viewer, "GET", fmt.Sprintf("/api/v1/orders/%.0f", id), "")
		return o["lines"].([]any)[0].(map[string]any)["tax_rate"]
	}
	before := ingest("W-1")
	x.mustDo(auth.Operations, "PATCH", "/api/v1/skus/TEA-250", `{"tax_rate":"0.09"}`)
	after := ingest("W-2")
	if b, a := lineRate(before), lineRate(after); b != "0.13" || a != "0.09" {
		t.Fatalf("line rates before and after the change = %v, %v; want 0.13, 0.09", b, a)
	}
}

func TestAPI_BundlesAndUnmapping(t *testing.T) {
	x := newCatalogAPI(t)
	status, _, body := x.do(auth.Viewer, "GET", "/api/v1/bundles", "")
	items, _ := body["items"].([]any)
	if status != 200 || len(items) != 1 || len(items[0].(map[string]any)["components"].([]any)) != 1 {
		t.Fatalf("bundles = %d %v", status, body)
	}
	x.mustDo(auth.Operations, "PUT", "/api/v1/listings", `{"channel":"tmall","shop":"s1","external_item_id":"6001","external_sku_id":"a","sku":"GIFT"}`)
	const listing = "/api/v1/listings?channel=tmall&shop=s1&external_item_id=6001&external_sku_id=a"
	if status, _, _ := x.do(auth.Viewer, "DELETE", listing, ""); status != http.StatusForbidden {
		t.Fatalf("a viewer unmapped a listing: %d", status)
	}
	if status, _, body := x.do(auth.Operations, "DELETE", listing, ""); status != http.StatusNoContent {
		t.Fatalf("unmap = %d %v", status, body)
	}
	if status, _, body := x.do(auth.Operations, "DELETE", listing, ""); status != http.StatusNotFound || errorCode(body) != "listing_not_found" {
		t.Fatalf("unmap again = %d %v", status, body)
	}
	if status, _, body := x.do(auth.Operations, "DELETE", "/api/v1/listings?channel=tmall&shop=s1", ""); status != http.StatusBadRequest {
		t.Fatalf("unmap without an item = %d %v", status, body)
	}
	if _, _, body := x.do(auth.Viewer, "GET", "/api/v1/listings?channel=tmall&shop=s1", ""); len(body["items"].([]any)) != 0 {
		t.Fatalf("listings after unmapping = %v", body)
	}
}
