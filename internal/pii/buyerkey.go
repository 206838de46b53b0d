package pii

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// Per-buyer data keys (docs/adr/0041). Each buyer — or, for an order that
// names no buyer, each order — has a random AES-256 data key of its own,
// stored wrapped (sealed) by the master keyring. Contacts are sealed with
// the data key, so destroying it (erasure) makes every contact of that
// buyer unreadable at once, in every row and every backup taken after.
//
// A data key has a generation: erasing a buyer keeps a tombstone row with
// the generation, and a buyer heard from again after erasure gets a fresh
// key under the next generation. Values name the generation that sealed
// them, so a value of an erased generation is told apart from a damaged one.

// DataKeySize is the length of a data key: AES-256.
const DataKeySize = 32

// ErrErased means the value was sealed with a buyer's data key that erasure
// destroyed: it can never be opened again, and that is no fault.
var ErrErased = errors.New("pii: the buyer was erased; the sealed value is gone for good")

// StoredKey is a buyer's data key as the database keeps it.
type StoredKey struct {
	Ref        string     // the buyer's pseudonym, or OrderKeyRef of an order naming no buyer
	Generation uint32     // 1 for the first key; one more after each erasure
	Wrapped    []byte     // the data key sealed by the master keyring; nil once erased
	KeyID      string     // the master key that wrapped it, "" once erased
	CreatedAt  time.Time  // when this generation was made
	ErasedAt   *time.Time // when the buyer was last erased; nil if never
}

// Erased reports whether this row is a tombstone: the key is destroyed.
func (s StoredKey) Erased() bool { return s.Wrapped == nil }

// TxStore keeps data keys, corrected receivers and erasures inside the
// caller's transaction (piidb.Bind).
type TxStore interface {
	// BuyerKeys returns the stored rows of refs, tombstones included.
	BuyerKeys(ctx context.Context, refs []string) (map[string]StoredKey, error)
	// CreateBuyerKeys stores each of ks unless a row for its Ref exists,
	// and returns the refs it stored; the caller reads the others back, so
	// two first orders of one buyer end with one key.
	CreateBuyerKeys(ctx context.Context, ks []StoredKey) (created []string, err error)
	// ReplaceBuyerKey writes next over the row that is exactly old (ref,
	// generation and wrapped key); false when it changed meanwhile. It
	// renews a tombstone and re-wraps a key after a master key rotation.
	ReplaceBuyerKey(ctx context.Context, old, next StoredKey) (bool, error)
	// StaleBuyerKeys lists up to limit live keys not wrapped by keyID.
	StaleBuyerKeys(ctx context.Context, keyID string, limit int) ([]StoredKey, error)
	// EraseBuyer destroys ref's data key (a tombstone stays), the sealed
	// contacts and corrected receivers of its orders and the bodies of
	// their raw payloads. Erasing again changes nothing and reports the same.
	EraseBuyer(ctx context.Context, ref string, at time.Time) (Erasure, error)
	// Corrections returns the corrected receivers (sealed) of orders ids.
	Corrections(ctx context.Context, ids []int64) (map[int64][]byte, error)
	// SetCorrection stores the corrected receiver of order id.
	SetCorrection(ctx context.Context, id int64, sealed []byte, at time.Time) error
	// DropCorrection forgets the corrected receiver of order id, if any.
	DropCorrection(ctx context.Context, id int64) error
}

// Erasure is what erasing a buyer destroyed.
type Erasure struct {
	Ref       string    // the buyer's reference as erased
	Orders    int       // orders of the buyer: their contacts are gone
	RawEvents int       // raw payloads of those orders, now empty
	ErasedAt  time.Time // the first erasure
	Found     bool      // false: no key and no order under ref
}

// OrderKeyRef is the data key reference of an order that names no buyer:
// such an order has a key of its own.
func OrderKeyRef(orderKey string) string { return "order:" + orderKey }

// BuyerKey is an opened data key: it seals and opens contacts of one buyer.
// Its String and LogValue (through StoredKey) never show the key.
type BuyerKey struct {
	Ref        string
	Generation uint32
	// ErasedAt is when the buyer was last erased, nil if never: a key of a
	// later generation still says so.
	ErasedAt *time.Time
	aead     cipher.AEAD
}

func (b *BuyerKey) String() string {
	return fmt.Sprintf("pii.BuyerKey{%s gen %d}", b.Ref, b.Generation)
}

// NewBuyerKey makes a fresh data key for ref, wrapped by k's current key.
func NewBuyerKey(k *Keyring, ref string, gen uint32, now time.Time) (*BuyerKey, StoredKey, error) {
	secret := make([]byte, DataKeySize)
	defer clear(secret)
	rand.Read(secret) // never fails (crypto/rand, Go ≥ 1.24)
	wrapped, err := k.Seal(secret, dataKeyAAD(ref, gen))
	if err != nil {
		return nil, StoredKey{}, err
	}
	bk, err := buyerKey(ref, gen, secret)
	if err != nil {
		return nil, StoredKey{}, err
	}
	return bk, StoredKey{Ref: ref, Generation: gen, Wrapped: wrapped, KeyID: k.CurrentID(), CreatedAt: now}, nil
}

