package httpapi

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/sheet"
)

// TestAPI_OfflineShippingSheet: the pending orders export as a sheet
// (contacts only for the roles that may see them), and the sheet filled in
// and imported twice ships each order once; bad rows are named.
func TestAPI_OfflineShippingSheet(t *testing.T) {
	x := newAPI(t)
	x.stockTea("")
	o := x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	id := int64(o["id"].(float64))
	x.mustDo(auth.Operations, "POST", "/api/v1/orders", strings.Replace(fmt.Sprintf(orderBody, 1, "paid"), "W-1001", "W-1002", 1))

	export := func(role auth.Role) [][]string {
		t.Helper()
		resp, raw := x.send(role, "GET", "/api/v1/shops/S1/pending-orders.xlsx", "")
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != xlsxType {
			t.Fatalf("export as %s = %d %s", role, resp.StatusCode, raw)
		}
		table, err := sheet.ReadTable("pending.xlsx", bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		return table
	}
	full := export(auth.Warehouse)
	if len(full) != 3 || full[1][0] != fmt.Sprint(id) || full[1][2] != "W-1001" || full[1][3] != "2026-11-11 00:00:01" || full[1][9] != "张三丰" {
		t.Fatalf("the warehouse's sheet: %q", full)
	}
	if masked := export(auth.Viewer); len(masked[0]) != 11 || strings.Contains(fmt.Sprint(masked), "张三丰") || strings.Contains(fmt.Sprint(masked), "13812345678") {
		t.Fatalf("a viewer's sheet shows contacts: %q", masked)
	}
	if status, _, _ := x.do(auth.Viewer, "GET", "/api/v1/shops/nobody/pending-orders.xlsx", ""); status != http.StatusNotFound {
		t.Fatalf("an unknown shop = %d", status)
	}

	good := fmt.Sprintf("订单号 Order,快递公司 Carrier,运单号 Tracking No\n%d,顺丰,SF1001\n%d,,\n", id, id+1)
	importCSV := func(role auth.Role, body, query string) (int, map[string]any) {
		t.Helper()
		status, _, out := x.do(role, "POST", "/api/v1/shipments/import"+query, body, "Content-Type", "text/csv")
		return status, out
	}
	status, out := importCSV(auth.Warehouse, good, "")
	if status != http.StatusOK || out["shipped"] != 1.0 || out["not_shipped_yet"] != 1.0 || len(out["errors"].([]any)) != 0 {
		t.Fatalf("import = %d %v", status, out)
	}
	status, out = importCSV(auth.Warehouse, good, "")
	if status != http.StatusOK || out["shipped"] != 0.0 || out["already_shipped"] != 1.0 {
		t.Fatalf("the same file again = %d %v", status, out)
	}
	_, _, detail := x.do(auth.Viewer, "GET", fmt.Sprintf("/api/v1/orders/%d", id), "")
	revenue := 0
	for _, e := range detail["journal"].([]any) {
		if strings.HasSuffix(e.(map[string]any)["source_key"].(string), ":revenue") {
			revenue++
		}
	}
	if detail["status"] != "shipped" || detail["tracking_no"] != "SF1001" || revenue != 1 {
		t.Fatalf("after two imports: %v, %d revenue entries", detail["status"], revenue)
	}

	bad := fmt.Sprintf("订单号 Order,快递公司 Carrier,运单号 Tracking No\n%d,闪电,FX1\n%d,SF,SF1001\n", id+1, id)
	status, out = importCSV(auth.Warehouse, bad, "")
	rows, _ := out["rows"].([]any)
	if status != http.StatusUnprocessableEntity || errorCode(out) != "rows_invalid" || len(rows) != 1 ||
		rows[0].(map[string]any)["row"] != 2.0 || rows[0].(map[string]any)["column"] != "快递公司 Carrier" {
		t.Fatalf("a bad row = %d %v", status, out)
	}
	status, out = importCSV(auth.Warehouse, bad, "?skip_bad=true")
	if status != http.StatusOK || out["already_shipped"] != 1.0 || len(out["errors"].([]any)) != 1 {
		t.Fatalf("skip_bad = %d %v", status, out)
	}
	if status, _ := importCSV(auth.Viewer, good, ""); status != http.StatusForbidden {
		t.Fatalf("a viewer imports = %d", status)
	}
	if status, _, out := x.do(auth.Warehouse, "POST", "/api/v1/shipments/import", good, "Content-Type", "application/pdf"); status != http.StatusBadRequest ||
		errorCode(out) != "content_type_unsupported" {
		t.Fatalf("a pdf = %d %v", status, out)
	}
}
