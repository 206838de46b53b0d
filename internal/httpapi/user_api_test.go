package httpapi

import (
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
)

func TestAPI_AdminsManageUsersAndTokens(t *testing.T) {
	x := newAPI(t)
	status, _, list := x.do(auth.Admin, "GET", "/api/v1/users", "")
	if status != http.StatusOK || len(list["items"].([]any)) != len(auth.Roles()) {
		t.Fatalf("GET /users = %d %v", status, list)
	}
	for _, role := range auth.Roles()[1:] {
		if status, _, _ := x.do(role, "GET", "/api/v1/users", ""); status != http.StatusForbidden {
			t.Errorf("%s listed users: %d", role, status)
		}
		if status, _, _ := x.do(role, "POST", "/api/v1/tokens", `{"user":"admin-user"}`); status != http.StatusForbidden {
			t.Errorf("%s created a token: %d", role, status)
		}
	}
	status, _, dave := x.do(auth.Admin, "POST", "/api/v1/users", `{"name":"dave","role":"viewer","password":"a long enough password"}`)
	if status != http.StatusCreated || dave["name"] != "dave" || dave["active"] != true || dave["password"] != nil {
		t.Fatalf("POST /users = %d %v", status, dave)
	}
	if status, _, body := x.do(auth.Admin, "POST", "/api/v1/users", `{"name":"dave","role":"viewer","password":"a long enough password"}`); status != http.StatusConflict {
		t.Errorf("a second dave = %d %v", status, body)
	}
	if status, _, body := x.do(auth.Admin, "POST", "/api/v1/users", `{"name":"eve","role":"viewer","password":"short"}`); status != http.StatusBadRequest || errorCode(body) != "password_too_short" {
		t.Errorf("a short password = %d %v", status, body)
	}
	status, hdr, created := x.do(auth.Admin, "POST", "/api/v1/tokens", `{"user":"dave","label":"laptop"}`)
	secret, _ := created["secret"].(string)
	tok, _ := created["token"].(map[string]any)
	if status != http.StatusCreated || !strings.HasPrefix(secret, "fnsh_") || tok["user"] != "dave" || hdr.Get("Cache-Control") != "no-store" {
		t.Fatalf("POST /tokens = %d %v %v", status, created, hdr)
	}
	x.tokens["dave"] = secret
	x.wantStatus("dave", "GET", "/api/v1/products", http.StatusOK)

	x.mustDo(auth.Admin, "PATCH", "/api/v1/users/dave", `{"active":false}`)
	x.wantStatus("dave", "GET", "/api/v1/products", http.StatusUnauthorized) // at once: nothing is cached
	x.mustDo(auth.Admin, "PATCH", "/api/v1/users/dave", `{"active":true}`)
	x.wantStatus("dave", "GET", "/api/v1/ledger/accounts", http.StatusOK)
	x.wantStatus("dave", "POST", "/api/v1/ledger/accounts", http.StatusForbidden)
	if u := x.mustDo(auth.Admin, "PATCH", "/api/v1/users/dave", `{"role":"finance"}`); u["role"] != "finance" {
		t.Fatalf("PATCH role = %v", u)
	}
	x.wantStatus("dave", "POST", "/api/v1/ledger/accounts", http.StatusBadRequest) // allowed now; the empty body is refused

	status, _, tokens := x.do(auth.Admin, "GET", "/api/v1/tokens?user=dave", "")
	items, _ := tokens["items"].([]any)
	if status != http.StatusOK || len(items) != 1 || items[0].(map[string]any)["id"] != tok["id"] ||
		strings.Contains(readBody(x, "/api/v1/tokens"), strings.Split(secret, "_")[2]) {
		t.Fatalf("GET /tokens?user=dave = %d %v", status, tokens)
	}
	if status, _, _ := x.do(auth.Admin, "DELETE", "/api/v1/tokens/"+tok["id"].(string), ""); status != http.StatusNoContent {
		t.Fatalf("DELETE /tokens/{id} = %d", status)
	}
	x.wantStatus("dave", "GET", "/api/v1/products", http.StatusUnauthorized)
	if status, _, _ := x.do(auth.Admin, "DELETE", "/api/v1/tokens/nosuchtoken", ""); status != http.StatusNotFound {
		t.Errorf("DELETE of an unknown token = %d", status)
	}
	if status, _, _ := x.do(auth.Admin, "PATCH", "/api/v1/users/nobody", `{"active":false}`); status != http.StatusNotFound {
		t.Errorf("PATCH of an unknown user = %d", status)
	}
	if status, _, body := x.do(auth.Admin, "PATCH", "/api/v1/users/dave", `{"active":null}`); status != http.StatusBadRequest {
		t.Errorf("PATCH active null = %d %v", status, body)
	}
}

func TestAPI_TheLastAdminCannotBeDisabledOrDemoted(t *testing.T) {
	x := newAPI(t)
	for _, body := range []string{`{"active":false}`, `{"role":"viewer"}`} {
		status, _, out := x.do(auth.Admin, "PATCH", "/api/v1/users/admin-user", body)
		if status != http.StatusConflict || errorCode(out) != "last_admin" || !strings.Contains(out["error"].(map[string]any)["message"].(string), "another user admin") {
			t.Errorf("PATCH %s of the last admin = %d %v", body, status, out)
		}
	}
	x.mustDo(auth.Admin, "PATCH", "/api/v1/users/viewer-user", `{"role":"admin"}`)
	x.mustDo(auth.Admin, "PATCH", "/api/v1/users/admin-user", `{"active":false}`)
	x.wantStatus(auth.Admin, "GET", "/api/v1/users", http.StatusUnauthorized)
	x.wantStatus(auth.Viewer, "GET", "/api/v1/users", http.StatusOK) // the viewer-user token is an admin's now
}

func (x *api) wantStatus(role auth.Role, method, path string, want int) {
	x.t.Helper()
	if status, _, body := x.do(role, method, path, ""); status != want {
		x.t.Fatalf("%s %s as %s = %d %v, want %d", method, path, role, status, body, want)
	}
}

// readBody reads an answer as an admin, checked against the document like
// every other call.
func readBody(x *api, path string) string {
	_, raw := x.send(auth.Admin, "GET", path, "")
	return string(raw)
}
