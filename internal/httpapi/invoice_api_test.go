package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/sheet"
)

// TestAPI_InvoiceLifecycle: operations takes a buyer's request (a bad tax
// number named, the same request replayed), finance issues it, the export
// and the issued import speak the tax system's sheets, and a refund of the
// invoiced order leaves a red-letter request.
func TestAPI_InvoiceLifecycle(t *testing.T) {
	x := newAPI(t)
	x.stockTea("")
	o := x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	id := int64(o["id"].(float64))
	body := func(taxNo string) string {
		return fmt.Sprintf(`{"order_id":%d,"title":"福州某某科技有限公司","title_kind":"company","tax_no":%q,"type":"81"}`, id, taxNo)
	}

	status, _, out := x.do(auth.Operations, "POST", "/api/v1/invoices", body("91350100M000100Y44"))
	if e, _ := out["error"].(map[string]any); status != http.StatusBadRequest || e["field"] != "tax_no" {
		t.Fatalf("a bad tax number = %d %v, want 400 naming tax_no", status, out)
	}
	status, _, inv := x.do(auth.Operations, "POST", "/api/v1/invoices", body("91350100M000100Y43"), "Idempotency-Key", "inv-1")
	if status != http.StatusCreated || inv["status"] != "requested" || inv["amount"].(map[string]any)["amount"] != "127.80" {
		t.Fatalf("request = %d %v, want 201 for the order's 127.80", status, inv)
	}
	status, h, again := x.do(auth.Operations, "POST", "/api/v1/invoices", body("91350100M000100Y43"), "Idempotency-Key", "inv-1")
	if status != http.StatusOK || h.Get("Idempotent-Replayed") != "true" || again["id"] != inv["id"] {
		t.Fatalf("the same request again = %d %v", status, again)
	}
	invID := int64(inv["id"].(float64))
	issue := fmt.Sprintf("/api/v1/invoices/%d/issue", invID)
	if status, _, _ := x.do(auth.Operations, "POST", issue, `{"number":"26332000000000000001","issued_on":"2026-12-01"}`); status != http.StatusForbidden {
		t.Fatalf("operations issuing = %d, want 403", status)
	}

	resp, raw := x.send(auth.Finance, "GET", "/api/v1/invoices/export.xlsx?shop=S1", "")
	table, err := sheet.ReadTable("x.xlsx", strings.NewReader(string(raw)))
	if resp.StatusCode != http.StatusOK || err != nil || len(table) != 2 || table[1][0] != fmt.Sprintf("FNS-INV-%d", invID) || table[1][12] != "127.80" {
		t.Fatalf("export = %d %v %q", resp.StatusCode, err, table)
	}
	csv := fmt.Sprintf("发票流水号,发票号码,开票日期\nFNS-INV-%d,26332000000000000001,2026-12-01\n", invID)
	status, _, res := x.do(auth.Finance, "POST", "/api/v1/invoices/issued", csv, "Content-Type", "text/csv")
	if status != http.StatusOK || res["issued"] != float64(1) {
		t.Fatalf("issued import = %d %v", status, res)
	}
	status, _, res = x.do(auth.Finance, "POST", "/api/v1/invoices/issued", csv+"FNS-INV-999,123,2026-12-01\n", "Content-Type", "text/csv")
	if status != http.StatusUnprocessableEntity || len(res["rows"].([]any)) != 1 {
		t.Fatalf("a bad row = %d %v, want 422 with one row", status, res)
	}

	x.mustDo(auth.Warehouse, "POST", fmt.Sprintf("/api/v1/orders/%d/ship", id), `{"carrier":"SF","tracking_no":"SF1"}`)
	x.mustDo(auth.Finance, "POST", fmt.Sprintf("/api/v1/orders/%d/refund", id), `{"amount":{"amount":"20.00","currency":"CNY"}}`, "Idempotency-Key", "r-1")
	list := x.mustDo(auth.Viewer, "GET", fmt.Sprintf("/api/v1/invoices?order=%d&status=requested", id), "")
	items := list["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["kind"] != "red" || items[0].(map[string]any)["amount"].(map[string]any)["amount"] != "20.00" {
		t.Fatalf("after a refund of 20.00: %v, want one red request", items)
	}
}
