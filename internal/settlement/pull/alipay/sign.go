package alipay

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// Content is the string Alipay's RSA2 signs: every parameter but sign
// that has a value, sorted by name, as name=value joined by &, the values
// not URL-escaped.
func Content(params url.Values) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "sign" && params.Get(k) != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k + "=" + params.Get(k))
	}
	return b.String()
}

// Sign is RSA2: SHA256withRSA (PKCS #1 v1.5) of content, base64.
func Sign(key *rsa.PrivateKey, content string) (string, error) {
	sum := sha256.Sum256([]byte(content))
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", fmt.Errorf("alipay: sign: %w", err)
	}
	return base64.StdEncoding.EncodeToString(sig), nil
}

// Verify checks an RSA2 signature of content with Alipay's public key.
func Verify(key *rsa.PublicKey, content []byte, sign string) error {
	sig, err := base64.StdEncoding.DecodeString(sign)
	if err != nil {
		return fmt.Errorf("alipay: the signature is not base64: %w", err)
	}
	sum := sha256.Sum256(content)
	if err := rsa.VerifyPKCS1v15(key, crypto.SHA256, sum[:], sig); err != nil {
		return errors.New("alipay: the answer's signature does not verify with Alipay's public key")
	}
	return nil
}

// ParsePrivateKey reads the app's private key: PEM (PKCS #8 or PKCS #1),
// or the bare base64 body Alipay's key tool writes.
func ParsePrivateKey(s string) (*rsa.PrivateKey, error) {
	der, err := keyDER(s)
	if err != nil {
		return nil, err
	}
	if k, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("alipay: the private key is neither PKCS #8 nor PKCS #1: %w", err)
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, errors.New("alipay: the private key is not an RSA key")
	}
	return rk, nil
}

// ParsePublicKey reads Alipay's public key: PEM or bare base64 (PKIX).
func ParsePublicKey(s string) (*rsa.PublicKey, error) {
	der, err := keyDER(s)
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, fmt.Errorf("alipay: the public key is not a PKIX key: %w", err)
	}
	rk, ok := k.(*rsa.PublicKey)
	if !ok {
		return nil, errors.New("alipay: the public key is not an RSA key")
	}
	return rk, nil
}

func keyDER(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if b, _ := pem.Decode([]byte(s)); b != nil {
		return b.Bytes, nil
	}
	der, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		return nil, errors.New("alipay: the key is neither PEM nor base64")
	}
	return der, nil
}

// Answer is a gateway answer, split: the raw bytes of the method's
// response object (what Alipay signed) and the signature.
type Answer struct {
	Raw  json.RawMessage
	Sign string
}

// ReadAnswer reads the gateway's JSON answer to method: the value of
// "<method with _ for .>_response" (or "error_response", which Alipay
// sends when it cannot read the request) exactly as sent, and "sign".
func ReadAnswer(body []byte, method string) (Answer, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil {
		return Answer{}, fmt.Errorf("alipay: the answer is not a JSON object: %w", err)
	}
	raw, ok := top[strings.ReplaceAll(method, ".", "_")+"_response"]
	if !ok {
		raw, ok = top["error_response"]
	}
	if !ok || len(raw) == 0 || raw[0] != '{' {
		return Answer{}, fmt.Errorf("alipay: the answer holds no %s_response object", strings.ReplaceAll(method, ".", "_"))
	}
	var sign string
	if s, ok := top["sign"]; ok {
		if err := json.Unmarshal(s, &sign); err != nil {
			return Answer{}, fmt.Errorf("alipay: the answer's sign is not a string: %w", err)
		}
	}
	return Answer{Raw: raw, Sign: sign}, nil
}
