package httpapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/auth/authdb"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

func TestSession_PasswordChangeEndsEverySessionAndOpensAFreshOne(t *testing.T) {
	x := newAPI(t)
	cookie, csrf := x.signIn(auth.Finance)
	other, _ := x.signIn(auth.Finance)
	change := func(csrf, current, next string) *http.Response {
		h := []string{"Cookie", sessionCookieName + "=" + cookie}
		if csrf != "" {
			h = append(h, csrfHeader, csrf)
		}
		resp, _ := x.send("", "POST", "/api/v1/session/password", `{"current_password":"`+current+`","new_password":"`+next+`"}`, h...)
		return resp
	}
	if resp := change("", testPassword, "a brand new passphrase"); resp.StatusCode != 403 {
		t.Fatalf("password change without CSRF = %d, want 403", resp.StatusCode)
	}
	for _, c := range []struct{ current, next, field string }{
		{"not my password", "a brand new passphrase", "current_password"},
		{testPassword, "short", "new_password"},
		{testPassword, "my finance-user pass", "new_password"},
		{testPassword, "password12345!", "new_password"},
	} {
		status, _, body := x.as(cookie, csrf, "POST", "/api/v1/session/password", `{"current_password":"`+c.current+`","new_password":"`+c.next+`"}`)
		if fe, _ := body["error"].(map[string]any); status != 400 || fe["field"] != c.field {
			t.Fatalf("change %q → %q = %d %v, want 400 naming %s", c.current, c.next, status, body, c.field)
		}
	}
	resp := change(csrf, testPassword, "a brand new passphrase")
	if resp.StatusCode != 200 {
		t.Fatalf("password change = %d", resp.StatusCode)
	}
	fresh := sessionCookieOf(t, resp).Value
	for _, old := range []string{cookie, other} {
		if status, _, body := x.as(old, "", "GET", "/api/v1/orders", ""); status != 401 || errorCode(body) != "session_expired" {
			t.Fatalf("an old session after the password change = %d %v, want 401 session_expired", status, body)
		}
	}
	if status, _, _ := x.as(fresh, "", "GET", "/api/v1/session", ""); status != 200 {
		t.Fatalf("the fresh session = %d, want 200", status)
	}
	if status, _, _ := x.do("", "POST", "/api/v1/session", `{"name":"finance-user","password":"a brand new passphrase"}`); status != 200 {
		t.Fatalf("sign in with the new password = %d", status)
	}
	if status, _, _ := x.do(auth.Finance, "GET", "/api/v1/ledger/accounts", ""); status != 200 {
		t.Fatalf("finance's token after the password change = %d; tokens are not sessions and stay", status)
	}
}

func TestSession_EndsWhenAnAdminDisablesOrReRolesTheUser(t *testing.T) {
	x := newAPI(t)
	viewer, _ := x.signIn(auth.Viewer)
	ops, _ := x.signIn(auth.Operations)
	for _, patch := range []struct{ user, body string }{{"viewer-user", `{"active":false}`}, {"operations-user", `{"role":"warehouse"}`}} {
		if status, _, body := x.do(auth.Admin, "PATCH", "/api/v1/users/"+patch.user, patch.body); status != 200 {
			t.Fatalf("PATCH %s %s = %d %v", patch.user, patch.body, status, body)
		}
	}
	for _, c := range []string{viewer, ops} {
		if status, _, body := x.as(c, "", "GET", "/api/v1/stock", ""); status != 401 || errorCode(body) != "session_expired" {
			t.Fatalf("session after disable / re-role = %d %v, want 401 session_expired", status, body)
		}
	}
}

