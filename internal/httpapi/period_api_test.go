package httpapi

import (
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
)

// saleOn is the test sale effective at the given RFC 3339 time.
func saleOn(at string) string {
	return strings.Replace(sale, `{"description"`, `{"effective_at":"`+at+`","description"`, 1)
}

func TestAPI_PeriodCloseMovesLateItemsAndIsAudited(t *testing.T) {
	x := newAPI(t)
	x.mustDo(auth.Finance, "POST", "/api/v1/ledger/entries", saleOn("2025-01-10T12:00:00+08:00"), "Idempotency-Key", "jan-1")

	status, _, closed := x.do(auth.Finance, "POST", "/api/v1/periods/2025-01/close", "")
	periods, _ := closed["periods"].([]any)
	if status != http.StatusCreated || len(periods) != 1 || periods[0].(map[string]any)["status"] != "closed" {
		t.Fatalf("close = %d %v, want 201 with 2025-01 closed", status, closed)
	}
	if status, hdr, _ := x.do(auth.Finance, "POST", "/api/v1/periods/2025-01/close", ""); status != http.StatusOK || hdr.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("closing again = %d, want 200 replayed", status)
	}

	late := x.mustDo(auth.Finance, "POST", "/api/v1/ledger/entries", saleOn("2025-01-20T12:00:00+08:00"), "Idempotency-Key", "jan-2")
	if late["effective_at"] != "2025-02-01T00:00:00+08:00" || late["dated_for"] != "2025-01-20T12:00:00+08:00" {
		t.Fatalf("late item = effective %v dated for %v, want February's start for 20 January", late["effective_at"], late["dated_for"])
	}

	rep := x.mustDo(auth.Viewer, "GET", "/api/v1/periods/2025-02/report", "")
	if rep["entries"] != float64(1) || rep["late_items"] != float64(1) {
		t.Fatalf("February's report = %v, want the one late item", rep)
	}
	jan := x.mustDo(auth.Viewer, "GET", "/api/v1/periods/2025-01/report", "")
	totals := jan["totals"].([]any)
	if jan["status"] != "closed" || jan["entries"] != float64(1) || len(totals) != 1 || totals[0].(map[string]any)["debit"].(map[string]any)["amount"] != "113.00" {
		t.Fatalf("January's report = %v, want one entry of 113.00", jan)
	}

	x.wantStatus(auth.Finance, "POST", "/api/v1/periods/2025-01/reopen", http.StatusForbidden)
	if status, _, body := x.do(auth.Admin, "POST", "/api/v1/periods/2025-01/reopen", `{"reason":""}`); status != http.StatusBadRequest || errorCode(body) != "reason_missing" {
		t.Fatalf("reopen without a reason = %d %v", status, body)
	}
	if status, _, body := x.do(auth.Admin, "POST", "/api/v1/periods/2024-13/reopen", `{"reason":"x"}`); status != http.StatusBadRequest {
		t.Fatalf("reopen of 2024-13 = %d %v, want 400", status, body)
	}
	reopened := x.mustDo(auth.Admin, "POST", "/api/v1/periods/2025-01/reopen", `{"reason":"bank statement arrived late"}`)
	if p := reopened["periods"].([]any)[0].(map[string]any); p["status"] != "open" || p["reopen_reason"] != "bank statement arrived late" {
		t.Fatalf("reopen = %v", reopened)
	}
	in := x.mustDo(auth.Finance, "POST", "/api/v1/ledger/entries", saleOn("2025-01-25T12:00:00+08:00"), "Idempotency-Key", "jan-3")
	if in["effective_at"] != "2025-01-25T12:00:00+08:00" || in["dated_for"] != nil {
		t.Fatalf("entry into the reopened month = %v", in)
	}

	list := x.mustDo(auth.Viewer, "GET", "/api/v1/periods", "")
	if ps := list["periods"].([]any); len(ps) != 1 || ps[0].(map[string]any)["reopened_by"] == "" {
		t.Fatalf("list = %v", list)
	}
	rows := x.auditRows()
	for _, want := range []string{"/api/v1/periods/{period}/close", "/api/v1/periods/{period}/reopen", "bank statement arrived late"} {
		if !strings.Contains(rows, want) {
			t.Errorf("audit log lacks %q:\n%s", want, rows)
		}
	}
}
