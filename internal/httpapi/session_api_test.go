package httpapi

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/auth/authdb"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

const testPassword = "correct horse battery"

// signIn signs role's user in and returns the cookie's value and the CSRF
// token, checking the answer's shape and the cookie's attributes.
func (x *api) signIn(role auth.Role) (cookie, csrf string) {
	x.t.Helper()
	resp, raw := x.send("", "POST", "/api/v1/session", `{"name":"`+string(role)+`-user","password":"`+testPassword+`"}`)
	if resp.StatusCode != http.StatusOK {
		x.t.Fatalf("sign in as %s = %d %s", role, resp.StatusCode, raw)
	}
	c := sessionCookieOf(x.t, resp)
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure {
		x.t.Fatalf("cookie %+v: want HttpOnly, SameSite=Lax, Path=/, not Secure over plain HTTP", c)
	}
	if resp.Header.Get("Cache-Control") != "no-store" {
		x.t.Errorf("session answer Cache-Control = %q, want no-store", resp.Header.Get("Cache-Control"))
	}
	_, _, body := x.do("", "GET", "/api/v1/session", "", "Cookie", sessionCookieName+"="+c.Value)
	csrf, _ = body["csrf_token"].(string)
	return c.Value, csrf
}

func sessionCookieOf(t *testing.T, resp *http.Response) *http.Cookie {
	t.Helper()
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookieName {
			return c
		}
	}
	t.Fatalf("no %s cookie in %v", sessionCookieName, resp.Header.Values("Set-Cookie"))
	return nil
}

// as is a request by session cookie, with a CSRF token when csrf is not "".
func (x *api) as(cookie, csrf, method, path, body string) (int, http.Header, map[string]any) {
	x.t.Helper()
	h := []string{"Cookie", sessionCookieName + "=" + cookie}
	if csrf != "" {
		h = append(h, csrfHeader, csrf)
	}
	return x.do("", method, path, body, h...)
}

func TestSession_SignInShowAndSignOut(t *testing.T) {
	x := newAPI(t)
	resp, raw := x.send("", "POST", "/api/v1/session", `{"name":"operations-user","password":"`+testPassword+`"}`)
	if resp.StatusCode != 200 {
		t.Fatalf("sign in = %d %s", resp.StatusCode, raw)
	}
	for _, want := range []string{`"name":"operations-user"`, `"role":"operations"`, `"shops":[]`, `"csrf_token":"`, `"idle_timeout_seconds":1800`, `"expires_at":"`} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("sign-in body %s lacks %s", raw, want)
		}
	}
	cookie := sessionCookieOf(t, resp).Value
	status, _, body := x.as(cookie, "", "GET", "/api/v1/session", "")
	if status != 200 || body["user"].(map[string]any)["name"] != "operations-user" || body["csrf_token"] == "" {
		t.Fatalf("GET session = %d %v", status, body)
	}
	csrf := body["csrf_token"].(string)
	// The cookie works on the ordinary routes, under the same policy.
	if status, _, _ := x.as(cookie, "", "GET", "/api/v1/orders", ""); status != 200 {
		t.Fatalf("GET orders by cookie = %d", status)
	}
	if status, _, body := x.as(cookie, "", "GET", "/api/v1/users", ""); status != 403 || errorCode(body) != "role_forbidden" {
		t.Fatalf("operations GET users by cookie = %d %v, want 403 role_forbidden", status, body)
	}
	resp, _ = x.send("", "DELETE", "/api/v1/session", "", "Cookie", sessionCookieName+"="+cookie, csrfHeader, csrf)
	if resp.StatusCode != 204 || sessionCookieOf(t, resp).MaxAge >= 0 {
		t.Fatalf("sign out = %d, cookie %v; want 204 and the cookie cleared", resp.StatusCode, resp.Header.Values("Set-Cookie"))
	}
	if status, _, body := x.as(cookie, "", "GET", "/api/v1/session", ""); status != 401 || errorCode(body) != "session_expired" {
		t.Fatalf("GET session after sign out = %d %v, want 401 session_expired", status, body)
	}
	if status, _, body := x.do("", "GET", "/api/v1/session", ""); status != 401 || errorCode(body) != "session_missing" {
		t.Fatalf("GET session without cookie = %d %v, want 401 session_missing", status, body)
	}
	if status, _, body := x.do(auth.Admin, "GET", "/api/v1/session", ""); status != 401 || errorCode(body) != "session_missing" {
		t.Fatalf("GET session with a token = %d %v, want 401 session_missing: a token is not a session", status, body)
	}
}

