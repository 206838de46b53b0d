package shop

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/pii"
)

func TestValidCredentialName(t *testing.T) {
	for name, want := range map[string]bool{
		"access_token": true, "app_secret": true, "webhook_secret": true, "session": true, "a": true, "api_v2": true,
		"": false, "_a": false, "2fa": false, "Access_Token": false, "access-token": false, "a b": false, "a.b": false,
		"a" + strings.Repeat("b", 63): true, "a" + strings.Repeat("b", 64): false,
	} {
		if got := ValidCredentialName(name); got != want {
			t.Errorf("ValidCredentialName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestValidAPIBaseURL(t *testing.T) {
	for u, ok := range map[string]bool{
		"": true, "http://127.0.0.1:8081": true, "https://api.example.com/v1": true, "http://[::1]:9000/": true,
		"ftp://example.com": false, "example.com": false, "/admin/api": false, "http://": false, "https://:443": false,
		"https://user:pw@api.example.com": false, "https://user@api.example.com": false,
		"https://api.example.com/?a=b": false, "https://api.example.com/?": false, "https://api.example.com/#x": false,
		"https://api.example.com/a b": false, "mailto:a@example.com": false,
		"https://example.com/" + strings.Repeat("a", MaxAPIBaseURLLen): false,
	} {
		err := ValidAPIBaseURL(u)
		if (err == nil) != ok {
			t.Errorf("ValidAPIBaseURL(%q) = %v, want ok %v", u, err, ok)
		}
		var fe *fault.Error
		if err != nil && (!errors.As(err, &fe) || fe.Field != "api_base_url" || strings.Contains(fe.Message, "pw@")) {
			t.Errorf("ValidAPIBaseURL(%q): %v does not name the field, or quotes the URL", u, err)
		}
	}
}

func TestSettingsAndSecrets_AreBounded(t *testing.T) {
	if err := validSettings(map[string]string{"shop_domain": strings.Repeat("a", MaxSettingBytes)}); err != nil {
		t.Fatalf("a setting of exactly %d bytes: %v", MaxSettingBytes, err)
	}
	many := map[string]string{}
	for i := range MaxSettings + 1 {
		many["s"+strings.Repeat("a", i)] = "v"
	}
	for field, settings := range map[string]map[string]string{
		"settings.shop_domain": {"shop_domain": strings.Repeat("a", MaxSettingBytes+1)},
		"settings.empty":       {"empty": ""},
		"settings.tab":         {"tab": "a\tb"},
		"settings.Bad":         {"Bad": "v"},
		"settings":             many,
	} {
		if err := validSettings(settings); fieldOf(err) != field {
			t.Errorf("%s: err = %v", field, err)
		}
	}
	if err := ValidSecret("value", "access_token", strings.Repeat("x", MaxSecretBytes)); err != nil {
		t.Fatalf("a secret of exactly %d bytes: %v", MaxSecretBytes, err)
	}
	for what, value := range map[string]string{"empty": "", "too long": strings.Repeat("x", MaxSecretBytes+1), "NUL": "a\x00b", "not UTF-8": "a\xffb"} {
		err := ValidSecret("value", "access_token", value)
		if fieldOf(err) != "value" || (value != "" && strings.Contains(err.Error(), value)) {
			t.Errorf("%s: err = %v", what, err)
		}
	}
	if err := ValidSecret("value", "multi_line_pem", "-----BEGIN KEY-----\nabc\n-----END KEY-----\n"); err != nil {
		t.Errorf("a PEM key is a valid secret: %v", err)
	}
}

func fieldOf(err error) string {
	var fe *fault.Error
	if !errors.As(err, &fe) {
		return ""
	}
	return fe.Field
}

func testKeys(t *testing.T, ids ...string) *pii.Keyring {
	t.Helper()
	var keys []pii.Key
	for _, id := range ids {
		keys = append(keys, pii.Key{ID: id, Secret: bytes.Repeat([]byte(id), pii.KeySize)[:pii.KeySize]})
	}
	k, err := pii.NewKeyring(keys...)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestEnvelope_OpensOnlyInItsOwnRow(t *testing.T) {
	keys := testKeys(t, "k1")
	const value = "shpat_envelope-test-value"
	s, err := sealSecret(keys, "sf-1", "access_token", value)
	if err != nil {
		t.Fatal(err)
	}
	if s.KeyID != "k1" || bytes.Contains(s.Value, []byte(value)) || bytes.Contains(s.DataKey, []byte(value)) {
		t.Fatalf("sealed = key %s, plaintext visible: %v", s.KeyID, bytes.Contains(s.Value, []byte(value)))
	}
	if got, err := openSecret(keys, s); err != nil || got != value {
		t.Fatalf("open = %v", err)
	}
	again, _ := sealSecret(keys, "sf-1", "access_token", value)
	if bytes.Equal(again.Value, s.Value) || bytes.Equal(again.DataKey, s.DataKey) {
		t.Fatal("two seals of one value are equal: the data key or nonce is not fresh")
	}
	// The length prefix keeps ("sf-1a", "b…") and ("sf-1", "ab…") apart.
	for _, moved := range []SealedSecret{
		{ShopID: "sf-2", Name: s.Name, DataKey: s.DataKey, Value: s.Value},
		{ShopID: s.ShopID, Name: "app_secret", DataKey: s.DataKey, Value: s.Value},
		{ShopID: "sf-1a", Name: "ccess_token", DataKey: s.DataKey, Value: s.Value},
		{ShopID: s.ShopID, Name: s.Name, DataKey: s.DataKey, Value: again.Value}, // another data key's value
	} {
		_, err := openSecret(keys, moved)
		if !errors.Is(err, pii.ErrCorrupt) || !strings.Contains(err.Error(), "shop "+moved.ShopID) || !strings.Contains(err.Error(), "secret "+moved.Name) {
			t.Errorf("moved to %s/%s: %v", moved.ShopID, moved.Name, err)
		}
	}
	// A data key is sealed for its row only, too: it cannot be opened as
	// another row's, even holding that row's own value.
	other, _ := sealSecret(keys, "sf-2", "access_token", value)
	if _, err := openSecret(keys, SealedSecret{ShopID: "sf-2", Name: "access_token", DataKey: s.DataKey, Value: other.Value}); !errors.Is(err, pii.ErrCorrupt) {
		t.Errorf("a data key from another shop opened: %v", err)
	}
}

func TestEnvelope_RewrapKeepsTheValue(t *testing.T) {
	old, both := testKeys(t, "k1"), testKeys(t, "k2", "k1")
	s, _ := sealSecret(old, "sf-1", "app_secret", "v")
	dataKey, err := openDataKey(both, s)
	if err != nil {
		t.Fatal(err)
	}
	next, err := wrapDataKey(both, s, dataKey)
	if err != nil || next.KeyID != "k2" || !bytes.Equal(next.Value, s.Value) {
		t.Fatalf("rewrapped = %s, %v", next.KeyID, err)
	}
	if got, err := openSecret(testKeys(t, "k2"), next); err != nil || got != "v" {
		t.Fatalf("the new key alone: %q, %v", got, err)
	}
}

func TestService_WithoutKeysRefusesSecrets(t *testing.T) {
	s := New(nil, nil, nil)
	if _, err := s.SetSecret(t.Context(), "sf-1", "access_token", "v"); !errors.Is(err, errNoKeys) {
		t.Errorf("SetSecret = %v", err)
	}
	if _, _, _, err := s.Credentials(t.Context(), "sf-1"); !errors.Is(err, errNoKeys) {
		t.Errorf("Credentials = %v", err)
	}
	if _, err := s.sealAll("sf-1", map[string]string{"access_token": "v"}, s.now()); !errors.Is(err, errNoKeys) {
		t.Errorf("sealAll = %v", err)
	}
}
