package pii

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Masks show enough for a person to recognise a buyer on the phone or a
// parcel label, and too little to contact or locate them. They work on runes,
// accept any input (empty, invalid UTF-8, emoji) and never panic.

// hidden is what a value that cannot be masked in shape becomes: it says
// "there is something here" and nothing else.
const hidden = "****"

// MaskPhone keeps the first three and last four digits of a phone number,
// as Chinese platforms print them: 13812345678 → 138****5678. A +86 or 0086
// country code is kept as "+86 " and the number masked after it; other "+"
// codes stay part of the digits. At least four digits are always hidden, so
// shorter numbers lose the head first (88886666 → ****6666), and numbers of
// six digits or fewer are hidden entirely. Separators (spaces, - . ( ) # , ; /
// and 转 before an extension) are dropped, so an extension is masked with the
// number; full-width digits read as digits, and '*' counts as a digit so an
// already masked number stays as it is. Anything else becomes "****".
func MaskPhone(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	plus, digits, ok := phoneDigits(s)
	if !ok {
		return hidden
	}
	prefix := ""
	switch {
	case plus && strings.HasPrefix(digits, "86") && len(digits) > 2:
		prefix, digits = "+86 ", digits[2:]
	case !plus && strings.HasPrefix(digits, "0086") && len(digits) > 4:
		prefix, digits = "+86 ", digits[4:]
	case !plus && len(digits) == 13 && strings.HasPrefix(digits, "861"):
		prefix, digits = "+86 ", digits[2:] // a mobile number written with 86 and no '+'
	case plus:
		prefix = "+"
	}
	return prefix + maskDigits(digits)
}

// phoneDigits returns the ASCII digits (and '*') of s, whether it began
// with '+', and false when s holds anything that does not belong in a
// phone number.
func phoneDigits(s string) (plus bool, digits string, ok bool) {
	if rest, found := strings.CutPrefix(s, "+"); found {
		plus, s = true, rest
	} else if rest, found := strings.CutPrefix(s, "＋"); found {
		plus, s = true, rest
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case '0' <= r && r <= '9' || r == '*':
			b.WriteRune(r)
		case '０' <= r && r <= '９':
			b.WriteRune('0' + r - '０')
		case strings.ContainsRune("-.()#,;/转", r) || unicode.IsSpace(r):
		default:
			return false, "", false
		}
	}
	return plus, b.String(), b.Len() > 0
}

// maskDigits hides at least four digits, and all but seven of a long number:
// the head shrinks before the tail, since the last four digits are what
// people use to tell two numbers apart.
func maskDigits(d string) string {
	n := len(d)
	if n <= 6 {
		return strings.Repeat("*", n)
	}
	hide := max(4, n-7)
	tail := min(4, n-hide)
	head := n - hide - tail
	return d[:head] + strings.Repeat("*", hide) + d[n-tail:]
}

// MaskName keeps the first character of a name and stars the rest, one star
// per character: 张三丰 → 张**. Names written with spaces keep the first
// letter of each word: John Smith → J*** S****. A name containing Chinese
// characters is treated as one word whatever its spacing, since 张 三丰
// is one name. A one-character name or word becomes "*", because its first
// character is all of it.
func MaskName(s string) string {
	words := strings.Fields(s)
	if strings.ContainsFunc(s, isHan) {
		words = []string{strings.Join(words, "")}
	}
	for i, w := range words {
		words[i] = maskWord(w)
	}
	return strings.Join(words, " ")
}

func maskWord(w string) string {
	n := utf8.RuneCountInString(w)
	if n <= 1 {
		return strings.Repeat("*", n)
	}
	first, _ := utf8.DecodeRuneInString(w)
	return string(first) + strings.Repeat("*", n-1)
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// MaskDetail masks the street line of an address, the part that locates a
// household: a non-empty line becomes "****".
func MaskDetail(detail string) string {
	if strings.TrimSpace(detail) == "" {
		return ""
	}
	return hidden
}

// MaskAddress renders an address for a role that may not see it: province,
// city and district as given, the detail line as "****":
// 浙江省 杭州市 西湖区 文三路 → 浙江省杭州市西湖区 ****. A city repeating its
// province (北京市 北京市, as platforms send municipalities) is shown once.
// Chinese parts are joined without spaces, others with one.
func MaskAddress(province, city, district, detail string) string {
	var parts []string
	for _, p := range []string{province, city, district} {
		if p = strings.TrimSpace(p); p != "" && (len(parts) == 0 || parts[len(parts)-1] != p) {
			parts = append(parts, p)
		}
	}
	if d := MaskDetail(detail); d != "" {
		parts = append(parts, d)
	}
	return joinRegion(parts)
}

// joinRegion puts a space between two parts unless both sides of the seam
// are Chinese, which is written without spaces.
func joinRegion(parts []string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			last, _ := utf8.DecodeLastRuneInString(parts[i-1])
			first, _ := utf8.DecodeRuneInString(p)
			if !isHan(last) || !isHan(first) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(p)
	}
	return b.String()
}
