package httpapi

import (
	"net/http"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// TestAPI_DocumentsPerEntity (docs/adr/0060): a bill and an invoice sent
// with ?entity=hk are hk's — its aging, ties, forecast, bills list and
// alerts show them and the default entity's do not; the same bill number
// is free in the default entity; a receipt through the default entity
// cannot settle hk's invoice; an unknown entity is 400 naming entity.
func TestAPI_DocumentsPerEntity(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { documentsPerEntity(t, newAPIOn(t, e.Open(t))) })
	}
}

func documentsPerEntity(t *testing.T, x *api) {
	x.mustDo(auth.Admin, "POST", "/api/v1/entities", `{"code":"hk","name":"香港","base_currency":"HKD","timezone":"Asia/Hong_Kong"}`)
	x.mustDo(auth.Finance, "PUT", "/api/v1/ap/suppliers/FARM", `{"name":"茶园","currency":"HKD","terms_days":30}`)
	x.mustDo(auth.Finance, "PUT", "/api/v1/ar/customers/ACME", `{"name":"Acme","currency":"HKD","terms_days":30}`)
	today := arap.Day(time.Now()).AddDate(0, 0, -40).Format(arap.DateLayout)
	bill := `{"supplier":"FARM","number":"F-1","date":"` + today + `","amount":{"amount":"500.00","currency":"HKD"},"account":"6602"}`
	status, _, b := x.do(auth.Finance, "POST", "/api/v1/ap/bills?entity=hk", bill)
	if status != http.StatusCreated || b["entity"] != 2.0 {
		t.Fatalf("hk's bill = %d %v, want 201 naming entity 2", status, b)
	}
	status, _, again := x.do(auth.Finance, "POST", "/api/v1/ap/bills?entity=2", bill)
	if status != http.StatusOK || again["replayed"] != true || again["entry_id"] != b["entry_id"] {
		t.Errorf("hk's bill again = %d %v, want it replayed", status, again)
	}
	if d := x.mustDo(auth.Finance, "POST", "/api/v1/ap/bills", bill); d["entity"] != 1.0 || d["entry_id"] == b["entry_id"] {
		t.Errorf("F-1 in the default entity = %v, want a bill of its own", d)
	}
	inv := `{"customer":"ACME","number":"I-1","date":"` + today + `","amount":{"amount":"80.00","currency":"HKD"},"account":"6001"}`
	x.mustDo(auth.Finance, "POST", "/api/v1/ar/invoices?entity=hk", inv)
	rec := `{"customer":"ACME","number":"R-1","date":"` + today + `","amount":{"amount":"10.00","currency":"HKD"},"account":"1002","applies_to":"I-1"}`
	if status, _, body := x.do(auth.Finance, "POST", "/api/v1/ar/receipts", rec); status != http.StatusNotFound {
		t.Errorf("a receipt of hk's I-1 through the default entity = %d %v, want 404", status, body)
	}
	x.mustDo(auth.Finance, "POST", "/api/v1/ar/receipts?entity=hk", rec)

	for _, c := range []struct {
		query, field string
		status       int
	}{{"?entity=nope", "entity", http.StatusBadRequest}, {"?entity=9", "entity", http.StatusBadRequest}, {"?entity=0", "entity", http.StatusBadRequest}} {
		status, _, body := x.do(auth.Finance, "POST", "/api/v1/ap/bills"+c.query, bill)
		if status != c.status || body["error"].(map[string]any)["field"] != c.field {
			t.Errorf("a bill%s = %d %v, want %d naming %s", c.query, status, body, c.status, c.field)
		}
	}
	mismatch := `{"supplier":"FARM","number":"F-2","date":"` + today + `","amount":{"amount":"1.00","currency":"HKD"},"account":"6602","entity":1}`
	if status, _, body := x.do(auth.Finance, "POST", "/api/v1/ap/bills?entity=hk", mismatch); status != http.StatusBadRequest || body["error"].(map[string]any)["field"] != "entity" {
		t.Errorf("a body naming entity 1 sent to hk = %d %v, want 400 naming entity", status, body)
	}

	total := func(path string) string {
		a := x.mustDo(auth.Viewer, "GET", path, "")
		rows := a["rows"].([]any)
		if len(rows) != 1 {
			t.Errorf("%s rows %v, want one", path, rows)
			return ""
		}
		for _, tie := range a["ties"].([]any) {
			if tie.(map[string]any)["difference"] != "0.00" {
				t.Errorf("%s tie %v, want tied", path, tie)
			}
		}
		return rows[0].(map[string]any)["total"].(map[string]any)["amount"].(string)
	}
	if got := total("/api/v1/ap/aging?entity=hk"); got != "500.00" {
		t.Errorf("hk's payables = %s, want 500.00", got)
	}
	if got := total("/api/v1/ar/aging?entity=hk"); got != "70.00" {
		t.Errorf("hk's receivables = %s, want ACME's 70.00", got)
	}
	if a := x.mustDo(auth.Viewer, "GET", "/api/v1/ar/aging", ""); len(a["rows"].([]any)) != 0 {
		t.Errorf("the default entity's receivables = %v, want none: I-1 is hk's", a)
	}
	if got := total("/api/v1/ap/aging"); got != "500.00" {
		t.Errorf("the default entity's payables = %s, want its own F-1", got)
	}
	if bs := x.mustDo(auth.Viewer, "GET", "/api/v1/ap/bills?entity=hk", ""); len(bs["items"].([]any)) != 1 || bs["items"].([]any)[0].(map[string]any)["entity"] != 2.0 {
		t.Errorf("hk's bills = %v, want F-1 of entity 2", bs)
	}
	cf := x.mustDo(auth.Viewer, "GET", "/api/v1/cashflow?weeks=1&entity=hk", "")
	if ws := cf["weeks"].([]any); len(ws) != 1 || ws[0].(map[string]any)["customers"].(map[string]any)["amount"] != "70.00" ||
		ws[0].(map[string]any)["suppliers"].(map[string]any)["amount"] != "500.00" {
		t.Errorf("hk's forecast = %v, want ACME's 70.00 in and FARM's 500.00 out", cf)
	}
	cf = x.mustDo(auth.Viewer, "GET", "/api/v1/cashflow?weeks=1", "")
	if ws := cf["weeks"].([]any); len(ws) != 1 || ws[0].(map[string]any)["customers"].(map[string]any)["amount"] != "0.00" {
		t.Errorf("the default entity's forecast = %v, want no B2B receipts", cf)
	}
	al := x.mustDo(auth.Finance, "GET", "/api/v1/analytics/alerts", "")
	got := map[float64]int{}
	for _, list := range []string{"payables", "receivables"} {
		for _, a := range al[list].([]any) {
			got[a.(map[string]any)["entity"].(float64)]++
		}
	}
	if got[1] != 1 || got[2] != 2 {
		t.Errorf("alerts by entity %v (%v), want the default's F-1 and hk's F-1 and I-1", got, al)
	}
}
