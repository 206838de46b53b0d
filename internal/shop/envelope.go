package shop

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"fmt"

	"github.com/fnshub/fnshub/internal/pii"
)

// Envelope encryption of one secret (ADR 29). The value is sealed with
// AES-256-GCM under a random data key of its own; the data key is sealed
// by the master keyring (the HKDF seal subkey of ADR 11). Both carry the
// shop id and the secret's name as additional data, each with its own
// label, so neither a value nor a data key opens in another row or in the
// other's place. A master key rotation re-seals the 32-byte data key and
// leaves the value as it is.

const dataKeySize = 32 // AES-256

const (
	aadValue   = "fnshub shop secret value v1\x00"
	aadDataKey = "fnshub shop secret data key v1\x00"
)

// secretAAD is label ‖ uvarint(len(shop)) ‖ shop ‖ name: the length makes
// the split between shop id and name unambiguous whatever a migrated shop
// id holds.
func secretAAD(label, shopID, name string) []byte {
	b := make([]byte, 0, len(label)+binary.MaxVarintLen64+len(shopID)+len(name))
	b = append(b, label...)
	b = binary.AppendUvarint(b, uint64(len(shopID)))
	b = append(b, shopID...)
	return append(b, name...)
}

// sealSecret seals value for (shopID, name) under a fresh data key.
func sealSecret(keys *pii.Keyring, shopID, name, value string) (SealedSecret, error) {
	dataKey := make([]byte, dataKeySize)
	defer clear(dataKey)
	rand.Read(dataKey) // never fails (crypto/rand, Go ≥ 1.24)
	aead, err := dataKeyAEAD(dataKey)
	if err != nil {
		return SealedSecret{}, err
	}
	sealedValue := aead.Seal(nil, nil, []byte(value), secretAAD(aadValue, shopID, name))
	return wrapDataKey(keys, SealedSecret{ShopID: shopID, Name: name, Value: sealedValue}, dataKey)
}

// wrapDataKey seals dataKey with the keyring's current key into s.
func wrapDataKey(keys *pii.Keyring, s SealedSecret, dataKey []byte) (SealedSecret, error) {
	wrapped, err := keys.Seal(dataKey, secretAAD(aadDataKey, s.ShopID, s.Name))
	if err != nil {
		return SealedSecret{}, err
	}
	s.DataKey = wrapped
	s.KeyID, err = pii.KeyIDOf(wrapped)
	return s, err
}

// openDataKey opens s's data key; the caller clears it after use. Errors
// name the shop, the secret and the master key id, never key material.
func openDataKey(keys *pii.Keyring, s SealedSecret) ([]byte, error) {
	dataKey, err := keys.Open(s.DataKey, secretAAD(aadDataKey, s.ShopID, s.Name))
	if err != nil {
		return nil, fmt.Errorf("shop %s: secret %s: data key: %w", s.ShopID, s.Name, err)
	}
	if len(dataKey) != dataKeySize {
		clear(dataKey)
		return nil, fmt.Errorf("shop %s: secret %s: data key: %w", s.ShopID, s.Name, pii.ErrCorrupt)
	}
	return dataKey, nil
}

// openSecret returns s's plaintext value.
func openSecret(keys *pii.Keyring, s SealedSecret) (string, error) {
	dataKey, err := openDataKey(keys, s)
	if err != nil {
		return "", err
	}
	defer clear(dataKey)
	aead, err := dataKeyAEAD(dataKey)
	if err != nil {
		return "", err
	}
	plain, err := aead.Open(nil, nil, s.Value, secretAAD(aadValue, s.ShopID, s.Name))
	if err != nil {
		return "", fmt.Errorf("shop %s: secret %s: value: %w: altered, or moved from another shop or name", s.ShopID, s.Name, pii.ErrCorrupt)
	}
	return string(plain), nil
}

// dataKeyAEAD is AES-256-GCM with a random nonce that the standard library
// prepends to the ciphertext. One data key seals one value, so nonce reuse
// cannot arise.
func dataKeyAEAD(dataKey []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(dataKey)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCMWithRandomNonce(block)
}
