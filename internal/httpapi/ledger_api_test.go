package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
)

func TestAPI_EveryProtectedRouteNeedsAToken(t *testing.T) {
	x := newAPI(t)
	for _, rt := range New(Deps{}).routes() {
		if rt.public {
			continue
		}
		path := strings.ReplaceAll(rt.path, "{id}", "1")
		status, hdr, body := x.do("", rt.method, path, "{}")
		want := "token_missing"
		if rt.sessionOnly {
			want = "session_missing"
		}
		if status != http.StatusUnauthorized || errorCode(body) != want || hdr.Get("WWW-Authenticate") == "" {
			t.Errorf("%s without a token = %d %v, want 401 %s", rt.pattern(), status, body, want)
		}
		x.tokens["forged"] = "fnsh_0000_0000"
		if status, _, _ := x.do("forged", rt.method, path, "{}"); status != http.StatusUnauthorized {
			t.Errorf("%s with a forged token = %d, want 401", rt.pattern(), status)
		}
	}
}

func TestAPI_PolicyDecidesByRole(t *testing.T) {
	x := newAPI(t)
	for _, role := range auth.Roles() {
		status, _, body := x.do(role, "GET", "/api/v1/ledger/accounts", "")
		want := http.StatusForbidden
		if allowed("GET /api/v1/ledger/accounts", role) {
			want = http.StatusOK
		}
		if status != want {
			t.Errorf("%s lists accounts: %d %v, want %d", role, status, body, want)
		}
	}
	if status, _, _ := x.do(auth.Viewer, "POST", "/api/v1/ledger/entries", sale, "Idempotency-Key", "v1"); status != http.StatusForbidden {
		t.Errorf("a viewer posted an entry: %d", status)
	}
}

func TestAPI_PostEntryIsIdempotent(t *testing.T) {
	x := newAPI(t)
	status, _, first := x.do(auth.Finance, "POST", "/api/v1/ledger/entries", sale, "Idempotency-Key", "order-1001")
	if status != http.StatusCreated || first["id"] != float64(1) || !strings.HasSuffix(first["effective_at"].(string), "+08:00") {
		t.Fatalf("post = %d %v, want 201 entry 1 in Shanghai time", status, first)
	}
	status, hdr, again := x.do(auth.Finance, "POST", "/api/v1/ledger/entries", sale, "Idempotency-Key", "order-1001")
	if status != http.StatusOK || hdr.Get("Idempotent-Replayed") != "true" || again["hash"] != first["hash"] {
		t.Fatalf("replay = %d %v, want 200 with the original entry", status, again)
	}
	other := strings.Replace(sale, "Tmall order 1001", "something else", 1)
	status, _, body := x.do(auth.Finance, "POST", "/api/v1/ledger/entries", other, "Idempotency-Key", "order-1001")
	if status != http.StatusConflict || errorCode(body) != "source_key_reused" {
		t.Fatalf("reused key with other content = %d %v, want 409", status, body)
	}
}

func TestAPI_BadInputGetsAClearError(t *testing.T) {
	x := newAPI(t)
	cases := []struct{ name, body, code, field string }{
		{"unbalanced", strings.Replace(sale, `"13.00"`, `"12.99"`, 1), "entry_unbalanced", "postings"},
		{"amount as a number", strings.Replace(sale, `"113.00"`, `113.00`, 1), "body_invalid", ""},
		{"too many decimals", strings.Replace(sale, `"113.00"`, `"113.001"`, 1), "amount_invalid", ""},
		{"thousands separator", strings.Replace(sale, `"113.00"`, `"1,113.00"`, 1), "amount_invalid", ""},
		{"unknown account", strings.Replace(sale, `"6001"`, `"6999"`, 1), "account_not_found", "postings[1].account"},
		{"bad side", strings.Replace(sale, `"credit"`, `"cr"`, 1), "posting_side_invalid", "postings[1].side"},
		{"unknown field", `{"postings":[],"extra":1}`, "body_invalid", ""},
		{"malformed", `{"postings":`, "body_invalid", ""},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, _, body := x.do(auth.Finance, "POST", "/api/v1/ledger/entries", c.body, "Idempotency-Key", fmt.Sprint("bad-", i))
			e, _ := body["error"].(map[string]any)
			if status/100 != 4 || errorCode(body) != c.code || (c.field != "" && e["field"] != c.field) || e["message"] == "" {
				t.Fatalf("%d %v, want 4xx %s field %q", status, body, c.code, c.field)
			}
		})
	}
	if status, _, body := x.do(auth.Finance, "POST", "/api/v1/ledger/entries", sale); status != http.StatusBadRequest || errorCode(body) != "idempotency_key_missing" {
		t.Errorf("post without Idempotency-Key = %d %v", status, body)
	}
	if _, _, body := x.do(auth.Finance, "GET", "/api/v1/ledger/entries", ""); len(body["items"].([]any)) != 0 {
		t.Errorf("bad input wrote entries: %v", body)
	}
}
