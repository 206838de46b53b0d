package shop

import (
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/text"
)

// Bounds on a shop's credentials. A platform needs a handful of settings
// and secrets; the longest secrets seen are OAuth refresh tokens and PEM
// keys of a few KiB.
const (
	MaxSettings       = 64
	MaxSettingBytes   = 1024
	MaxSecrets        = 32
	MaxSecretBytes    = 8 << 10
	MaxAPIBaseURLLen  = 2048
	credentialNameMax = 64
)

var credentialName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

// ValidCredentialName reports whether s may name a setting or a secret:
// a lower-case letter, then up to 63 lower-case letters, digits or '_'
// (access_token, app_secret, shop_domain). The names connectors ask for
// (channel.Platform.Settings, Secrets) follow the same rule.
func ValidCredentialName(s string) bool { return credentialName.MatchString(s) }

// SecretInfo is all that is ever shown of a secret: that it is set, and
// when. Its value is write-only.
type SecretInfo struct {
	Name      string     `json:"name"`
	SetAt     time.Time  `json:"set_at"`     // when it was first set
	RotatedAt *time.Time `json:"rotated_at"` // when its value last changed; null until then
}

// SealedSecret is one secret as stored: its value sealed under a data key
// of its own, the data key sealed by the master keyring (KeyID names the
// master key). Nothing in it is plaintext.
type SealedSecret struct {
	ShopID    string
	Name      string
	KeyID     string
	DataKey   []byte // the data key, sealed by the keyring
	Value     []byte // the value, sealed by the data key
	SetAt     time.Time
	RotatedAt *time.Time
}

// validSettings checks every setting, naming the first one at fault by its
// field, settings.NAME. Values are not secret, but the message still does
// not repeat them: a secret pasted into the wrong field stays unprinted.
func validSettings(settings map[string]string) error {
	if len(settings) > MaxSettings {
		return fault.Invalidf("settings", "settings_invalid", "a shop may have at most %d settings", MaxSettings)
	}
	for _, name := range slices.Sorted(maps.Keys(settings)) {
		if err := validSetting(name, settings[name]); err != nil {
			return err
		}
	}
	return nil
}

func validSetting(name, value string) error {
	field := "settings." + name
	switch {
	case !ValidCredentialName(name):
		return fault.Invalidf(field, "setting_name_invalid", "%s", nameRule("setting"))
	case value == "" || len(value) > MaxSettingBytes:
		return fault.Invalidf(field, "setting_invalid", "setting %s must be 1 to %d bytes", name, MaxSettingBytes)
	case !printable(value):
		return fault.Invalidf(field, "setting_invalid", "setting %s must be printable text (no control characters or line breaks); a credential belongs in secrets", name)
	}
	return validHubSetting(field, name, value)
}

// ValidSecret checks one secret before it is sealed; field names the
// input (secrets.NAME, or value for a single write). The value is never
// part of the message.
func ValidSecret(field, name, value string) error {
	switch {
	case !ValidCredentialName(name):
		return fault.Invalidf(field, "secret_name_invalid", "%s", nameRule("secret"))
	case value == "" || len(value) > MaxSecretBytes:
		return fault.Invalidf(field, "secret_invalid", "secret %s must be 1 to %d bytes", name, MaxSecretBytes)
	case text.Check(value) != nil:
		return fault.Invalidf(field, "secret_invalid", "secret %s must be UTF-8 text without NUL", name)
	}
	return nil
}

func nameRule(what string) string {
	return fmt.Sprintf("a %s name is a lower-case letter, then up to %d lower-case letters, digits or '_', e.g. \"access_token\"", what, credentialNameMax-1)
}

func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// ValidAPIBaseURL checks a base URL override: "" (the platform's own
// address) or an absolute http or https URL with a host and no user
// information, query or fragment, because connectors append paths and
// their own query to it. The URL is not repeated in the message: user
// information in it would be a password.
func ValidAPIBaseURL(s string) error {
	if s == "" {
		return nil
	}
	bad := func(why string) error {
		return fault.Invalidf("api_base_url", "api_base_url_invalid", "api_base_url %s; give an absolute URL such as \"http://127.0.0.1:8081\" or \"https://api.example.com/v1\", or \"\" for the platform's own", why)
	}
	if len(s) > MaxAPIBaseURLLen {
		return bad(fmt.Sprintf("is longer than %d bytes", MaxAPIBaseURLLen))
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || strings.ContainsAny(s, " \t\r\n"):
		return bad("is not a URL")
	case u.Scheme != "http" && u.Scheme != "https":
		return bad("must start with http:// or https://")
	case u.Opaque != "" || u.Host == "" || u.Hostname() == "":
		return bad("must name a host")
	case u.User != nil:
		return bad("must not hold a user name or password (put credentials in the shop's secrets)")
	case u.RawQuery != "" || u.ForceQuery:
		return bad("must not have a query")
	case u.Fragment != "" || strings.Contains(s, "#"):
		return bad("must not have a fragment")
	}
	return nil
}
