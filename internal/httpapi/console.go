package httpapi

import (
	"net/http"
	"strings"
)

// apiPrefixes are the paths the console never answers, so a mistyped API
// path gets the API's JSON 404, not the console's index.html.
var apiPrefixes = []string{"/api/", "/hooks/", "/healthz", "/readyz", "/metrics"}

// consolePath reports whether r is a console page or asset: a GET or HEAD
// outside the API's paths.
func consolePath(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	p := r.URL.Path
	for _, pre := range apiPrefixes {
		if p == strings.TrimSuffix(pre, "/") || strings.HasPrefix(p, pre) {
			return false
		}
	}
	return true
}
