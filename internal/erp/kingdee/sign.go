// Package kingdee pushes vouchers to 金蝶云星空 (Kingdee K/3 Cloud) over
// its WebAPI (platforms.md §7.1): GL_VOUCHER Save, Submit and Audit, each
// voucher looked up first by the hub's id, which it carries at the start
// of every entry's FEXPLANATION.
package kingdee

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// secretMask is what the official SDKs XOR the decoded second part of an
// AppID with to get the gateway's client secret. The SDKs (Java, .NET,
// PHP, Ruby) XOR with the bytes of this 32-character ASCII string, not of
// the 16 bytes it would be as hex; we do what they do.
const secretMask = "0054f397c6234378b09ca7d3e5debce7"

// clientSecret derives the X-Api-Signature key from an AppID
// "<clientID>_<32 chars>": base64(base64decode(part) XOR mask). An AppID
// of another shape has none, as in the SDKs.
func clientSecret(appID string) (clientID, secret string, err error) {
	parts := strings.Split(appID, "_")
	if len(parts) != 2 || len(parts[1]) != 32 {
		return "", "", fmt.Errorf("kingdee: app id %q is not <client id>_<32 characters> as Kingdee issues them", appID)
	}
	raw, err := base64.StdEncoding.DecodeString(parts[1])
	if err != nil {
		return "", "", fmt.Errorf("kingdee: app id %q: second part is not base64: %w", appID, err)
	}
	for i := range raw {
		raw[i] ^= secretMask[i]
	}
	return parts[0], base64.StdEncoding.EncodeToString(raw), nil
}

// hmacHex64 is Kingdee's signature encoding: base64 of the lowercase hex
// of the HMAC-SHA256, not of its raw bytes.
func hmacHex64(key, msg string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(msg))
	return base64.StdEncoding.EncodeToString([]byte(hex.EncodeToString(m.Sum(nil))))
}

// encodePath is the request path as the SDKs sign it: URL-encoded the way
// Java's URLEncoder does (letters, digits and . - * _ kept, space as +,
// the rest %XX in upper case), so '/' becomes %2F.
func encodePath(p string) string {
	var b strings.Builder
	for _, c := range []byte(p) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '-', c == '*', c == '_':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// Signer makes the Auth B (第三方系统登录授权) headers of one request.
type Signer struct {
	AppID     string // the full AppID, "<client id>_<32 chars>"
	AppSecret string
	AcctID    string // 数据中心 id
	Username  string
	LCID      int    // 2052 for Simplified Chinese
	OrgNum    string // "0" for the default organisation
}

// AppData is the X-Kd-Appdata text before base64: "acct,user,lcid,org".
func (s Signer) AppData() string {
	return s.AcctID + "," + s.Username + "," + strconv.Itoa(s.LCID) + "," + s.OrgNum
}

// Headers returns the signed headers of a POST to path (the URL's path
// after the host) at unix second ts with nonce.
func (s Signer) Headers(path string, ts int64, nonce string) (map[string]string, error) {
	clientID, sec, err := clientSecret(s.AppID)
	if err != nil {
		return nil, err
	}
	t := strconv.FormatInt(ts, 10)
	apiSign := "POST\n" + encodePath(path) + "\n\nx-api-nonce:" + nonce + "\nx-api-timestamp:" + t + "\n"
	data := s.AppData()
	return map[string]string{
		"X-Api-ClientID":     clientID,
		"X-Api-Auth-Version": "2.0",
		"x-api-timestamp":    t,
		"x-api-nonce":        nonce,
		"x-api-signheaders":  "x-api-timestamp,x-api-nonce",
		"X-Api-Signature":    hmacHex64(sec, apiSign),
		"X-Kd-Appkey":        s.AppID,
		"X-Kd-Appdata":       base64.StdEncoding.EncodeToString([]byte(data)),
		"X-Kd-Signature":     hmacHex64(s.AppSecret, s.AppID+data),
	}, nil
}

// Verify checks the signed headers h of a POST to path, as the server
// does, and returns the app data they carry. It is the sandbox's check.
func (s Signer) Verify(path string, h func(string) string) (string, error) {
	ts, err := strconv.ParseInt(h("x-api-timestamp"), 10, 64)
	if err != nil {
		return "", fmt.Errorf("x-api-timestamp %q is not unix seconds", h("x-api-timestamp"))
	}
	want, err := s.Headers(path, ts, h("x-api-nonce"))
	if err != nil {
		return "", err
	}
	for _, k := range []string{"X-Api-ClientID", "X-Kd-Appkey", "X-Api-Signature", "X-Kd-Appdata", "X-Kd-Signature"} {
		if !hmac.Equal([]byte(h(k)), []byte(want[k])) {
			return "", fmt.Errorf("%s does not match", k)
		}
	}
	data, _ := base64.StdEncoding.DecodeString(h("X-Kd-Appdata"))
	return string(data), nil
}
