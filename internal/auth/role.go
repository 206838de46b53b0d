package auth

import (
	"slices"
	"strings"

	"github.com/fnshub/fnshub/internal/fault"
)

// Role is what a user may do. The set is closed: the users table's CHECK
// constraint lists the same six names on both engines.
type Role string

const (
	Admin      Role = "admin"
	Finance    Role = "finance"
	Operations Role = "operations"
	Warehouse  Role = "warehouse"
	Purchasing Role = "purchasing"
	Viewer     Role = "viewer"
)

// Roles returns every role, most powerful first.
func Roles() []Role {
	return []Role{Admin, Finance, Operations, Warehouse, Purchasing, Viewer}
}

// ParseRole returns the role named s. Errors: Invalid (field "role"), listing
// the valid roles.
func ParseRole(s string) (Role, error) {
	if slices.Contains(Roles(), Role(s)) {
		return Role(s), nil
	}
	names := make([]string, 0, 6)
	for _, r := range Roles() {
		names = append(names, string(r))
	}
	return "", fault.Invalidf("role", "role_invalid", "role %q is not one of %s", s, strings.Join(names, ", "))
}
