package pii

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
)

// PseudonymPrefix starts every pseudonym, so one is recognisable in data and
// logs and never mistaken for a platform's own buyer id.
const PseudonymPrefix = "b_"

// Pseudonym returns a stable stand-in for a platform's buyer id (OAID,
// open_uid, unionid …): "b_" and 32 hex digits of HMAC-SHA256 under a subkey
// of the master key. Orders, customers and the ledger store it instead of the
// id, so they hold nothing a platform or a leaked backup could tie back to a
// person without the key; erasing a buyer leaves the pseudonym meaningless.
//
// The same (channel, buyerID) always gives the same pseudonym under any
// keyring with the same last (oldest) key, so adding a new current key keeps
// pseudonyms; removing the last key changes all of them (see PseudonymCheck).
// channel should be the canonical channel kind, since ids are only unique
// within a platform. An empty buyerID gives "" so that buyers without an id
// are not merged into one.
//
// It panics on a Keyring not made by NewKeyring (nil or zero): pseudonyms are
// stored for good, so silently computing them under no key would be worse.
func Pseudonym(k *Keyring, channel, buyerID string) string {
	if k == nil || k.pseudo == nil {
		panic("pii: Pseudonym needs a keyring from LoadKeyring or NewKeyring")
	}
	if buyerID == "" {
		return ""
	}
	mac := hmac.New(sha256.New, k.pseudo)
	// Length-prefixing the channel keeps ("ab","c") and ("a","bc") apart.
	mac.Write(binary.AppendUvarint(nil, uint64(len(channel))))
	mac.Write([]byte(channel))
	mac.Write([]byte(buyerID))
	// 128 bits: collisions are out of reach, and the id stays short.
	return PseudonymPrefix + hex.EncodeToString(mac.Sum(nil)[:16])
}

// PseudonymCheck returns a value that changes exactly when pseudonyms change.
// Store it on first start and compare it on every start: a mismatch means the
// keyring lost its pseudonym key (the last key was removed or replaced), and
// starting anyway would split every customer in two.
func (k *Keyring) PseudonymCheck() string {
	return Pseudonym(k, "fnshub", "pseudonym-check")
}
