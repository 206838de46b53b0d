package httpapi

import (
	"net/http"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
)

// TestAPI_Bills: a supplier, a bill booked once however often it is sent,
// a conflicting bill under its number, a payment, the aging and the
// forecast that follow, and what the roles may do.
func TestAPI_Bills(t *testing.T) {
	x := newAPI(t)
	x.mustDo(auth.Finance, "PUT", "/api/v1/ap/suppliers/FARM", `{"name":"茶园","currency":"CNY","terms_days":30}`)
	bill := `{"supplier":"FARM","number":"F-1","date":"2026-11-01","amount":{"amount":"500.00","currency":"CNY"},"account":"6602"}`
	status, _, first := x.do(auth.Finance, "POST", "/api/v1/ap/bills", bill)
	if status != http.StatusCreated || first["due_date"] != "2026-12-01" || first["entry_id"] == nil {
		t.Fatalf("first bill = %d %v", status, first)
	}
	status, _, again := x.do(auth.Admin, "POST", "/api/v1/ap/bills", bill)
	if status != http.StatusOK || again["replayed"] != true || again["entry_id"] != first["entry_id"] {
		t.Fatalf("the same bill again = %d %v", status, again)
	}
	conflict := `{"supplier":"FARM","number":"F-1","date":"2026-11-01","amount":{"amount":"500.01","currency":"CNY"},"account":"6602"}`
	if status, _, body := x.do(auth.Finance, "POST", "/api/v1/ap/bills", conflict); status != http.StatusConflict {
		t.Fatalf("another bill F-1 = %d %v", status, body)
	}
	for _, c := range []struct{ body, field string }{
		{`{"supplier":"FARM","number":"F-2","date":"1.11.2026","amount":{"amount":"1.00","currency":"CNY"},"account":"6602"}`, "date"},
		{`{"supplier":"FARM","number":"F-2","date":"2026-11-01","amount":{"amount":"0.00","currency":"CNY"},"account":"6602"}`, "amount"},
		{`{"customer":"FARM","number":"F-2","date":"2026-11-01","amount":{"amount":"1.00","currency":"CNY"},"account":"6602"}`, "customer"},
	} {
		status, _, body := x.do(auth.Finance, "POST", "/api/v1/ap/bills", c.body)
		if status != http.StatusBadRequest || body["error"].(map[string]any)["field"] != c.field {
			t.Errorf("%s = %d %v, want 400 naming %s", c.body, status, body, c.field)
		}
	}
	if status, _, _ := x.do(auth.Viewer, "POST", "/api/v1/ap/bills", bill); status != http.StatusForbidden {
		t.Errorf("a viewer booked a bill: %d", status)
	}
	x.mustDo(auth.Finance, "POST", "/api/v1/ap/payments", `{"supplier":"FARM","number":"P-1","date":"2026-12-10","amount":{"amount":"200.00","currency":"CNY"},"account":"1002","applies_to":"F-1"}`)
	aging := x.mustDo(auth.Viewer, "GET", "/api/v1/ap/aging?as_of=2026-12-31", "")
	rows := aging["rows"].([]any)
	if len(rows) != 1 {
		t.Fatalf("aging %v", aging)
	}
	b := rows[0].(map[string]any)["buckets"].(map[string]any)
	if b["1-30"] != "300.00" || b["current"] != "0.00" {
		t.Errorf("buckets %v, want 300.00 30 days past due", b)
	}
	ties := aging["ties"].([]any)
	if len(ties) != 1 {
		t.Fatalf("ties %v, want the payables control account only", ties)
	}
	if tie := ties[0].(map[string]any); tie["account"] != "2202" || tie["sub_ledger"] != "300.00" || tie["control"] != "300.00" || tie["difference"] != "0.00" {
		t.Errorf("tie %v, want 2202 at 300.00 on both sides", tie)
	}
	bills := x.mustDo(auth.Viewer, "GET", "/api/v1/ap/bills?supplier=FARM", "")
	if len(bills["items"].([]any)) != 1 {
		t.Errorf("bills %v", bills)
	}
	cf := x.mustDo(auth.Viewer, "GET", "/api/v1/cashflow?as_of=2026-12-31&weeks=2", "")
	ws := cf["weeks"].([]any)
	w0 := ws[0].(map[string]any)
	if len(ws) != 2 || w0["suppliers"].(map[string]any)["amount"] != "300.00" || w0["closing"].(map[string]any)["amount"] != "-500.00" {
		t.Errorf("forecast %v, want 300.00 out in week 0 after 200.00 paid", ws)
	}
	if status, _, _ := x.do(auth.Viewer, "GET", "/api/v1/cashflow?weeks=99", ""); status != http.StatusBadRequest {
		t.Errorf("weeks=99 = %d", status)
	}
	daily := x.mustDo(auth.Viewer, "GET", "/api/v1/cashflow?as_of=2026-12-31&by=day&days=3", "")
	ds, _ := daily["days"].([]any)
	if daily["by"] != "day" || len(ds) != 3 || ds[0].(map[string]any)["suppliers"].(map[string]any)["amount"] != "300.00" ||
		ds[2].(map[string]any)["start"] != "2027-01-02" || ds[2].(map[string]any)["closing"].(map[string]any)["amount"] != "-500.00" {
		t.Errorf("daily forecast %v, want 3 days, 300.00 out on the first", daily)
	}
	for _, q := range []struct{ query, field string }{{"by=month", "by"}, {"by=day&days=93", "days"}, {"by=day&weeks=2", "weeks"}, {"days=3", "days"}, {"by=day&days=0", "days"}} {
		status, _, body := x.do(auth.Viewer, "GET", "/api/v1/cashflow?"+q.query, "")
		if status != http.StatusBadRequest || body["error"].(map[string]any)["field"] != q.field {
			t.Errorf("cashflow?%s = %d %v, want 400 naming %s", q.query, status, body, q.field)
		}
	}
	rv := x.mustDo(auth.Finance, "POST", "/api/v1/periods/2026-11/revaluation", "")
	if rv["entry"] != 0.0 || len(rv["lines"].([]any)) != 0 || rv["entity"] != 1.0 {
		t.Errorf("a CNY-only period's revaluation = %v, want nothing posted for entity 1", rv)
	}
	x.mustDo(auth.Admin, "POST", "/api/v1/entities", `{"code":"hk","name":"香港","base_currency":"HKD","timezone":"Asia/Hong_Kong"}`)
	if rv := x.mustDo(auth.Finance, "POST", "/api/v1/periods/2026-11/revaluation?entity=hk", ""); rv["entity"] != 2.0 || rv["entry"] != 0.0 {
		t.Errorf("hk's revaluation = %v, want entity 2, nothing posted", rv)
	}
	if status, _, body := x.do(auth.Finance, "POST", "/api/v1/periods/2026-11/revaluation?entity=nope", ""); status != http.StatusNotFound {
		t.Errorf("an unknown entity's revaluation = %d %v, want 404", status, body)
	}
	// hk keeps no bills, and its books have no cash: the default entity's are not its.
	if a := x.mustDo(auth.Viewer, "GET", "/api/v1/ap/aging?as_of=2026-12-31&entity=hk", ""); a["entity"] != 2.0 || len(a["rows"].([]any)) != 0 {
		t.Errorf("hk's payables aging = %v, want none", a)
	}
	if a := x.mustDo(auth.Viewer, "GET", "/api/v1/ap/aging?as_of=2026-12-31&entity=1", ""); a["entity"] != 1.0 || len(a["rows"].([]any)) != 1 {
		t.Errorf("entity 1's payables aging = %v, want FARM's bill", a)
	}
	if cf := x.mustDo(auth.Viewer, "GET", "/api/v1/cashflow?as_of=2026-12-31&weeks=2&entity=hk", ""); cf["entity"] != 2.0 || len(cf["weeks"].([]any)) != 0 {
		t.Errorf("hk's forecast = %v, want no currency to forecast", cf)
	}
	for _, path := range []string{"/api/v1/ar/aging?entity=nope", "/api/v1/cashflow?entity=nope"} {
		if status, _, body := x.do(auth.Viewer, "GET", path, ""); status != http.StatusNotFound {
			t.Errorf("%s = %d %v, want 404", path, status, body)
		}
	}
}
