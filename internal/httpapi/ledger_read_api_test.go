package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
)

func TestAPI_EntriesPageAndReverse(t *testing.T) {
	x := newAPI(t)
	for i := range 5 {
		if status, _, body := x.do(auth.Finance, "POST", "/api/v1/ledger/entries", sale, "Idempotency-Key", fmt.Sprint("o", i)); status != 201 {
			t.Fatalf("post %d: %d %v", i, status, body)
		}
	}
	var ids []float64
	for cursor := ""; ; {
		_, _, page := x.do(auth.Viewer, "GET", "/api/v1/ledger/entries?limit=2&cursor="+cursor, "")
		for _, it := range page["items"].([]any) {
			ids = append(ids, it.(map[string]any)["id"].(float64))
		}
		if cursor = page["next_cursor"].(string); cursor == "" {
			break
		}
	}
	if fmt.Sprint(ids) != "[1 2 3 4 5]" {
		t.Fatalf("paged ids %v, want 1..5 once each", ids)
	}
	status, _, rev := x.do(auth.Finance, "POST", "/api/v1/ledger/entries/3/reversal", "", "Idempotency-Key", "refund-3")
	if status != http.StatusCreated || rev["reverses"] != float64(3) {
		t.Fatalf("reversal = %d %v", status, rev)
	}
	if status, _, body := x.do(auth.Finance, "POST", "/api/v1/ledger/entries/3/reversal", "", "Idempotency-Key", "refund-3b"); status != http.StatusConflict {
		t.Fatalf("second reversal = %d %v, want 409", status, body)
	}
	// The reversed entry names its reversal; one not reversed names none.
	if status, _, e := x.do(auth.Viewer, "GET", "/api/v1/ledger/entries/3", ""); status != 200 || e["reversed_by"] != rev["id"] {
		t.Fatalf("entry 3 = %d reversed_by %v, want the reversal %v", status, e["reversed_by"], rev["id"])
	}
	if _, _, e := x.do(auth.Viewer, "GET", "/api/v1/ledger/entries/2", ""); e["reversed_by"] != nil {
		t.Fatalf("entry 2 reversed_by %v, want none", e["reversed_by"])
	}
	if status, _, _ := x.do(auth.Viewer, "GET", "/api/v1/ledger/entries/99", ""); status != http.StatusNotFound {
		t.Fatalf("missing entry = %d, want 404", status)
	}
}

func TestAPI_TrialBalance(t *testing.T) {
	x := newAPI(t)
	x.do(auth.Finance, "POST", "/api/v1/ledger/entries", strings.Replace(sale, `"description"`, `"effective_at":"2026-11-11T10:00:00+08:00","description"`, 1), "Idempotency-Key", "d11")
	x.do(auth.Finance, "POST", "/api/v1/ledger/entries", strings.Replace(sale, `"description"`, `"effective_at":"2026-11-12T10:00:00+08:00","description"`, 1), "Idempotency-Key", "d12")
	status, _, tb := x.do(auth.Viewer, "GET", "/api/v1/ledger/trial-balance?at=2026-11-11", "")
	totals := tb["totals"].([]any)[0].(map[string]any)
	debit := totals["debit"].(map[string]any)
	if status != 200 || debit["amount"] != "113.00" || totals["balanced"] != true {
		t.Fatalf("trial balance at 11.11 = %d %v, want 113.00 balanced", status, tb)
	}
	if status, _, body := x.do(auth.Viewer, "GET", "/api/v1/ledger/trial-balance?at=yesterday", ""); status != 400 || errorCode(body) != "at_invalid" {
		t.Fatalf("bad at = %d %v", status, body)
	}
}

func TestAPI_HealthReadyMetricsAndOpenAPI(t *testing.T) {
	x := newAPI(t)
	for _, path := range []string{"/healthz", "/readyz", "/api/v1/openapi.json"} {
		if status, _, body := x.do("", "GET", path, ""); status != 200 || body == nil {
			t.Errorf("GET %s = %d %v", path, status, body)
		}
	}
	x.do(auth.Viewer, "GET", "/api/v1/ledger/accounts", "")
	_, metrics := x.send("", "GET", "/metrics", "")
	if !strings.Contains(string(metrics), `fnshub_http_requests_total{route="GET /api/v1/ledger/accounts",status="200"} 1`) {
		t.Errorf("metrics lack the request counter:\n%.2000s", metrics)
	}
	if status, _, body := x.do("", "GET", "/nope", ""); status != 404 || errorCode(body) != "route_not_found" {
		t.Errorf("unknown route = %d %v", status, body)
	}
}
