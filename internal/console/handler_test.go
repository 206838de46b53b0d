package console

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// firstLoadBudget is issue 9's limit for what a browser fetches before the
// login page shows: index.html and the scripts and styles it names, as sent
// compressed.
const firstLoadBudget = 1 << 20

// TestFirstLoadBudget measures the committed build the binary embeds.
func TestFirstLoadBudget(t *testing.T) {
	h, err := New(Files())
	if err != nil {
		t.Fatal(err)
	}
	index := get(t, h, "/index.html", "gzip")
	html := decoded(t, index)
	total := index.Body.Len()
	refs := regexp.MustCompile(`(?:src|href)="(/assets/[^"]+\.(?:js|css))"`).FindAllStringSubmatch(html, -1)
	if len(refs) == 0 {
		t.Fatalf("index.html names no script or style under /assets/:\n%s", html)
	}
	for _, m := range refs {
		res := get(t, h, m[1], "gzip")
		if res.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", m[1], res.Code)
		}
		// Files too small to gain from compression are sent as they are.
		if res.Header().Get("Content-Encoding") != "gzip" && res.Body.Len() > 1024 {
			t.Errorf("GET %s came uncompressed (%d bytes)", m[1], res.Body.Len())
		}
		total += res.Body.Len()
	}
	t.Logf("console first load: %d bytes gzip-compressed (%.1f KiB) in %d files; budget %d", total, float64(total)/1024, len(refs)+1, firstLoadBudget)
	if total > firstLoadBudget {
		t.Errorf("first load is %d bytes compressed, over the %d budget", total, firstLoadBudget)
	}
}

func testBuild() fstest.MapFS {
	return fstest.MapFS{
		"index.html":          {Data: []byte(`<!doctype html><script type="module" src="/assets/index-abc.js"></script>` + strings.Repeat(" ", 600))},
		"assets/index-abc.js": {Data: []byte(strings.Repeat("console.log('fnshub');\n", 100))},
		"favicon.ico":         {Data: []byte{0, 0, 1, 0}},
	}
}

func TestHandlerCachesHashedAssetsAndRevalidatesIndex(t *testing.T) {
	h, err := New(testBuild())
	if err != nil {
		t.Fatal(err)
	}
	asset := get(t, h, "/assets/index-abc.js", "")
	if got := asset.Header().Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
		t.Errorf("asset Cache-Control = %q", got)
	}
	if ct := asset.Header().Get("Content-Type"); !strings.Contains(ct, "javascript") {
		t.Errorf("asset Content-Type = %q", ct)
	}
	for _, p := range []string{"/", "/index.html", "/orders", "/orders/exceptions?status=on_hold"} {
		res := get(t, h, p, "")
		if res.Code != http.StatusOK || !strings.Contains(res.Body.String(), "<!doctype html>") {
			t.Errorf("GET %s: %d %q, want index.html", p, res.Code, res.Body.String())
		}
		if got := res.Header().Get("Cache-Control"); got != "no-cache" {
			t.Errorf("GET %s Cache-Control = %q, want no-cache", p, got)
		}
	}
}

func TestHandlerMissingAssetIs404NotIndex(t *testing.T) {
	h, _ := New(testBuild())
	if res := get(t, h, "/assets/gone-123.js", ""); res.Code != http.StatusNotFound {
		t.Errorf("missing asset: %d, want 404", res.Code)
	}
}

func TestHandlerGzipOnlyWhenAccepted(t *testing.T) {
	h, _ := New(testBuild())
	plain := get(t, h, "/assets/index-abc.js", "")
	if plain.Header().Get("Content-Encoding") != "" || !strings.HasPrefix(plain.Body.String(), "console.log") {
		t.Errorf("no Accept-Encoding: got encoding %q", plain.Header().Get("Content-Encoding"))
	}
	for _, ae := range []string{"gzip", "br, gzip;q=0.5", "*"} {
		z := get(t, h, "/assets/index-abc.js", ae)
		if z.Header().Get("Content-Encoding") != "gzip" || decoded(t, z) != plain.Body.String() {
			t.Errorf("Accept-Encoding %q: encoding %q", ae, z.Header().Get("Content-Encoding"))
		}
		if z.Header().Get("ETag") == plain.Header().Get("ETag") {
			t.Errorf("gzip and identity share the ETag %s", z.Header().Get("ETag"))
		}
	}
	if z := get(t, h, "/assets/index-abc.js", "gzip;q=0"); z.Header().Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 still got gzip")
	}
	if ico := get(t, h, "/favicon.ico", "gzip"); ico.Header().Get("Content-Encoding") != "" {
		t.Error("a binary file was compressed")
	}
}

func TestHandlerSecurityHeaders(t *testing.T) {
	h, _ := New(testBuild())
	for _, p := range []string{"/", "/assets/index-abc.js", "/assets/nope.js"} {
		res := get(t, h, p, "")
		want := map[string]string{
			"Content-Security-Policy": ContentSecurityPolicy,
			"X-Frame-Options":         "DENY",
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "same-origin",
		}
		for k, v := range want {
			if got := res.Header().Get(k); got != v {
				t.Errorf("GET %s %s = %q, want %q", p, k, got, v)
			}
		}
	}
	if !strings.Contains(ContentSecurityPolicy, "script-src 'self';") {
		t.Error("scripts must come from the hub only")
	}
}

func TestHandlerRevalidatesWithETag(t *testing.T) {
	h, _ := New(testBuild())
	first := get(t, h, "/", "")
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("If-None-Match", first.Header().Get("ETag"))
	res := httptest.NewRecorder()
	h.ServeHTTP(res, req)
	if res.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", res.Code)
	}
}

func TestHandlerRefusesWrites(t *testing.T) {
	h, _ := New(testBuild())
	res := httptest.NewRecorder()
	h.ServeHTTP(res, httptest.NewRequest(http.MethodPost, "/orders", nil))
	if res.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d, want 405", res.Code)
	}
}

func TestNewNeedsIndex(t *testing.T) {
	if _, err := New(fstest.MapFS{"assets/a.js": {Data: []byte("x")}}); err == nil || !strings.Contains(err.Error(), "npm run build") {
		t.Errorf("a build without index.html: %v", err)
	}
}

func get(t *testing.T, h http.Handler, path, acceptEncoding string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	res := httptest.NewRecorder()
	h.ServeHTTP(res, req)
	return res
}

func decoded(t *testing.T, res *httptest.ResponseRecorder) string {
	t.Helper()
	if res.Header().Get("Content-Encoding") != "gzip" {
		return res.Body.String()
	}
	zr, err := gzip.NewReader(bytes.NewReader(res.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
