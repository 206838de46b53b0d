package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"strings"
)

// A token secret reads "fnsh_<id>_<random>": the prefix lets secret scanners
// and people recognise it, the id finds the row without a hash index, and
// the random part (32 bytes) is the credential.
const (
	secretPrefix = "fnsh_"
	idBytes      = 10
	randomBytes  = 32
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

var (
	idLen     = b32.EncodedLen(idBytes)
	randomLen = b32.EncodedLen(randomBytes)
)

func newTokenID() string { return randomText(idBytes) }

// newSecret returns the full secret for token id and its random part.
func newSecret(id string) (secret, random string) {
	random = randomText(randomBytes)
	return secretPrefix + id + "_" + random, random
}

func randomText(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails since Go 1.24
	return strings.ToLower(b32.EncodeToString(b))
}

// parseSecret splits a secret into token id and random part, or reports it
// malformed.
func parseSecret(s string) (id, random string, ok bool) {
	rest, ok := strings.CutPrefix(s, secretPrefix)
	if !ok {
		return "", "", false
	}
	id, random, ok = strings.Cut(rest, "_")
	if !ok || !isBase32Lower(id, idLen) || !isBase32Lower(random, randomLen) {
		return "", "", false
	}
	return id, random, true
}

func isBase32Lower(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '2' <= c && c <= '7') {
			return false
		}
	}
	return true
}

// hashSecret hashes the random part's text, not its decoded bytes: base32
// decoding ignores the last character's spare bits, so two texts could
// decode alike, and every character of a secret must count.
func hashSecret(random string) []byte {
	sum := sha256.Sum256([]byte(random))
	return sum[:]
}
