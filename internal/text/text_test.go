package text

import "testing"

func TestCheck(t *testing.T) {
	cases := []struct {
		name, in string
		want     string // "" when valid
	}{
		{"ascii is valid", "hello", ""},
		{"chinese is valid", "龙井茶 250g", ""},
		{"the replacement character itself is valid", "\uFFFD", ""},
		{"empty is valid", "", ""},
		{"a NUL is refused", "ab\x00c", "holds a NUL character (\\u0000) at byte 2; remove it"},
		{"GBK bytes are refused", "\xc1\xfa\xbe\xae", "holds bytes that are not UTF-8 (0xC1 at byte 0); send text as UTF-8"},
		{"a truncated sequence is refused", "茶\xe8\xb6", "holds bytes that are not UTF-8 (0xE8 at byte 3); send text as UTF-8"},
		{"an encoded surrogate is refused", "\xed\xa0\x80", "holds bytes that are not UTF-8 (0xED at byte 0); send text as UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ""
			if err := Check(c.in); err != nil {
				got = err.Error()
			}
			if got != c.want {
				t.Errorf("Check(%q) = %q, want %q", c.in, got, c.want)
			}
			if Valid([]byte(c.in)) != (c.want == "") {
				t.Errorf("Valid([]byte(%q)) disagrees with Check", c.in)
			}
		})
	}
}
