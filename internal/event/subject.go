package event

import (
	"strings"
)

// Subject is the NATS subject of e under prefix:
// <prefix>.<topic>.<shop>, each dot-separated part of the topic one token
// (order.ingested → order.ingested) and the shop one token. So
// "fnshub.order.>" is every order event and "fnshub.*.*.tmall-01" one
// shop's.
func Subject(prefix string, e Event) string {
	var b strings.Builder
	b.WriteString(prefix)
	for _, part := range strings.Split(e.Topic, ".") {
		b.WriteByte('.')
		b.WriteString(Token(part))
	}
	b.WriteByte('.')
	b.WriteString(Token(e.Shop))
	return b.String()
}

// Token maps s to one NATS subject token that names it alone: ASCII
// letters, digits, '-' and '_' stay; every other byte (the dot, '*', '>',
// '$', '~', spaces, UTF-8) becomes '~' and two upper-case hex digits. ""
// is "~" alone, which no encoding yields. So "tmall.cn" is "tmall~2Ecn"
// and "天猫" is "~E5~A4~A9~E7~8C~AB".
func Token(s string) string {
	if s == "" {
		return "~"
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
			b.WriteByte(c)
		default:
			b.WriteByte('~')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}
