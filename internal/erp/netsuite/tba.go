package netsuite

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// TBA is token-based authentication, OAuth 1.0a with HMAC-SHA256 — the
// alternative for accounts whose integration predates OAuth 2.0 M2M
// (Oracle accepts no new TBA integrations for REST, platforms.md §7.3).
// Realm is the account id as NetSuite writes it, "1234567_SB1".
type TBA struct {
	Realm          string
	ConsumerKey    string
	ConsumerSecret string
	TokenID        string
	TokenSecret    string
	// Nonce makes the oauth_nonce; nil: 16 random bytes in hex.
	Nonce func() string
}

// Header is the Authorization header for method on u at now (RFC 5849
// §3.4–3.5: the signature base string is METHOD & pct(base URI) &
// pct(sorted, encoded parameters, the query's among them); the key is
// pct(consumer secret) & pct(token secret); the signature is
// Base64(HMAC-SHA256(key, base string))).
func (t TBA) Header(method string, u *url.URL, now time.Time) string {
	nonce := randomNonce()
	if t.Nonce != nil {
		nonce = t.Nonce()
	}
	oauth := [][2]string{
		{"oauth_consumer_key", t.ConsumerKey},
		{"oauth_nonce", nonce},
		{"oauth_signature_method", "HMAC-SHA256"},
		{"oauth_timestamp", strconv.FormatInt(now.Unix(), 10)},
		{"oauth_token", t.TokenID},
		{"oauth_version", "1.0"},
	}
	params := url.Values{}
	for _, p := range oauth {
		params.Set(p[0], p[1])
	}
	for k, vs := range u.Query() {
		params[k] = append(params[k], vs...)
	}
	mac := hmac.New(sha256.New, []byte(pct(t.ConsumerSecret)+"&"+pct(t.TokenSecret)))
	mac.Write([]byte(BaseString(method, u, params)))
	sig := base64.StdEncoding.EncodeToString(mac.Sum(nil))

	var b strings.Builder
	b.WriteString(`OAuth realm="` + t.Realm + `"`)
	for _, p := range oauth {
		b.WriteString(`,` + p[0] + `="` + pct(p[1]) + `"`)
	}
	b.WriteString(`,oauth_signature="` + pct(sig) + `"`)
	return b.String()
}

// BaseString is the OAuth 1.0a signature base string of a request.
func BaseString(method string, u *url.URL, params url.Values) string {
	base := strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host) + u.EscapedPath()
	pairs := make([]string, 0, len(params))
	for k, vs := range params {
		for _, v := range vs {
			pairs = append(pairs, pct(k)+"="+pct(v))
		}
	}
	sort.Strings(pairs)
	return strings.ToUpper(method) + "&" + pct(base) + "&" + pct(strings.Join(pairs, "&"))
}

// pct is RFC 3986 percent-encoding: all but A–Z a–z 0–9 - . _ ~, with
// upper-case hex.
func pct(s string) string {
	const hexd = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexd[c>>4])
		b.WriteByte(hexd[c&15])
	}
	return b.String()
}

func randomNonce() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
