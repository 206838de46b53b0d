package httpapi

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// publicAPI are the /api/v1 routes that need no credentials: the API
// description, and signing in and first-run setup, which check their own.
var publicAPI = []string{"GET /api/v1/openapi.json", "POST /api/v1/session", "POST /api/v1/setup"}

func TestRoutesHavePolicy(t *testing.T) {
	s := New(Deps{})
	seen := map[string]bool{}
	for _, rt := range s.routes() {
		p := rt.pattern()
		seen[p] = true
		switch {
		case rt.public && strings.HasPrefix(rt.path, "/api/v1/") && !slices.Contains(publicAPI, p):
			t.Errorf("%s is public; every /api/v1 route needs a token and a policy", p)
		case !rt.public && len(policy[p]) == 0:
			t.Errorf("%s has no entry in the policy table (policy.go)", p)
		}
	}
	for p := range policy {
		if !seen[p] {
			t.Errorf("policy names %s, which is not a route", p)
		}
	}
}

func TestOpenAPIMatchesRoutes(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	var documented, served []string
	for path, ops := range doc.Paths {
		for method := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	for _, rt := range New(Deps{}).routes() {
		served = append(served, rt.pattern())
	}
	slices.Sort(documented)
	slices.Sort(served)
	for _, p := range served {
		if !slices.Contains(documented, p) {
			t.Errorf("route %s is missing from openapi.json", p)
		}
	}
	for _, p := range documented {
		if !slices.Contains(served, p) {
			t.Errorf("openapi.json documents %s, which is not served", p)
		}
	}
}
