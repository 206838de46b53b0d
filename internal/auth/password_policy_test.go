package auth

import (
	"errors"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/fault"
)

func TestValidatePassword_Policy(t *testing.T) {
	for _, c := range []struct {
		name, password, code string
	}{
		{"alice", "correct horse battery", ""},
		{"alice", "a long enough password", ""},
		{"alice", "Tr0ub4dor&3-plus", ""},
		{"alice", "elevenchars", "password_too_short"},
		{"alice", strings.Repeat("x", 1025), "password_too_long"},
		{"alice", "我的密码很长很长很长很长", ""}, // 12 runes, not bytes
		{"alice", "Alice-in-wonderland", "password_contains_name"},
		{"ops.bot", "my OPS.BOT password", "password_contains_name"},
		{"li", "li and a long tail", ""}, // too short a name to forbid
		{"alice", "aaaaaaaaaaaaaaa", "password_too_simple"},
		{"alice", "abababababab", "password_too_simple"},
		{"alice", "123412341234", "password_too_simple"},
		{"alice", "123456789012", "password_too_simple"},
		{"alice", "abcdefghijklm", "password_too_simple"},
		{"alice", "zyxwvutsrqpo", "password_too_simple"},
		{"alice", "9876543210987", "password_too_simple"},
		{"alice", "qwertyuiop12", "password_too_common"},
		{"alice", "Password2024!", "password_too_common"},
		{"alice", "iloveyou1314", "password_too_common"},
		{"alice", "woaini520520", "password_too_common"},
		{"alice", "1qaz2wsx3edc", "password_too_common"},
		{"alice", "P@ssw0rd1234", "password_too_common"},
	} {
		err := validatePassword(c.name, c.password, "new_password")
		var fe *fault.Error
		switch {
		case c.code == "" && err != nil:
			t.Errorf("validatePassword(%q, %q) = %v, want it accepted", c.name, c.password, err)
		case c.code != "" && (!errors.As(err, &fe) || fe.Code != c.code || fe.Field != "new_password" || fe.Kind != fault.Invalid):
			t.Errorf("validatePassword(%q, %q) = %v, want Invalid %s on new_password", c.name, c.password, err, c.code)
		}
	}
}

func TestCommonPasswords_AreAHundredLowerCaseLines(t *testing.T) {
	if n := len(commonPasswords); n < 100 {
		t.Fatalf("%d common passwords, want about 100", n)
	}
	for p := range commonPasswords {
		if p != strings.ToLower(p) {
			t.Errorf("%q is not lower case; lookups lower-case the password", p)
		}
	}
}
