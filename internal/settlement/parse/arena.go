package parse

import "unsafe"

// stringArena turns short byte slices into strings by copying them into
// shared 64 KiB chunks instead of allocating each one: the two strings
// every line carries (its Raw row and its Key) would otherwise be two heap
// allocations per line, and at ten million lines the garbage collector's
// work for them costs more than the parsing. A chunk is only appended to,
// never rewritten, so a string made from it never changes; a string the
// sink keeps keeps its chunk alive, which bounds the overhead at one chunk
// per retained batch.
type stringArena struct{ buf []byte }

const (
	arenaChunk = 64 << 10
	arenaMax   = 4 << 10 // longer strings are allocated on their own
)

func (a *stringArena) string(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > arenaMax {
		return string(b)
	}
	if cap(a.buf)-len(a.buf) < len(b) {
		a.buf = make([]byte, 0, arenaChunk)
	}
	start := len(a.buf)
	a.buf = append(a.buf, b...)
	return unsafe.String(&a.buf[start], len(b))
}