func TestSession_WrongNamePasswordAndDisabledAreOneAnswer(t *testing.T) {
	x := newAPI(t)
	status, _, _ := x.do(auth.Admin, "PATCH", "/api/v1/users/viewer-user", `{"active":false}`)
	if status != 200 {
		t.Fatalf("disable viewer-user = %d", status)
	}
	var first string
	for i, body := range []string{`{"name":"nobody","password":"` + testPassword + `"}`,
		`{"name":"finance-user","password":"wrong wrong wrong"}`, `{"name":"viewer-user","password":"` + testPassword + `"}`} {
		status, _, out := x.do("", "POST", "/api/v1/session", body)
		msg := out["error"].(map[string]any)["message"].(string)
		if status != 401 || errorCode(out) != "login_failed" || (i > 0 && msg != first) {
			t.Fatalf("sign in %s = %d %v; want 401 login_failed with one message", body, status, out)
		}
		first = msg
	}
	if status, _, out := x.do("", "POST", "/api/v1/session", `{"name":"a","password":"b"}`, "Content-Type", "text/plain"); status != 400 || errorCode(out) != "content_type" {
		t.Fatalf("sign in as text/plain = %d %v, want 400 content_type", status, out)
	}
}

func TestSession_CSRF(t *testing.T) {
	x := newAPI(t)
	cookie, csrf := x.signIn(auth.Admin)
	entity := `{"code":"e9","name":"E9","base_currency":"CNY","timezone":"Asia/Shanghai"}`
	for _, c := range []struct{ name, token string }{{"missing", ""}, {"wrong", strings.Repeat("a", len(csrf))}, {"another session's", func() string { _, c := x.signIn(auth.Admin); return c }()}} {
		if status, _, body := x.as(cookie, c.token, "POST", "/api/v1/entities", entity); status != 403 || errorCode(body) != "csrf_invalid" {
			t.Fatalf("POST by cookie with a %s CSRF token = %d %v, want 403 csrf_invalid", c.name, status, body)
		}
	}
	if status, _, body := x.as(cookie, csrf, "POST", "/api/v1/entities", entity); status != 201 {
		t.Fatalf("POST by cookie with the CSRF token = %d %v", status, body)
	}
	// A bearer request needs none, even with a session cookie beside it.
	status, _, body := x.do(auth.Admin, "POST", "/api/v1/entities", `{"code":"e8","name":"E8","base_currency":"CNY","timezone":"Asia/Shanghai"}`, "Cookie", sessionCookieName+"="+cookie)
	if status != 201 {
		t.Fatalf("POST by token = %d %v", status, body)
	}
}

// testClock is a clock the test moves by hand.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newClockAPI is newAPI with the auth service on a test clock and opt.
func newClockAPI(t *testing.T, opt auth.Options) (*api, *testClock) {
	t.Helper()
	clock := &testClock{now: time.Now()}
	opt.Now, opt.KDF = clock.Now, auth.TestKDF
	db := storetest.SQLite(t)
	x := newAPIWith(t, db, func(d *Deps) { d.Auth = auth.New(authdb.New(db), opt) })
	return x, clock
}

func TestSession_IdleAndAbsoluteExpiry(t *testing.T) {
	x, clock := newClockAPI(t, auth.Options{SessionIdle: 10 * time.Minute, SessionMax: time.Hour})
	cookie, _ := x.signIn(auth.Viewer)
	for i := range 6 { // in use every 9 minutes, up to 54 minutes: alive
		clock.add(9 * time.Minute)
		if status, _, body := x.as(cookie, "", "GET", "/api/v1/session", ""); status != 200 {
			t.Fatalf("after %d minutes in use = %d %v, want 200", 9*(i+1), status, body)
		}
	}
	clock.add(9 * time.Minute)
	if status, _, body := x.as(cookie, "", "GET", "/api/v1/session", ""); status != 401 || errorCode(body) != "session_expired" {
		t.Fatalf("after 63 minutes in use = %d %v, want 401 session_expired (absolute end 1h)", status, body)
	}
	idle, _ := x.signIn(auth.Viewer)
	clock.add(9 * time.Minute)
	if status, _, _ := x.as(idle, "", "GET", "/api/v1/session", ""); status != 200 {
		t.Fatalf("after 9 idle minutes = %d, want 200", status)
	}
	clock.add(10 * time.Minute)
	if status, _, body := x.as(idle, "", "GET", "/api/v1/orders", ""); status != 401 || errorCode(body) != "session_expired" {
		t.Fatalf("after 10 idle minutes = %d %v, want 401 session_expired", status, body)
	}
}
