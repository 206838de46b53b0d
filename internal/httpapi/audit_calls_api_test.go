package httpapi

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/audit"
	"github.com/fnshub/fnshub/internal/auth"
)

func TestAudit_UsersAreRecordedWithBeforeAndAfterAndNoPassword(t *testing.T) {
	x := newAPI(t)
	x.mustDo(auth.Admin, "POST", "/api/v1/users", `{"name":"ops2","role":"operations","password":"`+auditSecret+`"}`)
	x.mustDo(auth.Admin, "PATCH", "/api/v1/users/ops2", `{"active":false}`)
	if code, _, _ := x.do(auth.Admin, "PATCH", "/api/v1/users/nobody", `{"active":false}`); code != http.StatusNotFound {
		t.Fatalf("patch of an unknown user = %d", code)
	}
	es := x.lastAudit("actor=admin-user")
	if len(es) != 2 {
		t.Fatalf("entries = %v, want the create and the patch (not the failed patch)", es)
	}
	patch, create := es[0], es[1]
	d := patch["detail"].(map[string]any)
	before, after := d["before"].(map[string]any), d["after"].(map[string]any)
	if patch["action"] != "PATCH /api/v1/users/{name}" || patch["target"] != "user ops2" || patch["via"] != "token" ||
		patch["role"] != "admin" || before["active"] != true || after["active"] != false || d["params"].(map[string]any)["name"] != "ops2" {
		t.Fatalf("patch entry = %v", patch)
	}
	body := create["detail"].(map[string]any)["body"].(map[string]any)
	if create["action"] != "POST /api/v1/users" || create["target"] != "user ops2" || body["password"] != audit.Redacted ||
		body["role"] != "operations" || create["status"] != float64(201) {
		t.Fatalf("create entry = %v", create)
	}
	if rows := x.auditRows(); strings.Contains(rows, auditSecret) {
		t.Fatalf("a password reached the audit log:\n%s", rows)
	}
}

func TestAudit_SecretsAndContactsNeverReachTheLog(t *testing.T) {
	x := newAPI(t)
	x.mustDo(auth.Operations, "POST", "/api/v1/shops", `{"id":"sf-1","channel":"shopify","name":"Tea House",
		"settings":{"shop_domain":"tea-house.myshopify.com","api_version":"2025-01"},
		"secrets":{"access_token":"`+apiToken+`","webhook_secret":"`+apiHook+`"},"api_base_url":"http://127.0.0.1:8081"}`)
	x.mustDo(auth.Operations, "PUT", "/api/v1/shops/sf-1/secrets/access_token", `{"value":"`+apiRotated+`"}`)
	x.mustDo(auth.Operations, "PATCH", "/api/v1/shops/sf-1", `{"name":"Tea House 2"}`)
	x.mustDo(auth.Operations, "POST", "/api/v1/skus", `{"code":"TEA-250","name":"龙井 250g","tax_rate":"0.13"}`)
	o := x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	id := fmt.Sprint(o["id"])
	x.mustDo(auth.Warehouse, "GET", "/api/v1/orders/"+id+"/receiver", "")
	x.mustDo(auth.Operations, "POST", "/api/v1/orders/"+id+"/cancel", `{}`, "Idempotency-Key", "cancel-1")

	rows := x.auditRows()
	for _, never := range []string{apiToken, apiRotated, apiHook, "张三丰", "13812345678", "龙井路", "u-42"} {
		if strings.Contains(rows, never) {
			t.Errorf("%q reached the audit log:\n%s", never, rows)
		}
	}
	es := x.lastAudit("")
	if len(es) != 7 {
		t.Fatalf("%d entries, want 7:\n%s", len(es), rows)
	}
	cancel, view, ingest, shopPatch, secret := es[0], es[1], es[2], es[4], es[5]
	if d := cancel["detail"].(map[string]any); cancel["target"] != "order "+id || d["idempotency_key"] != "cancel-1" || cancel["action"] != "POST /api/v1/orders/{id}/cancel" {
		t.Errorf("cancel = %v", cancel)
	}
	if view["action"] != "GET /api/v1/orders/{id}/receiver" || view["target"] != "order "+id || view["role"] != "warehouse" {
		t.Errorf("receiver view = %v", view)
	}
	if ingest["target"] != "order W-1001" || !strings.Contains(fmt.Sprint(ingest["detail"]), "TEA-250") {
		t.Errorf("ingest = %v", ingest)
	}
	if secret["target"] != "shop sf-1 secret access_token" {
		t.Errorf("secret = %v", secret)
	}
	d := shopPatch["detail"].(map[string]any)
	if d["before"].(map[string]any)["name"] != "Tea House" || d["after"].(map[string]any)["name"] != "Tea House 2" {
		t.Errorf("shop patch = %v", shopPatch)
	}
	// A plain read of the order, contact and all, is not recorded (ADR 0040).
	x.mustDo(auth.Operations, "GET", "/api/v1/orders/"+id, "")
	if n := len(x.lastAudit("")); n != 7 {
		t.Fatalf("GET of an order added an entry: %d", n)
	}
}

