package httpapi

import (
	"net/http"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
)

func TestAPI_AvailableToPromise(t *testing.T) {
	x := newAPI(t)
	x.do(auth.Warehouse, "POST", "/api/v1/warehouses", `{"code":"SH","name":"上海仓"}`)
	x.mustDo(auth.Operations, "POST", "/api/v1/skus", `{"code":"SKU-1","name":"SKU 1","tax_rate":"0.13"}`)
	x.do(auth.Warehouse, "POST", "/api/v1/stock/receipts", `{"sku":"SKU-1","warehouse":"SH","quantity":100}`, "Idempotency-Key", "po-1")
	if status, _, body := x.do(auth.Operations, "PUT", "/api/v1/stock/safety", `{"sku":"SKU-1","quantity":10}`); status != http.StatusOK || body["quantity"] != float64(10) {
		t.Fatalf("put safety stock = %d %v", status, body)
	}
	for _, rule := range []string{
		`{"shop":"tmall","sku":"*","kind":"share","share_bp":5000}`,
		`{"shop":"jd","sku":"*","kind":"fixed","quantity":30}`,
		`{"shop":"douyin","sku":"SKU-1","kind":"cap","quantity":1000}`,
	} {
		if status, _, body := x.do(auth.Operations, "PUT", "/api/v1/stock/rules", rule); status != http.StatusOK {
			t.Fatalf("put rule %s = %d %v", rule, status, body)
		}
	}
	// 90 available: jd 30 fixed, tmall 50% of 60, douyin the 30 left.
	want := map[string]float64{"tmall": 30, "jd": 30, "douyin": 30, "pdd": 0}
	for shop, n := range want {
		status, _, body := x.do(auth.Viewer, "GET", "/api/v1/stock/available?shop="+shop, "")
		items, _ := body["items"].([]any)
		if status != http.StatusOK || len(items) != 1 {
			t.Fatalf("available for %s = %d %v", shop, status, body)
		}
		item := items[0].(map[string]any)
		if item["available"] != float64(90) || item["published"] != n || (item["rule"] == nil) != (shop == "pdd") {
			t.Errorf("available for %s = %v, want 90 available and %v published", shop, item, n)
		}
	}
	// jd may ship only from GZ, which holds nothing: it publishes nothing of
	// its 30, and says why.
	x.do(auth.Warehouse, "POST", "/api/v1/warehouses", `{"code":"GZ","name":"广州仓"}`)
	if status, _, body := x.do(auth.Operations, "PATCH", "/api/v1/shops/jd", `{"warehouses":[{"warehouse":"GZ","priority":0}]}`); status != http.StatusOK {
		t.Fatalf("patch jd's warehouses = %d %v", status, body)
	}
	for shop, n := range map[string][2]float64{"jd": {0, 0}, "tmall": {90, 30}} {
		_, _, body := x.do(auth.Viewer, "GET", "/api/v1/stock/available?shop="+shop, "")
		item := body["items"].([]any)[0].(map[string]any)
		if item["available"] != float64(90) || item["shop_available"] != n[0] || item["published"] != n[1] {
			t.Errorf("available for %s = %v, want shop_available %v, published %v", shop, item, n[0], n[1])
		}
	}
	cases := []struct{ method, path, body, code string }{
		{"GET", "/api/v1/stock/available", "", "shop_missing"},
		{"PUT", "/api/v1/stock/rules", `{"shop":"jd","sku":"*","kind":"share","share_bp":12000}`, "rule_share_invalid"},
		{"PUT", "/api/v1/stock/rules", `{"shop":"jd","sku":"*","kind":"percent","quantity":1}`, "rule_kind_invalid"},
		{"PUT", "/api/v1/stock/rules", `{"shop":"jd","sku":"*","kind":"cap","share_bp":100}`, "rule_quantity_invalid"},
		{"PUT", "/api/v1/stock/safety", `{"sku":"SKU-1","quantity":-1}`, "quantity_invalid"},
		{"DELETE", "/api/v1/stock/rules?shop=pdd&sku=*", "", "rule_not_found"},
	}
	for _, c := range cases {
		if status, _, body := x.do(auth.Operations, c.method, c.path, c.body); status/100 != 4 || errorCode(body) != c.code {
			t.Errorf("%s %s %s = %d %v, want %s", c.method, c.path, c.body, status, body, c.code)
		}
	}
	if status, _, _ := x.do(auth.Finance, "PUT", "/api/v1/stock/rules", `{"shop":"jd","sku":"*","kind":"cap","quantity":1}`); status != http.StatusForbidden {
		t.Errorf("finance changed a rule: %d", status)
	}
	if status, _, _ := x.do(auth.Operations, "DELETE", "/api/v1/stock/rules?shop=jd&sku=*", ""); status != http.StatusNoContent {
		t.Errorf("delete rule = %d", status)
	}
	if _, _, body := x.do(auth.Viewer, "GET", "/api/v1/stock/rules", ""); len(body["items"].([]any)) != 2 {
		t.Errorf("rules after a delete = %v, want tmall's and douyin's", body)
	}
}
