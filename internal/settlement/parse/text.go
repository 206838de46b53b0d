package parse

import "strings"

// splitTabs splits a tab-delimited line into dst, reusing its storage;
// the fields are substrings of line.
func splitTabs(line string, dst []string) []string {
	dst = dst[:0]
	for {
		i := strings.IndexByte(line, '\t')
		if i < 0 {
			return append(dst, line)
		}
		dst, line = append(dst, line[:i]), line[i+1:]
	}
}

// blank reports whether a line holds nothing but separators and spaces,
// the padding some tools leave at the end of a file.
func blank(line []byte, sep byte) bool {
	for _, c := range line {
		if c != sep && c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// hasFold reports whether s contains sub, ASCII case-insensitively, without
// allocating; sub must be lower case.
func hasFold(s, sub string) bool {
	n := len(sub)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for ; j < n; j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[j] {
				break
			}
		}
		if j == n {
			return true
		}
	}
	return false
}