func TestAudit_ShippingSheetIsAViewOnlyWithContacts(t *testing.T) {
	x := newAPI(t)
	x.mustDo(auth.Operations, "POST", "/api/v1/skus", `{"code":"TEA-250","name":"龙井 250g","tax_rate":"0.13"}`)
	x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	for _, role := range []auth.Role{auth.Viewer, auth.Warehouse} {
		if resp, raw := x.send(role, "GET", "/api/v1/shops/S1/pending-orders.xlsx", ""); resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", role, resp.StatusCode, raw)
		}
	}
	views := x.lastAudit("action=" + "GET+/api/v1/shops/%7Bid%7D/pending-orders.xlsx")
	if len(views) != 1 || views[0]["role"] != "warehouse" || views[0]["target"] != "shop S1" {
		t.Fatalf("sheet views = %v, want only the warehouse's (the viewer's sheet has no contacts)", views)
	}
	x.mustDo(auth.Admin, "GET", "/api/v1/raw-events", "")
	if raw := x.lastAudit("action=GET+/api/v1/raw-events"); len(raw) != 1 {
		t.Fatalf("raw-events views = %v", raw)
	}
}

func TestAudit_OnlyAdminsReadTheLogPagedAndAsCSV(t *testing.T) {
	x := newAPI(t)
	for i := range 3 {
		x.mustDo(auth.Warehouse, "POST", "/api/v1/warehouses", fmt.Sprintf(`{"code":"W%d","name":"W%d"}`, i, i))
	}
	for _, role := range []auth.Role{auth.Operations, auth.Finance, auth.Warehouse, auth.Viewer, auth.Purchasing} {
		for _, path := range []string{"/api/v1/audit", "/api/v1/audit.csv"} {
			if code, _, _ := x.do(role, "GET", path, ""); code != http.StatusForbidden {
				t.Errorf("%s GET %s = %d, want 403", role, path, code)
			}
		}
	}
	first := x.mustDo(auth.Admin, "GET", "/api/v1/audit?limit=2", "")
	next := first["next"].(string)
	rest := x.mustDo(auth.Admin, "GET", "/api/v1/audit?limit=2&before="+next, "")
	page1, page2 := first["entries"].([]any), rest["entries"].([]any)
	if len(page1) != 2 || next == "" || len(page2) != 1 || rest["next"] != "" ||
		page2[0].(map[string]any)["target"] != "warehouse W0" || page1[0].(map[string]any)["seq"] != float64(3) {
		t.Fatalf("pages = %v then %v", first, rest)
	}
	if code, _, body := x.do(auth.Admin, "GET", "/api/v1/audit?limit=0", ""); code != http.StatusBadRequest || errOf(body)["field"] != "limit" {
		t.Fatalf("limit=0 = %d %v", code, body)
	}
	if code, _, body := x.do(auth.Admin, "GET", "/api/v1/audit?from=yesterday", ""); code != http.StatusBadRequest || errOf(body)["field"] != "from" {
		t.Fatalf("from=yesterday = %d %v", code, body)
	}
	resp, raw := x.send(auth.Admin, "GET", "/api/v1/audit.csv?actor=warehouse-user", "")
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		!strings.HasPrefix(string(raw), "\uFEFFseq,at,actor,role,via,action,target,status,detail,prev_hash,hash\n") ||
		len(lines) != 4 || !strings.HasPrefix(lines[1], "3,") || !strings.Contains(lines[3], "warehouse W0") {
		t.Fatalf("csv = %d %s", resp.StatusCode, raw)
	}
	rep, err := newAuditLog(t, x.db).Verify(context.Background())
	if err != nil || !rep.OK() || rep.Entries != 3 {
		t.Fatalf("verify = %+v %v (reads of the log are not themselves recorded)", rep, err)
	}
}

func TestAudit_ASheetIsKeptAsItsTypeAndSizeOnly(t *testing.T) {
	x := newAPI(t)
	x.stockTea("")
	o := x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	sheet := fmt.Sprintf("订单号 Order,快递公司 Carrier,运单号 Tracking No\n%v,,\n", o["id"])
	if status, _, out := x.do(auth.Warehouse, "POST", "/api/v1/shipments/import", sheet, "Content-Type", "text/csv"); status != http.StatusOK {
		t.Fatalf("import = %d %v", status, out)
	}
	es := x.lastAudit("action=POST+/api/v1/shipments/import")
	if len(es) != 1 {
		t.Fatalf("entries = %v", es)
	}
	body := es[0]["detail"].(map[string]any)["body"].(map[string]any)
	if body["content_type"] != "text/csv" || body["bytes"] != float64(len(sheet)) || len(body) != 2 || es[0]["target"] != "shipments import" {
		t.Fatalf("entry = %v", es[0])
	}
}

func TestAudit_ABodyTooLargeToKeepIsKeptAsItsSize(t *testing.T) {
	big := `{"note":"` + strings.Repeat("x", maxAuditBody) + `"}`
	r, _ := http.NewRequest("POST", "/api/v1/orders", strings.NewReader(big))
	c := &capturedBody{ReadCloser: r.Body, keep: jsonBody(r)}
	if _, err := io.ReadAll(c); err != nil {
		t.Fatal(err)
	}
	got, ok := c.redacted(r, route{method: "POST", path: "/api/v1/orders"}).(map[string]any)
	if !ok || got["bytes"] != int64(len(big)) {
		t.Fatalf("kept %v", got)
	}
	small := &capturedBody{ReadCloser: io.NopCloser(strings.NewReader(`{"note":"x"}`)), keep: true}
	if _, err := io.ReadAll(small); err != nil {
		t.Fatal(err)
	}
	if got, ok := small.redacted(r, route{method: "POST", path: "/api/v1/orders"}).(map[string]any); !ok || got["note"] != "x" {
		t.Fatalf("kept %v", got)
	}
}
