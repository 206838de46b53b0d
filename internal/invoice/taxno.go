package invoice

import (
	"fmt"
	"strings"
)

// uscc is the alphabet of the 统一社会信用代码 (GB 32100-2015): digits and
// the capitals without I, O, Z, S and V, valued 0 to 30 in this order.
const uscc = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are the weights of its first 17 characters: 3^i mod 31.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CheckTaxNo checks s as an 18-character 统一社会信用代码, the tax number
// (纳税人识别号) of every business since 2015, and returns what is wrong
// with it, or "" when it is valid: its length, a character outside the
// code's alphabet, or the check character (the 18th), which must be
// 31 − (Σ value × weight mod 31), 31 standing for 0.
func CheckTaxNo(s string) string {
	if len(s) != 18 {
		return fmt.Sprintf("it has %d characters; a 统一社会信用代码 has 18", len([]rune(s)))
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(uscc, s[i])
		if v < 0 {
			return fmt.Sprintf("character %d (%q) is not a digit or one of the capitals a 统一社会信用代码 uses (no I, O, Z, S, V)", i+1, s[i])
		}
		sum += v * usccWeights[i]
	}
	want := uscc[(31-sum%31)%31]
	if s[17] != want {
		return fmt.Sprintf("its check character is %q but the first 17 give %q: a character was mistyped", s[17], want)
	}
	return ""
}