// OpenBuyerKey unwraps a stored data key. A tombstone gives a BuyerKey
// that is Erased: it seals nothing and opens nothing, but tells an erased
// value apart. Errors are Keyring.Open's and name no key material.
func OpenBuyerKey(k *Keyring, s StoredKey) (*BuyerKey, error) {
	if s.Erased() {
		return &BuyerKey{Ref: s.Ref, Generation: s.Generation, ErasedAt: s.ErasedAt}, nil
	}
	secret, err := k.Open(s.Wrapped, dataKeyAAD(s.Ref, s.Generation))
	if err != nil {
		return nil, fmt.Errorf("pii: data key of %s: %w", s.Ref, err)
	}
	defer clear(secret)
	if len(secret) != DataKeySize {
		return nil, fmt.Errorf("pii: data key of %s: %w", s.Ref, ErrCorrupt)
	}
	b, err := buyerKey(s.Ref, s.Generation, secret)
	if b != nil {
		b.ErasedAt = s.ErasedAt
	}
	return b, err
}

// Erased reports whether b is what erasure left of a buyer's key.
func (b *BuyerKey) Erased() bool { return b.aead == nil }

// Rewrap seals s's data key again under k's current master key: a master
// key rotation re-wraps the data keys and leaves every contact as it is.
func Rewrap(k *Keyring, s StoredKey) (StoredKey, error) {
	if s.Erased() {
		return s, nil
	}
	secret, err := k.Open(s.Wrapped, dataKeyAAD(s.Ref, s.Generation))
	if err != nil {
		return s, fmt.Errorf("pii: data key of %s: %w", s.Ref, err)
	}
	defer clear(secret)
	if s.Wrapped, err = k.Seal(secret, dataKeyAAD(s.Ref, s.Generation)); err != nil {
		return s, err
	}
	s.KeyID = k.CurrentID()
	return s, nil
}

func buyerKey(ref string, gen uint32, secret []byte) (*BuyerKey, error) {
	block, err := aes.NewCipher(secret)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		return nil, err
	}
	return &BuyerKey{Ref: ref, Generation: gen, aead: aead}, nil
}

// dataKeyAAD binds a wrapped data key to its buyer and generation, so a
// key copied to another buyer's row fails to open.
func dataKeyAAD(ref string, gen uint32) []byte {
	b := []byte("fnshub buyer data key v1\x00")
	b = binary.BigEndian.AppendUint32(b, gen)
	return append(b, ref...)
}

// A contact sealed with a data key reads
//
//	0x02 | generation (4 bytes, big endian) | nonce (12) | ciphertext | tag (16)
//
// The first byte tells it from a value sealed by the master keyring
// (formatV1), which older orders hold and which keeps opening.
const (
	// FormatBuyer is the first byte of a value sealed with a data key.
	FormatBuyer      = 0x02
	buyerHeaderLen   = 1 + 4
	minSealedByBuyer = buyerHeaderLen + gcmNonce + gcmTag
)

// SealContact seals c for the row whose natural key is aad.
func (b *BuyerKey) SealContact(c Contact, aad string) ([]byte, error) {
	if b.Erased() {
		return nil, ErrErased
	}
	plain, err := marshalContact(c)
	if err != nil {
		return nil, err
	}
	header := binary.BigEndian.AppendUint32([]byte{FormatBuyer}, b.Generation)
	return b.aead.Seal(header, nil, plain, authData(header, []byte(contactAAD+aad))), nil
}

// SealedByBuyer reports whether blob was sealed with a data key, and with
// which generation; false for a value of the master keyring.
func SealedByBuyer(blob []byte) (gen uint32, ok bool) {
	if len(blob) < buyerHeaderLen || blob[0] != FormatBuyer {
		return 0, false
	}
	return binary.BigEndian.Uint32(blob[1:buyerHeaderLen]), true
}

// OpenContactWith opens a contact sealed either way: with the buyer's data
// key b (nil when the buyer has no key row) or, for values sealed before
// data keys existed, with the master keyring k. A value of a generation
// that erasure destroyed gives ErrErased.
func OpenContactWith(k *Keyring, b *BuyerKey, blob []byte, aad string) (Contact, error) {
	gen, byBuyer := SealedByBuyer(blob)
	if !byBuyer {
		return OpenContact(k, blob, aad)
	}
	switch {
	case b == nil:
		return Contact{}, fmt.Errorf("%w: sealed with a data key that is not stored", ErrCorrupt)
	case gen < b.Generation || (gen == b.Generation && b.Erased()):
		return Contact{}, ErrErased
	case gen > b.Generation:
		return Contact{}, fmt.Errorf("%w: sealed with a newer data key than the stored one", ErrCorrupt)
	case len(blob) < minSealedByBuyer:
		return Contact{}, fmt.Errorf("%w: %d bytes is too short", ErrCorrupt, len(blob))
	}
	header := blob[:buyerHeaderLen]
	plain, err := b.aead.Open(nil, nil, blob[buyerHeaderLen:], authData(header, []byte(contactAAD+aad)))
	if err != nil {
		return Contact{}, fmt.Errorf("%w: altered, or moved from another row", ErrCorrupt)
	}
	return unmarshalContact(plain)
}
