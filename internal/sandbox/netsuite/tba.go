package netsuite

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// TBACreds are the one consumer and token TBA (OAuth 1.0a) accepts.
type TBACreds struct {
	Realm          string
	ConsumerKey    string
	ConsumerSecret string
	TokenID        string
	TokenSecret    string
}

// checkTBA verifies an "OAuth ..." Authorization header: realm,
// consumer key, token, HMAC-SHA256, version 1.0, a timestamp within five
// minutes, a nonce not seen before, and the signature recomputed here
// over the request as received (RFC 5849 §3.4).
func (s *Server) checkTBA(r *http.Request, header string) bool {
	c := s.opt.TBA
	if c == nil {
		return false
	}
	p, ok := parseOAuth(header)
	if !ok || p["realm"] != c.Realm || p["oauth_consumer_key"] != c.ConsumerKey || p["oauth_token"] != c.TokenID ||
		p["oauth_signature_method"] != "HMAC-SHA256" || p["oauth_version"] != "1.0" || p["oauth_nonce"] == "" {
		return false
	}
	ts, err := strconv.ParseInt(p["oauth_timestamp"], 10, 64)
	if err != nil || absDur(s.opt.Now().Sub(time.Unix(ts, 0))) > 5*time.Minute {
		return false
	}
	var pairs [][2]string
	for k, v := range p {
		if k != "realm" && k != "oauth_signature" {
			pairs = append(pairs, [2]string{enc(k), enc(v)})
		}
	}
	for k, vs := range r.URL.Query() {
		for _, v := range vs {
			pairs = append(pairs, [2]string{enc(k), enc(v)})
		}
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i][0] != pairs[j][0] {
			return pairs[i][0] < pairs[j][0]
		}
		return pairs[i][1] < pairs[j][1]
	})
	joined := make([]string, len(pairs))
	for i, kv := range pairs {
		joined[i] = kv[0] + "=" + kv[1]
	}
	base := r.Method + "&" + enc("http://"+r.Host+r.URL.EscapedPath()) + "&" + enc(strings.Join(joined, "&"))
	mac := hmac.New(sha256.New, []byte(enc(c.ConsumerSecret)+"&"+enc(c.TokenSecret)))
	mac.Write([]byte(base))
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(p["oauth_signature"])) {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.nonces[p["oauth_nonce"]] {
		return false // a replay
	}
	s.nonces[p["oauth_nonce"]] = true
	return true
}

// parseOAuth splits `OAuth k="v",k="v"` into its decoded parameters.
func parseOAuth(h string) (map[string]string, bool) {
	rest, ok := strings.CutPrefix(h, "OAuth ")
	if !ok {
		return nil, false
	}
	out := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
			return nil, false
		}
		dv, err := url.PathUnescape(v[1 : len(v)-1])
		if err != nil {
			return nil, false
		}
		out[k] = dv
	}
	return out, true
}

// enc is RFC 3986 encoding built from the query escaper: it writes a
// space as + and escapes ~, which RFC 3986 writes %20 and keeps.
func enc(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(url.QueryEscape(s), "+", "%20"), "%7E", "~")
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
