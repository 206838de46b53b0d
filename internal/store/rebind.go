package store

import (
	"math/bits"
	"strconv"
	"strings"
	"sync"
)

// DollarRebinder rewrites '?' placeholders as $1, $2 … and remembers each
// rewrite, because the same few statements run millions of times.
type DollarRebinder struct{ cache sync.Map }

// Rebind rewrites query. A '?' inside a quoted string literal is left alone.
func (r *DollarRebinder) Rebind(query string) string {
	if v, ok := r.cache.Load(query); ok {
		return v.(string)
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n, quoted := 0, false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			quoted = !quoted
			b.WriteByte(c)
		case c == '?' && !quoted:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	out := b.String()
	r.cache.Store(query, out)
	return out
}

// Placeholders returns "(?, ?, …), (…)" for rows×cols bind parameters, for
// multi-row INSERTs.
func Placeholders(rows, cols int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(one+", ", rows), ", ")
}

// InList returns the placeholders of an IN (…) list for args, padded to a
// power of two by repeating the last value (which changes no IN result),
// and the padded args. Lists of any length then share ten statement shapes,
// which stay prepared, instead of one new statement per length.
func InList(args []any) (string, []any) {
	if len(args) == 0 {
		return "NULL", nil
	}
	n := 1 << bits.Len(uint(len(args)-1))
	padded := make([]any, n)
	copy(padded, args)
	for i := len(args); i < n; i++ {
		padded[i] = args[len(args)-1]
	}
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", "), padded
}
