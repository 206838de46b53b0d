package pii

import (
	"bytes"
	"encoding/base64"
	"testing"
)

// testKey returns a fixed, non-zero key, different for each seed.
func testKey(id string, seed byte) Key {
	return Key{ID: id, Secret: bytes.Repeat([]byte{seed}, KeySize)}
}

func b64(k Key) string { return base64.StdEncoding.EncodeToString(k.Secret) }

func mustKeyring(t testing.TB, keys ...Key) *Keyring {
	t.Helper()
	k, err := NewKeyring(keys...)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
