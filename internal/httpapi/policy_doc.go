package httpapi

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/fnshub/fnshub/internal/auth"
)

// rolesDoc renders docs/api-roles.md from the route table and the policy,
// so the document cannot say other than the code; TestAPIRolesDoc fails
// when the committed file differs (regenerate with -update).
func (s *Server) rolesDoc() string {
	var b strings.Builder
	b.WriteString("# Who may call what\n\n")
	b.WriteString("Generated from the policy table in `internal/httpapi/policy.go` by\n")
	b.WriteString("`go test ./internal/httpapi -run TestAPIRolesDoc -update`; do not edit by hand.\n")
	b.WriteString("Every `/api/v1` route needs `Authorization: Bearer <token>` or the console's session cookie (with\n")
	b.WriteString("`X-CSRF-Token` on changes); the user's role must be ticked.\n")
	b.WriteString("The served `/api/v1/openapi.json` carries the same roles as `x-roles` on each operation.\n\n")
	b.WriteString("| Route |")
	for _, r := range auth.Roles() {
		b.WriteString(" " + string(r) + " |")
	}
	b.WriteString("\n|---|" + strings.Repeat(":-:|", len(auth.Roles())) + "\n")
	var public []string
	for _, rt := range s.routes() {
		if rt.public {
			public = append(public, "`"+rt.pattern()+"`")
			continue
		}
		fmt.Fprintf(&b, "| `%s` |", rt.pattern())
		for _, r := range auth.Roles() {
			if allowed(rt.pattern(), r) {
				b.WriteString(" ✓ |")
			} else {
				b.WriteString("   |")
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("\nNo token needed: " + strings.Join(public, ", ") + ".\n")
	return b.String()
}

// openAPIWithRoles is the embedded OpenAPI document with each operation's
// roles from the policy table added, as an x-roles list and a sentence in
// its description, so clients read who may call what from the one source.
func openAPIWithRoles(doc []byte, routes []route) ([]byte, error) {
	var d map[string]any
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	paths, _ := d["paths"].(map[string]any)
	for _, rt := range routes {
		op, _ := paths[rt.path].(map[string]any)[strings.ToLower(rt.method)].(map[string]any)
		if op == nil {
			continue // TestOpenAPIMatchesRoutes reports it
		}
		sentence := "No token needed."
		roles := []string{}
		if !rt.public {
			for _, r := range rolesOf(rt.pattern()) {
				roles = append(roles, string(r))
			}
			sentence = "Roles allowed: " + strings.Join(roles, ", ") + "."
		}
		op["x-roles"] = roles
		if !rt.public && !rt.sessionOnly {
			// Every route a token may call takes the console's cookie too.
			op["security"] = []any{map[string]any{"bearer": []any{}}, map[string]any{"session": []any{}}}
		}
		desc, _ := op["description"].(string)
		op["description"] = strings.TrimSpace(desc + "\n\n" + sentence)
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

// rolesOf returns the roles listed for a pattern, sorted as auth.Roles.
func rolesOf(pattern string) []auth.Role {
	out := slices.Clone(policy[pattern])
	slices.SortFunc(out, func(a, b auth.Role) int {
		return slices.Index(auth.Roles(), a) - slices.Index(auth.Roles(), b)
	})
	return out
}
