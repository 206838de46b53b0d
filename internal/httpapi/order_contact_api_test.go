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

func TestAPI_AnUnreadableContactDoesNotFailTheList(t *testing.T) {
	x := newAPI(t)
	x.mustDo(auth.Operations, "POST", "/api/v1/skus", `{"code":"TEA-250","name":"龙井 250g","tax_rate":"0.13"}`)
	x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	x.mustDo(auth.Operations, "POST", "/api/v1/orders", strings.Replace(fmt.Sprintf(orderBody, 1, "paid"), "W-1001", "W-1002", 1))
	// W-1002 gets W-1001's sealed contact: bound to another row, it no
	// longer opens, as with a lost key or a damaged value.
	ctx := context.Background()
	if err := x.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE orders SET contact = (SELECT contact FROM orders WHERE external_id = 'W-1001') WHERE external_id = 'W-1002'`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	status, _, list := x.do(auth.Operations, "GET", "/api/v1/orders", "")
	if status != http.StatusOK {
		t.Fatalf("list with one unreadable contact = %d %v", status, list)
	}
	items := list["items"].([]any)
	byID := map[string]map[string]any{}
	for _, it := range items {
		o := it.(map[string]any)
		byID[o["external_id"].(string)] = o
	}
	bad, good := byID["W-1002"], byID["W-1001"]
	if len(items) != 2 || bad["contact"] != nil || bad["contact_error"] != "sealed_unreadable" || bad["status"] == nil {
		t.Fatalf("the unreadable order = %v, want it listed with contact_error and no contact", bad)
	}
	if c, _ := good["contact"].(map[string]any); c["phone"] != "138****5678" || good["contact_error"] != nil {
		t.Fatalf("the readable order = %v", good)
	}
	logs := x.logs.String()
	if !strings.Contains(logs, "contact cannot be opened") || strings.Contains(logs, "1381234") || strings.Contains(logs, "张三丰") {
		t.Fatalf("log should note the failure without PII:\n%s", logs)
	}
}

// TestAPI_ReceiverIsForThoseWhoShip: the label's receiver is the order's
// contact in full for the warehouse, never cached, refused to a viewer,
// and an unknown order is 404.
func TestAPI_ReceiverIsForThoseWhoShip(t *testing.T) {
	x := newAPI(t)
	x.mustDo(auth.Operations, "POST", "/api/v1/skus", `{"code":"TEA-250","name":"龙井 250g","tax_rate":"0.13"}`)
	_, _, o := x.do(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	id := fmt.Sprint(o["id"])
	status, h, c := x.do(auth.Warehouse, "GET", "/api/v1/orders/"+id+"/receiver", "")
	if status != http.StatusOK || c["phone"] != "13812345678" || h.Get("Cache-Control") != "no-store" {
		t.Fatalf("receiver for the warehouse = %d %v, Cache-Control %q", status, c, h.Get("Cache-Control"))
	}
	if status, _, _ := x.do(auth.Viewer, "GET", "/api/v1/orders/"+id+"/receiver", ""); status != http.StatusForbidden {
		t.Fatalf("receiver for a viewer = %d, want 403", status)
	}
	if status, _, _ := x.do(auth.Warehouse, "GET", "/api/v1/orders/99999/receiver", ""); status != http.StatusNotFound {
		t.Fatalf("receiver of an unknown order = %d, want 404", status)
	}
}
