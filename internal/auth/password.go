package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/fnshub/fnshub/internal/fault"
	"golang.org/x/crypto/argon2"
)

// KDFParams are argon2id's costs: passes over memory, memory and lanes.
type KDFParams struct {
	Time, MemoryKiB uint32
	Threads         uint8
}

// DefaultKDF is RFC 9106's memory-constrained choice (t=3, 64 MiB) with two
// lanes, so a login costs tens of milliseconds here and far more to an
// attacker's GPU.
var DefaultKDF = KDFParams{Time: 3, MemoryKiB: 64 * 1024, Threads: 2}

// TestKDF is cheap enough for tests that add many users. Never in production.
var TestKDF = KDFParams{Time: 1, MemoryKiB: 64, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32
	// The bounds stop a tampered stored hash from making one login spend
	// gigabytes or minutes.
	maxTime      = 32
	maxMemoryKiB = 1 << 18 // 256 MiB, four times DefaultKDF
)

// The PHC format uses unpadded standard base64; Strict refuses the
// non-canonical spellings that would let one hash have two texts.
var phc64 = base64.RawStdEncoding.Strict()

// HashPassword hashes password with argon2id and a fresh 16-byte salt, as a
// PHC string: $argon2id$v=19$m=…,t=…,p=…$salt$hash.
func HashPassword(password string, p KDFParams) (string, error) {
	if err := p.check(); err != nil {
		return "", err
	}
	salt := make([]byte, saltLen)
	rand.Read(salt) // never fails since Go 1.24: it crashes the program instead
	key := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$%s$%s$%s", argon2.Version, p.phc(),
		phc64.EncodeToString(salt), phc64.EncodeToString(key)), nil
}

// VerifyPassword reports whether password matches the PHC string encoded,
// hashing with the parameters the string records and comparing in constant
// time. Errors: Internal when encoded is malformed.
func VerifyPassword(encoded, password string) (bool, error) {
	p, salt, want, err := decodePHC(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

func decodePHC(s string) (p KDFParams, salt, key []byte, err error) {
	f := strings.Split(s, "$")
	if len(f) != 6 || f[0] != "" || f[1] != "argon2id" || f[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return p, nil, nil, malformed("want $argon2id$v=19$m=…,t=…,p=…$salt$hash")
	}
	if p, err = parsePHCParams(f[3]); err != nil {
		return p, nil, nil, err
	}
	salt, err = phc64.DecodeString(f[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, malformed("bad salt")
	}
	key, err = phc64.DecodeString(f[5])
	if err != nil || len(key) < 16 || len(key) > 64 {
		return p, nil, nil, malformed("bad hash")
	}
	return p, salt, key, nil
}

// parsePHCParams accepts only the canonical "m=%d,t=%d,p=%d" that
// HashPassword writes, so a stored hash has exactly one spelling.
func parsePHCParams(s string) (KDFParams, error) {
	var p KDFParams
	if _, err := fmt.Sscanf(s, "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil || p.phc() != s {
		return p, malformed("bad parameters " + s)
	}
	if err := p.check(); err != nil {
		return p, malformed(err.Error())
	}
	return p, nil
}

func (p KDFParams) phc() string { return fmt.Sprintf("m=%d,t=%d,p=%d", p.MemoryKiB, p.Time, p.Threads) }

func (p KDFParams) check() error {
	if p.Time < 1 || p.Time > maxTime || p.Threads < 1 || p.MemoryKiB < 8*uint32(p.Threads) || p.MemoryKiB > maxMemoryKiB {
		return fault.New(fault.Internal, "kdf_params_invalid",
			"argon2id parameters %s are out of range (t 1-%d, p ≥ 1, m 8·p-%d KiB)", p.phc(), maxTime, maxMemoryKiB)
	}
	return nil
}

func malformed(why string) error {
	return fault.New(fault.Internal, "password_hash_malformed", "stored password hash is malformed: %s", why)
}
