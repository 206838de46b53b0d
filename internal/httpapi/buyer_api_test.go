package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/store"
)

// TestAPI_ReceiverCorrectionReleasesAnAddressHold: an order held for an
// incomplete address is corrected through PUT …/receiver (validated with
// 400s naming the field and never echoing the value, idempotent by
// content) and released by retry; the detail stays masked, the receiver
// endpoint shows the correction.
func TestAPI_ReceiverCorrectionReleasesAnAddressHold(t *testing.T) {
	x := newAPI(t)
	x.stockTea("")
	body := strings.Replace(fmt.Sprintf(orderBody, 1, "paid"), `"detail":"龙井路 1 号"`, `"detail":""`, 1)
	o := x.mustDo(auth.Operations, "POST", "/api/v1/orders", body)
	id := fmt.Sprint(o["id"])
	if o["status"] != "on_hold" || o["hold"].(map[string]any)["reason"] != "address_invalid" {
		t.Fatalf("order without a street = %v %v", o["status"], o["hold"])
	}
	path := "/api/v1/orders/" + id + "/receiver"
	for _, c := range []struct{ body, field, code string }{
		{`{"name":"张三丰","phone":"SECRET-PHONE","address":{"province":"浙江省","detail":"龙井路 2 号"}}`, "phone", "phone_invalid"},
		{`{"name":"张三丰","phone":"13812345678","address":{"province":"浙江省"}}`, "address.detail", "receiver_incomplete"},
		{`{"name":"","phone":"13812345678","address":{"province":"浙江省","detail":"SECRET-STREET"}}`, "name", "receiver_incomplete"},
	} {
		status, _, e := x.do(auth.Operations, "PUT", path, c.body)
		er, _ := e["error"].(map[string]any)
		if status != http.StatusBadRequest || er["field"] != c.field || er["code"] != c.code || strings.Contains(fmt.Sprint(e), "SECRET") {
			t.Errorf("PUT %s = %d %v, want 400 %s on %s without the value", c.body, status, e, c.code, c.field)
		}
	}
	if status, _, _ := x.do(auth.Warehouse, "PUT", path, `{}`); status != http.StatusForbidden {
		t.Fatalf("PUT receiver as the warehouse = %d, want 403", status)
	}
	fixed := `{"name":"张三丰","phone":"13812345678","address":{"province":"浙江省","city":"杭州市","district":"西湖区","detail":"龙井路 2 号"}}`
	d := x.mustDo(auth.Operations, "PUT", path, fixed)
	if c := d["contact"].(map[string]any); c["detail"] != "****" || c["phone"] != "138****5678" {
		t.Fatalf("detail after the correction shows %v, want it masked", c)
	}
	again := x.mustDo(auth.Operations, "PUT", path, fixed)
	if again["updated_at"] != d["updated_at"] {
		t.Fatalf("the same receiver again changed the order: %v then %v", d["updated_at"], again["updated_at"])
	}
	if r := x.mustDo(auth.Operations, "POST", "/api/v1/orders/"+id+"/retry", ""); r["status"] != "allocated" {
		t.Fatalf("retry after the correction = %v %v", r["status"], r["hold"])
	}
	if _, _, c := x.do(auth.Warehouse, "GET", path, ""); c["detail"] != "龙井路 2 号" {
		t.Fatalf("receiver = %v, want the correction", c)
	}
}

