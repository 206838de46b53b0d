package pii

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"strings"
)

// KeySize is the length of a master key: AES-256 needs 32 bytes.
const KeySize = 32

// maxKeyIDLen keeps key ids short because every sealed value carries one.
const maxKeyIDLen = 16

// Key is one master key and the short id that sealed values record to find it
// again. Its String and LogValue never show Secret, so a Key that ends up in
// a log line leaks nothing.
type Key struct {
	ID     string
	Secret []byte // KeySize random bytes
}

func (k Key) String() string       { return "pii.Key{ID:" + k.ID + " Secret:<redacted>}" }
func (k Key) GoString() string     { return k.String() }
func (k Key) LogValue() slog.Value { return slog.GroupValue(slog.String("id", k.ID)) }

// Keyring holds the master keys: the current one seals, all of them open. It
// is immutable after construction and safe for concurrent use.
//
// The master keys themselves are not kept: sealing uses a subkey derived with
// HKDF, and pseudonyms use another, so a weakness in one use cannot spill into
// the other.
type Keyring struct {
	current string
	order   []string // ids, current first, as given
	aeads   map[string]cipher.AEAD
	pseudo  []byte // pseudonym subkey, from the last (oldest) key
}

// Subkey labels. Changing one would make every stored value unreadable or
// every pseudonym different, so they carry a version and never change.
const (
	sealInfo   = "fnshub pii seal v1"
	pseudoInfo = "fnshub pseudonym v1"
)

// NewKeyring returns a keyring that seals with keys[0] and opens with any of
// keys. The pseudonym subkey derives from the last key, the oldest by
// convention, so adding a new current key in front keeps pseudonyms stable.
//
// It returns an error naming the key id (never the key) when there are no
// keys, an id is malformed or repeated, or a secret is not KeySize bytes or is
// all zeros.
func NewKeyring(keys ...Key) (*Keyring, error) {
	if len(keys) == 0 {
		return nil, errors.New("pii: no master key given")
	}
	k := &Keyring{current: keys[0].ID, aeads: make(map[string]cipher.AEAD, len(keys))}
	for _, key := range keys {
		if err := checkKey(key); err != nil {
			return nil, err
		}
		if _, dup := k.aeads[key.ID]; dup {
			return nil, fmt.Errorf("pii: key id %q appears twice; give each key its own id", key.ID)
		}
		aead, err := newAEAD(key.Secret)
		if err != nil {
			return nil, fmt.Errorf("pii: key %q: %w", key.ID, err)
		}
		k.aeads[key.ID] = aead
		k.order = append(k.order, key.ID)
	}
	pseudo, err := hkdf.Key(sha256.New, keys[len(keys)-1].Secret, nil, pseudoInfo, 32)
	if err != nil {
		return nil, fmt.Errorf("pii: deriving the pseudonym key: %w", err)
	}
	k.pseudo = pseudo
	return k, nil
}

func checkKey(key Key) error {
	if !validKeyID(key.ID) {
		return fmt.Errorf("pii: key id %q must be 1–%d characters of A–Z, a–z, 0–9, '.', '_' or '-'", key.ID, maxKeyIDLen)
	}
	if len(key.Secret) != KeySize {
		return fmt.Errorf("pii: key %q is %d bytes, want %d; generate one with `openssl rand -base64 32`", key.ID, len(key.Secret), KeySize)
	}
	zero := true
	for _, b := range key.Secret {
		zero = zero && b == 0
	}
	if zero {
		return fmt.Errorf("pii: key %q is all zeros, which is no secret; generate one with `openssl rand -base64 32`", key.ID)
	}
	return nil
}

func validKeyID(id string) bool {
	if id == "" || len(id) > maxKeyIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// newAEAD derives the sealing subkey and wraps it in GCM with random 96-bit
// nonces, which the standard library generates and prepends for us.
func newAEAD(master []byte) (cipher.AEAD, error) {
	sub, err := hkdf.Key(sha256.New, master, nil, sealInfo, KeySize)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(sub)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCMWithRandomNonce(block)
}

// CurrentID returns the id of the key that seals new values. A rotation job
// re-seals every value whose KeyIDOf differs from it.
func (k *Keyring) CurrentID() string { return k.current }

// IDs returns the ids of all keys, the current one first.
func (k *Keyring) IDs() []string { return append([]string(nil), k.order...) }

// String, GoString and LogValue describe the keyring without its keys, so that
// printing or logging one by mistake cannot leak them (DESIGN §5, invariant 9).
func (k *Keyring) String() string {
	return "pii.Keyring{current:" + k.current + " keys:[" + strings.Join(k.order, " ") + "]}"
}
func (k *Keyring) GoString() string { return k.String() }
func (k *Keyring) LogValue() slog.Value {
	return slog.GroupValue(slog.String("current", k.current), slog.Any("keys", k.order))
}
