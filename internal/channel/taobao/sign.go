package taobao

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"net/url"
	"sort"
	"strings"
)

// SignMethod is one of TOP's three signing recipes, named as the
// sign_method parameter names it.
type SignMethod string

const (
	SignMD5        SignMethod = "md5"         // MD5(secret + params + secret)
	SignHMAC       SignMethod = "hmac"        // HMAC-MD5(secret, params)
	SignHMACSHA256 SignMethod = "hmac-sha256" // HMAC-SHA256(secret, params)
)

// ParseSignMethod checks s names a recipe TOP knows.
func ParseSignMethod(s string) (SignMethod, error) {
	switch m := SignMethod(s); m {
	case SignMD5, SignHMAC, SignHMACSHA256:
		return m, nil
	}
	return "", fmt.Errorf("taobao: sign_method %q is not one of md5, hmac, hmac-sha256", s)
}

// Concat is the string TOP signs: every parameter but sign whose name and
// value are both non-empty, sorted by name in byte order, written as
// name1value1name2value2… with no separators. A parameter given twice
// signs its first value, as it is sent first.
func Concat(params url.Values) string {
	keys := make([]string, 0, len(params))
	for k, vs := range params {
		if k != "sign" && k != "" && len(vs) > 0 && vs[0] != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k)
		b.WriteString(params[k][0])
	}
	return b.String()
}

// Sign returns the sign parameter for params: the recipe's digest in upper
// case hex (32 characters for md5 and hmac, 64 for hmac-sha256). The
// params' own sign_method is signed too, so it must equal m.
func Sign(m SignMethod, secret string, params url.Values) (string, error) {
	s := Concat(params)
	var h hash.Hash
	switch m {
	case SignMD5:
		h = md5.New()
		h.Write([]byte(secret + s + secret))
	case SignHMAC:
		h = hmac.New(md5.New, []byte(secret))
		h.Write([]byte(s))
	case SignHMACSHA256:
		h = hmac.New(sha256.New, []byte(secret))
		h.Write([]byte(s))
	default:
		return "", fmt.Errorf("taobao: cannot sign with sign_method %q", m)
	}
	return strings.ToUpper(hex.EncodeToString(h.Sum(nil))), nil
}

// Verify reports whether params carry the sign their sign_method and the
// secret give, compared in constant time. The simulator checks requests
// with it; the case of the hex digits matters, as it does to TOP (verify).
func Verify(secret string, params url.Values) bool {
	m, err := ParseSignMethod(params.Get("sign_method"))
	if err != nil {
		return false
	}
	want, err := Sign(m, secret, params)
	if err != nil {
		return false
	}
	return hmac.Equal([]byte(want), []byte(params.Get("sign")))
}
