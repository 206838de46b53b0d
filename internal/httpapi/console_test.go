package httpapi

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestConsoleGetsOnlyNonAPIPaths: the console answers page paths; the
// API's own prefixes keep their JSON errors even for paths with no route.
func TestConsoleGetsOnlyNonAPIPaths(t *testing.T) {
	console := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("console"))
	})
	h := New(Deps{Console: console}).Handler()
	for _, c := range []struct {
		method, path string
		console      bool
	}{
		{"GET", "/", true},
		{"GET", "/orders/exceptions", true},
		{"HEAD", "/dashboard", true},
		{"GET", "/assets/index-abc.js", true},
		{"GET", "/api/v1/no-such-thing", false},
		{"GET", "/api", false},
		{"GET", "/hooks/x", false},
		{"GET", "/metricsx", false},
		{"POST", "/orders", false},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(c.method, c.path, nil))
		got := rec.Body.String() == "console" || (c.method == "HEAD" && rec.Code == 200)
		if got != c.console {
			t.Errorf("%s %s: console=%v (%d %q), want %v", c.method, c.path, got, rec.Code, rec.Body.String(), c.console)
		}
		if !c.console && !strings.Contains(rec.Body.String(), `"error"`) {
			t.Errorf("%s %s: %d %q, want the API's JSON error", c.method, c.path, rec.Code, rec.Body.String())
		}
	}
}

func TestNoConsoleLeavesPathsToTheAPI(t *testing.T) {
	rec := httptest.NewRecorder()
	New(Deps{}).Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/orders", nil))
	if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), `"error"`) {
		t.Errorf("GET /orders without a console: %d %q", rec.Code, rec.Body.String())
	}
}
