package parse

import "strconv"

// rowHash is FNV-1a (64 bit) over fields, each followed by a separator byte
// so that ("ab","c") and ("a","bc") differ. It is written out rather than
// taken from hash/fnv because it runs per line and must not allocate, and
// it must never change: keys built from it are stored.
type rowHash uint64

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func newRowHash() rowHash { return fnvOffset }

func (h rowHash) add(s string) rowHash {
	for i := 0; i < len(s); i++ {
		h ^= rowHash(s[i])
		h *= fnvPrime
	}
	h ^= 0x1f
	h *= fnvPrime
	return h
}

// contentKey is "<prefix>:<hash as 16 hex digits>:<occurrence>".
// buf is scratch space kept by the caller between rows; the key's string
// is made in arena.
func contentKey(arena *stringArena, buf *[]byte, prefix string, h rowHash, occurrence int) string {
	b := append((*buf)[:0], prefix...)
	b = append(b, ':')
	const hexDigits = "0123456789abcdef"
	for shift := 60; shift >= 0; shift -= 4 {
		b = append(b, hexDigits[(h>>uint(shift))&0xf])
	}
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(occurrence), 10)
	*buf = b
	return arena.string(b)
}
