package odoo

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func call(t *testing.T, srv *httptest.Server, path, key, db, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(body))
	if key != "" {
		req.Header.Set("Authorization", "bearer "+key)
	}
	req.Header.Set("X-Odoo-Database", db)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// The refusals have Odoo's shape: 401 "Invalid apikey" with name,
// message, arguments, context and debug.
func TestRefusalShapes(t *testing.T) {
	srv := httptest.NewServer(New(Options{APIKey: "k", Database: "db", Accounts: map[string]int64{"1002": 1}}).Handler())
	defer srv.Close()
	status, body := call(t, srv, "/json/2/account.move/search_read", "bad", "db", `{"domain":[]}`)
	if status != 401 || body["name"] != "werkzeug.exceptions.Unauthorized" || body["message"] != "Invalid apikey" {
		t.Errorf("bad key: %d %v", status, body)
	}
	for _, k := range []string{"arguments", "context", "debug"} {
		if _, ok := body[k]; !ok {
			t.Errorf("401 body lacks %s", k)
		}
	}
	if status, _ := call(t, srv, "/json/2/account.move/search_read", "", "db", `{}`); status != 401 {
		t.Errorf("no key: %d", status)
	}
	if status, body := call(t, srv, "/json/2/account.move/unlink", "k", "db", `{"ids":[1]}`); status != 404 {
		t.Errorf("unknown method: %d %v", status, body)
	}
	if status, body := call(t, srv, "/json/2/account.move/create", "k", "db", `{"vals_list":[{"move_type":"entry","ref":"r","date":"2026-11-01","line_ids":[[0,0,{"account_id":99,"debit":1,"credit":0}],[0,0,{"account_id":1,"debit":0,"credit":1}]]}]}`); status != 422 || !strings.Contains(body["message"].(string), "account.account(99,)") {
		t.Errorf("unknown account: %d %v", status, body)
	}
}
