package pii

import (
	"crypto/cipher"
	"errors"
	"fmt"
)

// A sealed value reads
//
//	version (1 byte) | key id length n (1 byte) | key id (n bytes) | nonce (12) | ciphertext | tag (16)
//
// so it names its own format and key: old values stay readable after the
// format or the current key changes. The header is authenticated too, as a
// prefix of the additional data given to GCM; being self-delimiting, it cannot
// be confused with the caller's AAD that follows it.
const (
	formatV1  = 0x01
	gcmNonce  = 12
	gcmTag    = 16
	minSealed = 2 + 1 + gcmNonce + gcmTag
)

var (
	// ErrCorrupt means a sealed value cannot be opened: it is malformed or
	// truncated, was altered, belongs to another row (different AAD), or the
	// key under its id is not the key that sealed it.
	ErrCorrupt = errors.New("pii: sealed value cannot be opened")
	// ErrUnknownKey means the value was sealed with a key id the keyring does
	// not hold; the key must be added back (as an old key) to read it.
	ErrUnknownKey = errors.New("pii: sealed with a key the keyring does not hold")
)

// Seal encrypts plaintext with the current key. aad is not stored but must be
// given again to Open; pass the owning row's natural key so that a value
// copied into another row fails to open. The only error is a keyring with no
// keys (the zero Keyring).
func (k *Keyring) Seal(plaintext, aad []byte) ([]byte, error) {
	if k == nil {
		return nil, errors.New("pii: seal: the keyring holds no key; build it with LoadKeyring or NewKeyring")
	}
	return k.sealWith(k.current, plaintext, aad)
}

// sealWith seals with the key under id, current or not; only key checks
// (keycheck.go) seal with an old key.
func (k *Keyring) sealWith(id string, plaintext, aad []byte) ([]byte, error) {
	aead := k.aeads[id]
	if aead == nil {
		return nil, errors.New("pii: seal: the keyring holds no key; build it with LoadKeyring or NewKeyring")
	}
	header := make([]byte, 0, 2+len(id)+aead.Overhead()+len(plaintext))
	header = append(header, formatV1, byte(len(id)))
	header = append(header, id...)
	return aead.Seal(header, nil, plaintext, authData(header, aad)), nil
}

// Open decrypts a value made by Seal with the same aad. It returns an error
// wrapping ErrUnknownKey when the sealing key is missing from the keyring and
// ErrCorrupt for anything else; neither says more, so a probe learns nothing.
func (k *Keyring) Open(blob, aad []byte) ([]byte, error) {
	id, header, err := parseHeader(blob)
	if err != nil {
		return nil, err
	}
	var aead cipher.AEAD
	if k != nil {
		aead = k.aeads[id]
	}
	if aead == nil {
		return nil, fmt.Errorf("%w: key %q; add it back to %s or the key file as an old key (behind the current one, the original key staying last) to read this value", ErrUnknownKey, id, EnvMasterKey)
	}
	plain, err := aead.Open(nil, nil, blob[len(header):], authData(header, aad))
	if err != nil {
		return nil, fmt.Errorf("%w: altered, moved from another row, or key %q is not the key that sealed it", ErrCorrupt, id)
	}
	return plain, nil
}

// KeyIDOf returns the id of the key that sealed blob, without opening it; a
// rotation job re-seals values whose id is not Keyring.CurrentID.
func KeyIDOf(blob []byte) (string, error) {
	id, _, err := parseHeader(blob)
	return id, err
}

func parseHeader(blob []byte) (id string, header []byte, err error) {
	if len(blob) < minSealed {
		return "", nil, fmt.Errorf("%w: %d bytes is too short", ErrCorrupt, len(blob))
	}
	if blob[0] != formatV1 {
		return "", nil, fmt.Errorf("%w: unknown format %#x", ErrCorrupt, blob[0])
	}
	n := int(blob[1])
	if n == 0 || n > maxKeyIDLen || len(blob) < minSealed-1+n {
		return "", nil, fmt.Errorf("%w: bad key id length %d", ErrCorrupt, n)
	}
	header = blob[:2+n]
	if id = string(header[2:]); !validKeyID(id) {
		return "", nil, fmt.Errorf("%w: malformed key id", ErrCorrupt)
	}
	return id, header, nil
}

// authData is header || aad in a fresh slice, so Seal's dst and the AAD never
// share memory.
func authData(header, aad []byte) []byte {
	return append(append(make([]byte, 0, len(header)+len(aad)), header...), aad...)
}
