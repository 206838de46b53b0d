package httpapi

import (
	"net/http"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
)

func TestAPI_CatalogAndListings(t *testing.T) {
	x := newAPI(t)
	if status, _, body := x.do(auth.Operations, "POST", "/api/v1/skus", `{"code":"TEA-250","name":"龙井 250g"}`); status != http.StatusBadRequest || errorCode(body) != "tax_rate_missing" {
		t.Fatalf("SKU without a tax rate = %d %v", status, body)
	}
	if status, _, body := x.do(auth.Operations, "POST", "/api/v1/skus", `{"code":"TEA-250","name":"龙井 250g","tax_rate":"0.13"}`); status != http.StatusCreated || body["tax_rate"] != "0.13" {
		t.Fatalf("create SKU = %d %v", status, body)
	}
	if status, _, _ := x.do(auth.Warehouse, "POST", "/api/v1/skus", `{"code":"X","name":"x","tax_rate":"0"}`); status != http.StatusForbidden {
		t.Fatalf("warehouse created a SKU: %d", status)
	}
	gift := `{"code":"GIFT","name":"礼盒","tax_rate":"0.13","components":[{"sku":"TEA-250","quantity":2}]}`
	if status, _, body := x.do(auth.Operations, "POST", "/api/v1/skus", gift); status != http.StatusCreated {
		t.Fatalf("create bundle = %d %v", status, body)
	}
	if status, _, body := x.do(auth.Viewer, "GET", "/api/v1/skus/GIFT", ""); status != 200 || len(body["components"].([]any)) != 1 {
		t.Fatalf("get bundle = %d %v", status, body)
	}
	listing := `{"channel":"tmall","shop":"s1","external_item_id":"6001","external_sku_id":"a","sku":"GIFT"}`
	if status, _, body := x.do(auth.Operations, "PUT", "/api/v1/listings", listing); status != 200 || body["sku"] != "GIFT" {
		t.Fatalf("put listing = %d %v", status, body)
	}
	if status, _, body := x.do(auth.Viewer, "GET", "/api/v1/listings?channel=tmall&shop=s1", ""); status != 200 || len(body["items"].([]any)) != 1 {
		t.Fatalf("list listings = %d %v", status, body)
	}
	if status, _, body := x.do(auth.Viewer, "GET", "/api/v1/skus?limit=1", ""); status != 200 || body["next_cursor"] != "GIFT" {
		t.Fatalf("list SKUs = %d %v", status, body)
	}
}
