package auth

import (
	"errors"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/fault"
)

func TestParseRole(t *testing.T) {
	for _, r := range Roles() {
		got, err := ParseRole(string(r))
		if err != nil || got != r {
			t.Errorf("ParseRole(%q) = %q, %v", r, got, err)
		}
	}
	for _, bad := range []string{"", "root", "Admin", " admin"} {
		_, err := ParseRole(bad)
		var fe *fault.Error
		if !errors.As(err, &fe) || fe.Kind != fault.Invalid || fe.Field != "role" {
			t.Fatalf("ParseRole(%q) error = %v, want Invalid on field role", bad, err)
		}
		if !strings.Contains(fe.Message, "admin, finance, operations, warehouse, purchasing, viewer") {
			t.Errorf("ParseRole(%q) message %q does not list the valid roles", bad, fe.Message)
		}
	}
}

func TestRoles_AreTheSixInOrder(t *testing.T) {
	want := []Role{"admin", "finance", "operations", "warehouse", "purchasing", "viewer"}
	if got := Roles(); len(got) != len(want) || strings.Join(roleNames(got), ",") != strings.Join(roleNames(want), ",") {
		t.Fatalf("Roles() = %v, want %v", got, want)
	}
}

func roleNames(rs []Role) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}

func TestValidateName(t *testing.T) {
	for _, ok := range []string{"a", "alice", "ops.bot-1_x@shop", strings.Repeat("n", 64)} {
		if err := validateName(ok); err != nil {
			t.Errorf("validateName(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "two words", "a/b", "аlice", strings.Repeat("n", 65)} {
		if err := validateName(bad); fault.KindOf(err) != fault.Invalid {
			t.Errorf("validateName(%q) = %v, want Invalid", bad, err)
		}
	}
}
