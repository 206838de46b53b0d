package parse

import "strings"

// header maps a file's column names to their positions, so parsers read by
// name and survive columns added, dropped or reordered between versions.
type header map[string]int

// newHeader indexes names, trimmed; the first of duplicate names wins.
func newHeader(names []string) header {
	h := make(header, len(names))
	for i, n := range names {
		n = strings.TrimSpace(n)
		if _, dup := h[n]; !dup && n != "" {
			h[n] = i
		}
	}
	return h
}

// col returns the position of name, -1 when the file lacks it.
func (h header) col(name string) int {
	if i, ok := h[name]; ok {
		return i
	}
	return -1
}

// missing returns the names of required that the header lacks.
func (h header) missing(required []string) []string {
	var out []string
	for _, n := range required {
		if _, ok := h[n]; !ok {
			out = append(out, n)
		}
	}
	return out
}

// field returns row[i], "" when i is -1 or the row is short (a trailing
// empty column some exporters drop).
func field(row []string, i int) string {
	if i < 0 || i >= len(row) {
		return ""
	}
	return row[i]
}