// TestAPI_EraseBuyer: admins erase a buyer; the order then says its
// contact was erased, the receiver endpoint says so with 409, and a
// repeat answers the same.
func TestAPI_EraseBuyer(t *testing.T) {
	x := newAPI(t)
	x.stockTea("")
	o := x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	id, ref := fmt.Sprint(o["id"]), fmt.Sprint(o["buyer_ref"])
	erase := "/api/v1/buyers/" + ref + "/erase"
	if status, _, _ := x.do(auth.Operations, "POST", erase, ""); status != http.StatusForbidden {
		t.Fatalf("erase as operations = %d, want 403", status)
	}
	if status, _, e := x.do(auth.Admin, "POST", "/api/v1/buyers/u-42/erase", ""); status != http.StatusBadRequest {
		t.Fatalf("erase by a platform buyer id = %d %v, want 400", status, e)
	}
	first := x.mustDo(auth.Admin, "POST", erase, "")
	if first["buyer"] != ref || first["orders"] != 1.0 || first["raw_events"] != 1.0 || first["erased_at"] == nil {
		t.Fatalf("erasure = %v", first)
	}
	if again := x.mustDo(auth.Admin, "POST", erase, ""); fmt.Sprint(again) != fmt.Sprint(first) {
		t.Fatalf("erase again = %v, want %v", again, first)
	}
	d := x.mustDo(auth.Operations, "GET", "/api/v1/orders/"+id, "")
	if d["contact_status"] != "erased" || d["contact"] != nil {
		t.Fatalf("erased order = contact %v, contact_status %v", d["contact"], d["contact_status"])
	}
	status, _, e := x.do(auth.Warehouse, "GET", "/api/v1/orders/"+id+"/receiver", "")
	if status != http.StatusConflict || e["error"].(map[string]any)["code"] != "buyer_erased" {
		t.Fatalf("receiver of an erased buyer = %d %v", status, e)
	}
	if status, _, _ := x.do(auth.Operations, "PUT", "/api/v1/orders/"+id+"/receiver",
		`{"name":"张三丰","phone":"13812345678","address":{"province":"浙江省","detail":"龙井路 2 号"}}`); status != http.StatusConflict {
		t.Fatalf("correct the receiver of an erased buyer = %d, want 409", status)
	}
	list := x.mustDo(auth.Viewer, "GET", "/api/v1/orders", "")
	if it := list["items"].([]any)[0].(map[string]any); it["contact_status"] != "erased" {
		t.Fatalf("listed erased order = %v", it)
	}

	// An order that names no buyer has a key of its own, erased as order:ID.
	anon := x.mustDo(auth.Operations, "POST", "/api/v1/orders",
		strings.Replace(strings.Replace(fmt.Sprintf(orderBody, 1, "paid"), `"buyer_id":"u-42",`, "", 1), "W-1001", "W-1002", 1))
	if status, _, e := x.do(auth.Admin, "POST", "/api/v1/buyers/order:"+id+"/erase", ""); status != http.StatusBadRequest ||
		e["error"].(map[string]any)["code"] != "order_has_buyer" {
		t.Fatalf("erase order:ID of an order with a buyer = %d %v", status, e)
	}
	if e := x.mustDo(auth.Admin, "POST", fmt.Sprintf("/api/v1/buyers/order:%v/erase", anon["id"]), ""); e["orders"] != 1.0 {
		t.Fatalf("erase an order naming no buyer = %v", e)
	}
	if d := x.mustDo(auth.Viewer, "GET", fmt.Sprintf("/api/v1/orders/%v", anon["id"]), ""); d["contact_status"] != "erased" {
		t.Fatalf("the erased anonymous order = %v", d["contact_status"])
	}
}

// TestAPI_AnUnreadableDataKeyFailsOnlyItsOrders: a buyer's data key that
// no longer opens (wrapped by a master key since lost, or damaged) leaves
// that buyer's orders listed without their contact; others show theirs.
func TestAPI_AnUnreadableDataKeyFailsOnlyItsOrders(t *testing.T) {
	x := newAPI(t)
	x.mustDo(auth.Operations, "POST", "/api/v1/skus", `{"code":"TEA-250","name":"龙井 250g","tax_rate":"0.13"}`)
	bad := x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	x.mustDo(auth.Operations, "POST", "/api/v1/orders",
		strings.Replace(strings.Replace(fmt.Sprintf(orderBody, 1, "paid"), "u-42", "u-43", 1), "W-1001", "W-1002", 1))
	ctx := context.Background()
	if err := x.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE buyer_keys SET wrapped = (SELECT wrapped FROM buyer_keys WHERE ref <> ?) WHERE ref = ?`,
			bad["buyer_ref"], bad["buyer_ref"])
		return err
	}); err != nil {
		t.Fatal(err)
	}
	status, _, list := x.do(auth.Operations, "GET", "/api/v1/orders", "")
	if status != http.StatusOK {
		t.Fatalf("list with one unreadable data key = %d %v", status, list)
	}
	for _, it := range list["items"].([]any) {
		o := it.(map[string]any)
		unreadable := o["external_id"] == "W-1001"
		if (o["contact_error"] == "sealed_unreadable") != unreadable || (o["contact"] == nil) != unreadable {
			t.Fatalf("listed %v: contact %v, contact_error %v", o["external_id"], o["contact"], o["contact_error"])
		}
	}
	if strings.Contains(x.logs.String(), "1381234") {
		t.Fatalf("the log shows the phone:\n%s", x.logs.String())
	}
}
