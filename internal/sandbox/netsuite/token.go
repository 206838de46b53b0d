package netsuite

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"time"

	ns "github.com/fnshub/fnshub/internal/erp/netsuite"
)

// token is the client-credentials grant: form grant_type,
// client_assertion_type, client_assertion; OAuth's {error,
// error_description} with 400 on any refusal, as NetSuite answers.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, "invalid_request", "the body is not a form")
		return
	}
	if r.PostForm.Get("grant_type") != "client_credentials" ||
		r.PostForm.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" {
		oauthError(w, "invalid_request", "grant_type or client_assertion_type")
		return
	}
	aud := "http://" + r.Host + ns.TokenPath
	if r.TLS != nil {
		aud = "https://" + r.Host + ns.TokenPath
	}
	if code := s.checkAssertion(r.PostForm.Get("client_assertion"), aud); code != "" {
		oauthError(w, code, "")
		return
	}
	tok := s.tokens.Issue(newToken(), s.opt.Now().Add(s.opt.TokenLife))
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{
		"access_token": tok, "expires_in": strconv.Itoa(int(s.opt.TokenLife / time.Second)), "token_type": "bearer",
	})
}

// checkAssertion verifies the JWT: the header's alg and kid, the
// signature with the certificate's key, then iss, aud, scope, iat and
// exp (no more than 60 minutes apart, not expired). It returns the OAuth
// error code, "" when the assertion is good.
func (s *Server) checkAssertion(jwt, aud string) string {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return "invalid_request"
	}
	var h ns.Header
	var c ns.Claims
	hb, err1 := base64.RawURLEncoding.DecodeString(parts[0])
	pb, err2 := base64.RawURLEncoding.DecodeString(parts[1])
	sig, err3 := base64.RawURLEncoding.DecodeString(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || json.Unmarshal(hb, &h) != nil || json.Unmarshal(pb, &c) != nil {
		return "invalid_request"
	}
	if h.Typ != "JWT" || h.Kid != s.opt.CertificateID || !verify(h.Alg, s.opt.PublicKey, []byte(parts[0]+"."+parts[1]), sig) {
		return "invalid_grant"
	}
	now := s.opt.Now().Unix()
	if c.Iss != s.opt.ClientID {
		return "invalid_client"
	}
	if c.Aud != aud || !hasScope(c.Scope, "rest_webservices") || c.Exp <= now || c.Exp-c.Iat > 3600 || c.Iat > now+60 {
		return "invalid_grant"
	}
	return ""
}

func hasScope(scopes, want string) bool {
	for _, s := range strings.Split(scopes, ",") {
		if strings.TrimSpace(s) == want {
			return true
		}
	}
	return false
}

func oauthError(w http.ResponseWriter, code, desc string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	body := map[string]string{"error": code}
	if desc != "" {
		body["error_description"] = desc
	}
	_ = json.NewEncoder(w).Encode(body)
}

func newToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return "eyJraWQiOiJzYW5kYm94In0." + hex.EncodeToString(b)
}

// verify checks a PS256 or ES256 signature with the stdlib, apart from
// the pusher's signer: RSASSA-PSS, SHA-256, salt the hash's length (RFC
// 7518 §3.5); ECDSA P-256 r‖s (§3.4).
func verify(alg string, pub crypto.PublicKey, input, sig []byte) bool {
	sum := sha256.Sum256(input)
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return alg == "PS256" && rsa.VerifyPSS(k, crypto.SHA256, sum[:], sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}) == nil
	case *ecdsa.PublicKey:
		if alg != "ES256" || len(sig) != 64 {
			return false
		}
		return ecdsa.Verify(k, sum[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:]))
	}
	return false
}
