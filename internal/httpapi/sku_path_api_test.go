package httpapi

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
)

// TestAPI_CodesWithASlashAreReachable: a code may hold '/' (catalog's
// code rule allows it, and merchants' ERP codes use it); in a path it is
// sent percent-encoded, and the mux matches the escaped segment, so
// TEA%2F250 names SKU "TEA/250". Sent raw, the slash splits the path and
// no route matches.
func TestAPI_CodesWithASlashAreReachable(t *testing.T) {
	x := newAPI(t)
	x.mustDo(auth.Operations, "POST", "/api/v1/products", `{"code":"TEA/LJ","name":"龙井茶"}`)
	x.mustDo(auth.Operations, "POST", "/api/v1/skus", `{"code":"TEA/250","product":"TEA/LJ","name":"龙井 250g","tax_rate":"0.13"}`)
	sku := "/api/v1/skus/" + url.PathEscape("TEA/250")
	if status, _, body := x.do(auth.Viewer, "GET", sku, ""); status != http.StatusOK || body["code"] != "TEA/250" {
		t.Fatalf("GET %s = %d %v", sku, status, body)
	}
	if status, _, body := x.do(auth.Operations, "PATCH", sku, `{"spec":"罐装"}`); status != http.StatusOK || body["code"] != "TEA/250" || body["spec"] != "罐装" {
		t.Fatalf("PATCH %s = %d %v", sku, status, body)
	}
	product := "/api/v1/products/" + url.PathEscape("TEA/LJ")
	if status, _, body := x.do(auth.Viewer, "GET", product, ""); status != http.StatusOK || len(body["skus"].([]any)) != 1 {
		t.Fatalf("GET %s = %d %v", product, status, body)
	}
	if status, _, body := x.do(auth.Viewer, "GET", "/api/v1/skus/TEA/250", ""); status != http.StatusNotFound || errorCode(body) != "route_not_found" {
		t.Fatalf("GET with the slash unescaped = %d %v, want 404 route_not_found", status, body)
	}
}
