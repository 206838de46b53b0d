package pii

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Fingerprint returns a stable keyed hash of content and the contact that
// came with it (nil for none): equal exactly when both are equal. It is
// HMAC-SHA256 under the pseudonym subkey, so a stored fingerprint reveals
// nothing of the contact to whoever lacks the key (a phone number alone is
// too small a space to hide behind a plain hash), and it stays the same
// under any keyring with the same last key, as pseudonyms do.
//
// It panics on a Keyring not made by NewKeyring, as Pseudonym does.
func Fingerprint(k *Keyring, content []byte, c *Contact) string {
	if k == nil || k.pseudo == nil {
		panic("pii: Fingerprint needs a keyring from LoadKeyring or NewKeyring")
	}
	mac := hmac.New(sha256.New, k.pseudo)
	mac.Write([]byte("fingerprint v1\x00"))
	mac.Write(content)
	mac.Write([]byte{0})
	if c != nil {
		b, _ := json.Marshal(c) // a struct of strings always encodes
		mac.Write(b)
	}
	return "f_" + hex.EncodeToString(mac.Sum(nil)[:16])
}