func TestSession_ParallelWrongLoginsAreLocked(t *testing.T) {
	x := newAPI(t)
	const n = 20
	var wg sync.WaitGroup
	type answer struct {
		status int
		retry  string
	}
	answers := make([]answer, n)
	for i := range n {
		wg.Go(func() {
			req, _ := http.NewRequest("POST", x.srv.URL+"/api/v1/session", strings.NewReader(`{"name":"admin-user","password":"not the password"}`))
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			answers[i] = answer{resp.StatusCode, resp.Header.Get("Retry-After")}
		})
	}
	wg.Wait()
	checked := 0
	for _, a := range answers {
		switch secs, _ := strconv.Atoi(a.retry); {
		case a.status == 401:
			checked++
		case a.status != 429 || secs < 1:
			t.Fatalf("answer %+v: want 401 or 429 with Retry-After seconds", a)
		}
	}
	if checked != auth.DefaultLoginLimits.PerNameAddress {
		t.Fatalf("%d of %d parallel wrong logins were checked, want exactly %d", checked, n, auth.DefaultLoginLimits.PerNameAddress)
	}
	status, hdr, body := x.do("", "POST", "/api/v1/session", `{"name":"admin-user","password":"`+testPassword+`"}`)
	if status != 429 || errorCode(body) != "login_locked" || hdr.Get("Retry-After") == "" {
		t.Fatalf("the right password while locked = %d %v, want 429 login_locked", status, body)
	}
}

// setupServer serves the API on a database without users, with first-run
// setup open under code; over TLS when tls is set.
func setupServer(t *testing.T, code string, tls bool) *httptest.Server {
	t.Helper()
	db := storetest.SQLite(t)
	s := New(Deps{Auth: auth.New(authdb.New(db), auth.Options{KDF: auth.TestKDF}), DB: db, FirstRun: &FirstRun{Code: code}})
	srv := httptest.NewUnstartedServer(s.Handler())
	if tls {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	return srv
}

func postSetup(t *testing.T, client *http.Client, url, body string) *http.Response {
	t.Helper()
	resp, err := client.Post(url+"/api/v1/setup", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestSetup_ConcurrentSetupsMakeExactlyOneAdmin(t *testing.T) {
	srv := setupServer(t, "the-code", false)
	if resp := postSetup(t, srv.Client(), srv.URL, `{"code":"not-it","name":"root","password":"a long enough password"}`); resp.StatusCode != 401 {
		t.Fatalf("setup with a wrong code = %d, want 401", resp.StatusCode)
	}
	if resp := postSetup(t, srv.Client(), srv.URL, `{"code":"the-code","name":"root","password":"short"}`); resp.StatusCode != 400 {
		t.Fatalf("setup with a short password = %d, want 400", resp.StatusCode)
	}
	statuses := make([]int, 8)
	var wg sync.WaitGroup
	for i := range statuses {
		wg.Go(func() {
			statuses[i] = postSetup(t, srv.Client(), srv.URL, `{"code":"the-code","name":"root`+strconv.Itoa(i)+`","password":"a long enough password"}`).StatusCode
		})
	}
	wg.Wait()
	created := 0
	for _, s := range statuses {
		if s == 201 {
			created++
		} else if s != 409 {
			t.Fatalf("setup answers %v: want one 201 and 409s", statuses)
		}
	}
	if created != 1 {
		t.Fatalf("setup answers %v: want exactly one 201", statuses)
	}
}

func TestSession_CookieIsSecureOverTLS(t *testing.T) {
	srv := setupServer(t, "the-code", true)
	resp := postSetup(t, srv.Client(), srv.URL, `{"code":"the-code","name":"root","password":"a long enough password"}`)
	if resp.StatusCode != 201 {
		t.Fatalf("setup over TLS = %d", resp.StatusCode)
	}
	c := sessionCookieOf(t, resp)
	if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
		t.Fatalf("cookie over TLS %+v: want Secure, HttpOnly, SameSite=Lax, Path=/", c)
	}
	req, _ := http.NewRequestWithContext(context.Background(), "GET", srv.URL+"/api/v1/session", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookieName, Value: c.Value})
	got, err := srv.Client().Do(req)
	if err != nil || got.StatusCode != 200 {
		t.Fatalf("GET session over TLS = %v %v", got, err)
	}
	got.Body.Close()
}
