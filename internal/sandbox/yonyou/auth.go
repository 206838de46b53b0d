package yonyou

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"
)

// clockSkew is how far a token request's timestamp may be from the
// server's clock.
const clockSkew = 5 * time.Minute

func (s *Server) gatewayAddress(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("tenantId") != s.opt.TenantID {
		reply(w, "1090003500", "租户不存在", nil)
		return
	}
	base := "http://" + r.Host
	reply(w, "00000", "成功", map[string]string{"gatewayUrl": base + GatewayPrefix, "tokenUrl": base + TokenPrefix})
}

// getAccessToken checks appKey, the timestamp (ms) and the signature,
// computed here from the stdlib: Base64(HmacSHA256(appSecret,
// "appKey"+appKey+"timestamp"+timestamp)), which arrives URL-encoded and
// is compared after the query's decoding.
func (s *Server) getAccessToken(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	appKey, ts, sig := q.Get("appKey"), q.Get("timestamp"), q.Get("signature")
	if appKey != s.opt.AppKey {
		reply(w, "1090003500001", "appKey不存在", nil)
		return
	}
	ms, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || absDur(s.opt.Now().Sub(time.UnixMilli(ms))) > clockSkew {
		reply(w, "1090003500002", "timestamp无效或已过期", nil)
		return
	}
	mac := hmac.New(sha256.New, []byte(s.opt.AppSecret))
	mac.Write([]byte("appKey" + appKey + "timestamp" + ts))
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(sig), []byte(want)) {
		reply(w, "1090003500065", "签名错误", nil)
		return
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	tok := s.tokens.Issue(hex.EncodeToString(b), s.opt.Now().Add(s.opt.TokenLife))
	reply(w, "00000", "成功", map[string]any{"access_token": tok, "expire": int(s.opt.TokenLife / time.Second)})
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
