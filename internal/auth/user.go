package auth

import (
	"time"
	"unicode/utf8"

	"github.com/fnshub/fnshub/internal/fault"
)

// User is a person or a machine that signs in.
type User struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	CreatedAt time.Time `json:"created_at"`
	Disabled  bool      `json:"disabled"`
}

// Token is an API token's public face; its secret is shown once, at creation.
type Token struct {
	ID         string    `json:"id"`
	UserID     int64     `json:"user_id"`
	User       string    `json:"user"` // the owner's name
	Label      string    `json:"label"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"` // zero until first use
	Revoked    bool      `json:"revoked"`
}

// Principal is who a request acts as: the user, and the API token or the
// console session it came with (the other ID is empty).
type Principal struct {
	User      User   `json:"user"`
	TokenID   string `json:"token_id"`
	SessionID string `json:"session_id"`
}

const (
	maxNameLen  = 64
	maxLabelLen = 100
)

// validateName allows ASCII only, so two names cannot look alike on screen
// (a Cyrillic "а" posing as a Latin "a").
func validateName(name string) error {
	ok := len(name) >= 1 && len(name) <= maxNameLen
	for i := 0; ok && i < len(name); i++ {
		c := name[i]
		ok = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '.' || c == '_' || c == '-' || c == '@'
	}
	if !ok {
		return fault.Invalidf("name", "name_invalid",
			"name %q must be 1 to %d characters, each a letter, a digit, '.', '_', '-' or '@'", name, maxNameLen)
	}
	return nil
}

func validateLabel(label string) error {
	if !utf8.ValidString(label) || utf8.RuneCountInString(label) > maxLabelLen {
		return fault.Invalidf("label", "label_invalid", "label must be valid UTF-8 of at most %d characters", maxLabelLen)
	}
	return nil
}
