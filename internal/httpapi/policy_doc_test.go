package httpapi

import (
	"encoding/json"
	"flag"
	"io"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/api-roles.md from the policy table")

const rolesDocPath = "../../docs/api-roles.md"

func TestAPIRolesDoc(t *testing.T) {
	want := New(Deps{}).rolesDoc()
	if *update {
		if err := os.WriteFile(rolesDocPath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(rolesDocPath)
	if err != nil {
		t.Fatalf("%v; generate it with go test ./internal/httpapi -run TestAPIRolesDoc -update", err)
	}
	if string(got) != want {
		t.Fatalf("docs/api-roles.md differs from the policy table; regenerate it with\n  go test ./internal/httpapi -run TestAPIRolesDoc -update")
	}
	for pattern := range policy {
		if !strings.Contains(want, "| `"+pattern+"` |") {
			t.Errorf("the roles document lacks %s", pattern)
		}
	}
}

func TestOpenAPIRolesMatchPolicy(t *testing.T) {
	s := New(Deps{})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var doc struct {
		Paths map[string]map[string]struct {
			Roles       []string `json:"x-roles"`
			Description string   `json:"description"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("served openapi.json: %v", err)
	}
	for _, rt := range s.routes() {
		op, ok := doc.Paths[rt.path][strings.ToLower(rt.method)]
		if !ok {
			continue // TestOpenAPIMatchesRoutes reports it
		}
		var want []string
		for _, r := range policy[rt.pattern()] {
			want = append(want, string(r))
		}
		got := slices.Clone(op.Roles)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) || op.Roles == nil {
			t.Errorf("%s: x-roles %v, policy %v", rt.pattern(), op.Roles, want)
		}
		sentence := "No token needed."
		if !rt.public {
			sentence = "Roles allowed: " + strings.Join(op.Roles, ", ") + "."
		}
		if !strings.HasSuffix(op.Description, sentence) {
			t.Errorf("%s: description %q should end with %q", rt.pattern(), op.Description, sentence)
		}
	}
}
