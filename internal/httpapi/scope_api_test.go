package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
)

func TestAPI_UsersScopeIsSetShownAndAppliesFromTheNextRequest(t *testing.T) {
	x := newAPI(t)
	status, _, dy := x.do(auth.Admin, "POST", "/api/v1/users",
		`{"name":"dy","role":"viewer","password":"a long enough password","shops":["douyin","douyin"]}`)
	if status != http.StatusCreated || fmt.Sprint(dy["shops"]) != "[douyin]" {
		t.Fatalf("POST /users with shops = %d %v", status, dy)
	}
	if _, _, all := x.do(auth.Admin, "GET", "/api/v1/users", ""); !strings.Contains(fmt.Sprint(all), "shops:[douyin]") {
		t.Fatalf("GET /users does not show the scope: %v", all)
	}
	secret := x.mustDo(auth.Admin, "POST", "/api/v1/tokens", `{"user":"dy"}`)["secret"].(string)
	x.tokens["dy"] = secret
	x.stockTea("")
	for _, shop := range []string{"douyin", "jd"} {
		x.mustDo(auth.Operations, "PUT", "/api/v1/stock/rules", fmt.Sprintf(`{"shop":%q,"sku":"TEA-250","kind":"cap","quantity":1}`, shop))
	}
	rulesSeen := func() string { _, _, out := x.do("dy", "GET", "/api/v1/stock/rules", ""); return fmt.Sprint(out) }
	if seen := rulesSeen(); !strings.Contains(seen, "douyin") || strings.Contains(seen, "jd") {
		t.Fatalf("limited to douyin, the user sees %s", seen)
	}
	x.mustDo(auth.Admin, "PATCH", "/api/v1/users/dy", `{"shops":["jd"]}`)
	if seen := rulesSeen(); strings.Contains(seen, "douyin") || !strings.Contains(seen, "jd") {
		t.Fatalf("moved to jd, the same token sees %s: the scope must apply at once", seen)
	}
	if u := x.mustDo(auth.Admin, "PATCH", "/api/v1/users/dy", `{"shops":[]}`); fmt.Sprint(u["shops"]) != "[]" {
		t.Fatalf("PATCH shops [] = %v", u)
	}
	if seen := rulesSeen(); !strings.Contains(seen, "douyin") || !strings.Contains(seen, "jd") {
		t.Fatalf("with every shop, the user sees %s", seen)
	}

	for _, c := range []struct{ method, path, body, code string }{
		{"POST", "/api/v1/users", `{"name":"zz","role":"viewer","password":"a long enough password","shops":["nowhere"]}`, "shop_unknown"},
		{"POST", "/api/v1/users", `{"name":"zz","role":"admin","password":"a long enough password","shops":["jd"]}`, "shops_admin"},
		{"PATCH", "/api/v1/users/dy", `{"shops":["jd","nowhere"]}`, "shop_unknown"},
		{"PATCH", "/api/v1/users/dy", `{"shops":["jd"],"role":"admin"}`, "shops_admin"},
		{"PATCH", "/api/v1/users/dy", `{"shops":null}`, "shops_invalid"},
	} {
		status, _, body := x.do(auth.Admin, c.method, c.path, c.body)
		if e, _ := body["error"].(map[string]any); status != http.StatusBadRequest || e["code"] != c.code || e["field"] != "shops" {
			t.Errorf("%s %s %s = %d %v, want 400 %s on field shops", c.method, c.path, c.body, status, body, c.code)
		}
	}
	if _, _, users := x.do(auth.Admin, "GET", "/api/v1/users", ""); strings.Contains(fmt.Sprint(users), "zz") ||
		strings.Contains(fmt.Sprint(users), "role:admin shops:[jd]") {
		t.Fatalf("a refused write was stored: %v", users)
	}
}

func TestAPI_AScopedUserRetriesTheHoldsOfTheirShopsOnly(t *testing.T) {
	x := newAPI(t)
	held := map[string]float64{}
	for _, shop := range []string{"douyin", "jd"} {
		body := strings.NewReplacer(`"channel":"web","shop":"S1"`, fmt.Sprintf(`"channel":%q,"shop":%q`, shop, shop),
			"W-1001", "W-"+shop).Replace(fmt.Sprintf(orderBody, 1, "paid"))
		o := x.mustDo(auth.Operations, "POST", "/api/v1/orders", body)
		if h, _ := o["hold"].(map[string]any); h["reason"] != "sku_unmapped" {
			t.Fatalf("order of %s = %v, want it held for its unknown SKU", shop, o)
		}
		held[shop] = o["id"].(float64)
	}
	x.stockTea("") // the SKU and stock exist now: a retry releases both holds
	x.mustDo(auth.Admin, "POST", "/api/v1/users", `{"name":"dy-ops","role":"operations","password":"a long enough password","shops":["douyin"]}`)
	x.tokens["dy-ops"] = x.mustDo(auth.Admin, "POST", "/api/v1/tokens", `{"user":"dy-ops"}`)["secret"].(string)
	if out := x.mustDo("dy-ops", "POST", "/api/v1/orders/holds/retry", ""); out["released"] != 1.0 || out["still_held"] != 0.0 {
		t.Fatalf("a douyin user's retry = %v, want douyin's one order released", out)
	}
	if o := x.mustDo(auth.Admin, "GET", fmt.Sprintf("/api/v1/orders/%v", held["jd"]), ""); o["hold"].(map[string]any)["reason"] != "sku_unmapped" {
		t.Fatalf("jd's order = %v: a douyin user's retry must leave it alone", o)
	}
	if o := x.mustDo(auth.Admin, "GET", fmt.Sprintf("/api/v1/orders/%v", held["douyin"]), ""); o["status"] != "allocated" {
		t.Fatalf("douyin's order = %v, want it released", o)
	}
}
