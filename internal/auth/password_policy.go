package auth

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fnshub/fnshub/internal/fault"
)

const (
	minPasswordLen = 12
	// maxPasswordLen is generous for passphrases; it only keeps a request from
	// feeding megabytes to the KDF.
	maxPasswordLen = 1024
)

// commonPasswordsText lists, one a line, passwords and password stems that
// guessers try first; written for fnshub, lower case.
//
//go:embed common_passwords.txt
var commonPasswordsText string

var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonPasswordsText, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[line] = true
		}
	}
	return m
}()

// validatePassword applies the password policy to a password for the user
// name; field names the request field the password came in.
func validatePassword(name, password, field string) error {
	n := utf8.RuneCountInString(password)
	lower := strings.ToLower(password)
	switch {
	case n < minPasswordLen:
		return fault.Invalidf(field, "password_too_short", "%s must be at least %d characters, got %d", field, minPasswordLen, n)
	case n > maxPasswordLen:
		return fault.Invalidf(field, "password_too_long", "%s must be at most %d characters, got %d", field, maxPasswordLen, n)
	case len(name) >= 3 && strings.Contains(lower, strings.ToLower(name)):
		return fault.Invalidf(field, "password_contains_name", "%s must not contain the user name; choose a passphrase of unrelated words", field)
	case isRepetitive(lower) || isSequence(lower):
		return fault.Invalidf(field, "password_too_simple", "%s is one character or a short pattern repeated, or a run such as 123456789012 or abcdefghijkl; choose a passphrase of unrelated words", field)
	case commonPasswords[lower] || commonPasswords[stem(lower)]:
		return fault.Invalidf(field, "password_too_common", "%s is among the passwords guessers try first; choose a passphrase of unrelated words", field)
	}
	return nil
}

// stem drops the digits and punctuation people append ("password2024!").
func stem(s string) string {
	return strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsDigit(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || r == ' ' })
}

// isRepetitive reports whether s is a unit of one to four characters
// repeated: "aaaaaaaaaaaa", "abababababab", "123412341234".
func isRepetitive(s string) bool {
	r := []rune(s)
	for unit := 1; unit <= 4 && unit < len(r); unit++ {
		same := true
		for i := unit; same && i < len(r); i++ {
			same = r[i] == r[i-unit]
		}
		if same {
			return true
		}
	}
	return false
}

// isSequence reports whether each character of s is the one after (or each
// the one before) the previous, digits wrapping 9 to 0: "123456789012",
// "lkjihgfedcba".
func isSequence(s string) bool {
	r := []rune(s)
	for _, step := range []rune{1, -1} {
		run := true
		for i := 1; run && i < len(r); i++ {
			run = r[i]-r[i-1] == step || isDigitWrap(r[i-1], r[i], step)
		}
		if run {
			return true
		}
	}
	return false
}

func isDigitWrap(a, b, step rune) bool {
	return step == 1 && a == '9' && b == '0' || step == -1 && a == '0' && b == '9'
}
