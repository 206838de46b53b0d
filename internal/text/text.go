// Package text owns the one rule all text fnshub accepts must follow, from
// any edge (the API, imported files): valid UTF-8 without NUL bytes.
//
// PostgreSQL refuses NUL in TEXT and SQLite keeps it; a driver or decoder
// would turn invalid bytes into U+FFFD and lose what was sent. So both are
// refused where text enters, naming where, before anything is stored.
package text

import (
	"fmt"
	"unicode/utf8"
)

// Error says what is wrong with a text and where.
type Error struct {
	NUL    bool // a NUL byte; otherwise bytes that are not UTF-8
	Offset int  // the byte at fault
	Byte   byte
}

func (e *Error) Error() string {
	if e.NUL {
		return fmt.Sprintf("holds a NUL character (\\u0000) at byte %d; remove it", e.Offset)
	}
	return fmt.Sprintf("holds bytes that are not UTF-8 (0x%02X at byte %d); send text as UTF-8", e.Byte, e.Offset)
}

// What is the problem without its position, for a text whose bytes the
// reader never sees as such (a JSON string with escapes).
func (e *Error) What() string {
	if e.NUL {
		return "holds a NUL character (\\u0000); remove it"
	}
	return fmt.Sprintf("holds bytes that are not UTF-8 (0x%02X); send text as UTF-8", e.Byte)
}

// Check returns nil when s is valid UTF-8 without NUL, or an *Error
// naming the first offending byte.
func Check[T string | []byte](s T) error {
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == 0:
			return &Error{NUL: true, Offset: i}
		case c < utf8.RuneSelf:
			i++
		default:
			n := runeLen(s[i:])
			if n == 0 {
				return &Error{Offset: i, Byte: c}
			}
			i += n
		}
	}
	return nil
}

// runeLen is the length of the UTF-8 character s starts with, or 0 when s
// does not start with one.
func runeLen[T string | []byte](s T) int {
	var buf [utf8.UTFMax]byte
	r, n := utf8.DecodeRune(buf[:copy(buf[:], s)])
	if r == utf8.RuneError && n <= 1 {
		return 0
	}
	return n
}

// Valid reports whether s follows the rule.
func Valid[T string | []byte](s T) bool { return Check(s) == nil }
