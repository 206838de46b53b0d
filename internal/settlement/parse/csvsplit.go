package parse

import "strings"

// splitCSV splits one CSV record into dst, reusing its storage. Fields are
// substrings of line, so a record costs no allocation unless a field holds
// a doubled quote. A bare quote inside an unquoted field is kept as text
// (lenient, as spreadsheet exports need). complete is false when a quoted
// field runs past the end of line: the caller appends the next line
// (quoted fields may hold newlines) and splits again.
func splitCSV(line string, dst []string) (fields []string, complete bool) {
	dst = dst[:0]
	for {
		if line == "" || line[0] != '"' {
			i := strings.IndexByte(line, ',')
			if i < 0 {
				return append(dst, line), true
			}
			dst, line = append(dst, line[:i]), line[i+1:]
			continue
		}
		f, rest, ok := quotedField(line)
		if !ok {
			return dst, false
		}
		dst = append(dst, f)
		if rest == "" {
			return dst, true
		}
		line = rest[1:] // rest starts with the ',' (or stray text quotedField skipped to)
	}
}

// quotedField reads a field that starts with '"'. rest is what follows it:
// "" at the end of the record, else text starting with the separator.
func quotedField(line string) (f, rest string, ok bool) {
	escaped := false
	i := 1
	for {
		j := strings.IndexByte(line[i:], '"')
		if j < 0 {
			return "", "", false
		}
		i += j
		if i+1 < len(line) && line[i+1] == '"' {
			escaped, i = true, i+2
			continue
		}
		break
	}
	f = line[1:i]
	if escaped {
		f = strings.ReplaceAll(f, `""`, `"`)
	}
	rest = line[i+1:]
	if k := strings.IndexByte(rest, ','); k > 0 {
		rest = rest[k:] // text between the closing quote and the comma is dropped
	} else if k < 0 {
		rest = ""
	}
	return f, rest, true
}
