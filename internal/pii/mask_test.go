package pii

import (
	"strings"
	"testing"
	"unicode/utf8"

	"pgregory.net/rapid"
)

func TestMaskPhone(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"13812345678", "138****5678"},
		{"138 1234 5678", "138****5678"},
		{"138-1234-5678", "138****5678"},
		{"+8613812345678", "+86 138****5678"},
		{"+86 138 1234 5678", "+86 138****5678"},
		{"008613812345678", "+86 138****5678"},
		{"8613812345678", "+86 138****5678"},
		{"１３８１２３４５６７８", "138****5678"},
		{"＋86 13812345678", "+86 138****5678"},
		{"0571-88886666", "057*****6666"},
		{"(0571) 8888 6666", "057*****6666"},
		{"88886666", "****6666"},
		{"1234567", "****567"},
		{"+1 415-555-2671", "+141****2671"},
		{"17012345678-1234", "170********1234"},
		{"17012345678转1234", "170********1234"},
		{"138****5678", "138****5678"},
		{"123456", "******"},
		{"95588", "*****"},
		{"1", "*"},
		{"+", "****"},
		{"+86", "+**"},
		{"", ""},
		{"   ", ""},
		{"call me", "****"},
		{"13812345678 📞", "****"},
		{"\xff\xfe", "****"},
	} {
		if got := MaskPhone(tc.in); got != tc.want {
			t.Errorf("MaskPhone(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMaskName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"张三丰", "张**"},
		{"张三", "张*"},
		{"张", "*"},
		{"欧阳娜娜", "欧***"},
		{"张 三丰", "张**"},
		{"买买提·艾力", "买*****"},
		{"John Smith", "J*** S****"},
		{"  John   F  Kennedy ", "J*** * K******"},
		{"Madonna", "M******"},
		{"A", "*"},
		{"김민수", "김**"},
		{"😀", "*"},
		{"😀😀", "😀*"},
		{"", ""},
		{"   ", ""},
		{"\xff", "*"},
		{"\xffab", "\uFFFD**"},
	} {
		if got := MaskName(tc.in); got != tc.want {
			t.Errorf("MaskName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMaskAddress(t *testing.T) {
	for _, tc := range []struct{ province, city, district, detail, want string }{
		{"浙江省", "杭州市", "西湖区", "文三路 100 号 3 幢", "浙江省杭州市西湖区 ****"},
		{"北京市", "北京市", "朝阳区", "建国路 88 号", "北京市朝阳区 ****"},
		{"浙江省", "杭州市", "西湖区", "", "浙江省杭州市西湖区"},
		{"", "", "", "somewhere", "****"},
		{"California", "San Francisco", "", "1 Market St", "California San Francisco ****"},
		{"", "", "", "", ""},
		{"😀", "\xff", "区", "x", "😀 \xff 区 ****"},
	} {
		if got := MaskAddress(tc.province, tc.city, tc.district, tc.detail); got != tc.want {
			t.Errorf("MaskAddress(%q, %q, %q, %q) = %q, want %q", tc.province, tc.city, tc.district, tc.detail, got, tc.want)
		}
	}
	if MaskDetail("  ") != "" || MaskDetail("文三路") != "****" {
		t.Error("MaskDetail must hide a non-empty line and keep an empty one empty")
	}
}

// A number of seven digits or more never comes back as it went in, nor with
// all its digits in a row, in any of the spellings platforms send.
func TestMaskPhone_NeverShowsANumber_Property(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		digits := rapid.StringMatching(`[0-9]{7,15}`).Draw(t, "digits")
		in := rapid.SampledFrom([]string{"", "+", "+86", "+86 ", "0086", "86"}).Draw(t, "prefix") + digits
		got := MaskPhone(in)
		if got == in || strings.Contains(strings.ReplaceAll(got, " ", ""), digits) {
			t.Fatalf("MaskPhone(%q) = %q shows the number", in, got)
		}
		if stars := strings.Count(got, "*"); stars < 4 {
			t.Fatalf("MaskPhone(%q) = %q hides only %d digits", in, got, stars)
		}
	})
}

// Masks accept any string and keep a name's shape: as many characters out as
// in (spacing aside), and in each word only the first one shown.
func TestMasks_AnyInput_Property(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.String().Draw(t, "s")
		_ = MaskPhone(s)
		_ = MaskAddress(s, s, s, s)
		name := MaskName(s)
		for _, w := range strings.Fields(name) {
			if rest := []rune(w)[1:]; strings.Trim(string(rest), "*") != "" {
				t.Fatalf("MaskName(%q) = %q shows more than the first character of %q", s, name, w)
			}
		}
		in := utf8.RuneCountInString(strings.Join(strings.Fields(s), ""))
		if out := utf8.RuneCountInString(strings.Join(strings.Fields(name), "")); out != in {
			t.Fatalf("MaskName(%q) = %q has %d characters, want %d", s, name, out, in)
		}
	})
}
