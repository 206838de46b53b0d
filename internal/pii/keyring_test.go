package pii

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestNewKeyring_Refuses(t *testing.T) {
	for _, tc := range []struct {
		name string
		keys []Key
		want string
	}{
		{"no keys", nil, "no master key"},
		{"a short key", []Key{{ID: "1", Secret: make([]byte, 16)}}, "is 16 bytes"},
		{"a bad id", []Key{{ID: "a:b", Secret: testKey("", 1).Secret}}, "key id"},
		{"a repeated id", []Key{testKey("1", 1), testKey("1", 2)}, "appears twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewKeyring(tc.keys...); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one saying %q", err, tc.want)
			}
		})
	}
}

func TestNewKeyring_DoesNotKeepTheCallersSecret(t *testing.T) {
	key := testKey("1", 7)
	k := mustKeyring(t, key)
	blob, _ := k.Seal([]byte("x"), nil)
	clear(key.Secret) // the caller wipes its copy
	if _, err := k.Open(blob, nil); err != nil {
		t.Fatalf("wiping the caller's key broke the keyring: %v", err)
	}
}

func TestKeyring_PrintingAndLoggingShowNoKey(t *testing.T) {
	key := testKey("1", 0x41) // "AAAA…" as text
	k := mustKeyring(t, testKey("2", 0x42), key)
	var text, js bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("start", "keyring", k, "key", key)
	slog.New(slog.NewJSONHandler(&js, nil)).Info("start", "keyring", k, "key", key)
	outs := []string{fmt.Sprint(k), fmt.Sprintf("%+v %#v", k, k), fmt.Sprintf("%v %+v %#v", key, key, key), text.String(), js.String()}
	for _, out := range outs {
		for _, secret := range []string{"AAAA", "BBBB", "QUFB", "QkJC", "4141", "65 65"} {
			if strings.Contains(out, secret) {
				t.Fatalf("%q shows key material (%s)", out, secret)
			}
		}
	}
	if !strings.Contains(outs[0], "current:2") {
		t.Fatalf("String = %q, want it to name the current key", outs[0])
	}
}
