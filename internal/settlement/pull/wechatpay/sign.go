package wechatpay

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
)

// Message is what WeChat Pay v3 signs for a request: the method, the path
// with its query, the unix timestamp, the nonce and the body, each ended
// by a line feed.
func Message(method, pathQuery, timestamp, nonce, body string) string {
	return method + "\n" + pathQuery + "\n" + timestamp + "\n" + nonce + "\n" + body + "\n"
}

// AnswerMessage is what WeChat Pay signs for an answer: its
// Wechatpay-Timestamp, Wechatpay-Nonce and body, each ended by a line feed.
func AnswerMessage(timestamp, nonce string, body []byte) []byte {
	return []byte(timestamp + "\n" + nonce + "\n" + string(body) + "\n")
}

// Sign is SHA256withRSA (PKCS #1 v1.5) of msg, base64.
func Sign(key *rsa.PrivateKey, msg []byte) (string, error) {
	sum := sha256.Sum256(msg)
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", fmt.Errorf("wechatpay: sign: %w", err)
	}
	return base64.StdEncoding.EncodeToString(sig), nil
}

// Verify checks a base64 SHA256withRSA signature of msg.
func Verify(key *rsa.PublicKey, msg []byte, sign string) error {
	sig, err := base64.StdEncoding.DecodeString(sign)
	if err != nil {
		return errors.New("wechatpay: the signature is not base64")
	}
	sum := sha256.Sum256(msg)
	if rsa.VerifyPKCS1v15(key, crypto.SHA256, sum[:], sig) != nil {
		return errors.New("wechatpay: the answer's signature does not verify with the platform key")
	}
	return nil
}

// Authorization is the request's Authorization header value.
func Authorization(mchID, serial, nonce, timestamp, signature string) string {
	return fmt.Sprintf(`WECHATPAY2-SHA256-RSA2048 mchid="%s",nonce_str="%s",signature="%s",timestamp="%s",serial_no="%s"`,
		mchID, nonce, signature, timestamp, serial)
}

// ParseAuthorization reads an Authorization header into its fields;
// ok is false when it is not WECHATPAY2-SHA256-RSA2048.
func ParseAuthorization(h string) (map[string]string, bool) {
	rest, ok := strings.CutPrefix(h, "WECHATPAY2-SHA256-RSA2048 ")
	if !ok {
		return nil, false
	}
	out := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
			return nil, false
		}
		out[k] = v[1 : len(v)-1]
	}
	return out, true
}

// ParsePrivateKey reads a PEM private key (PKCS #8, as the merchant
// certificate tool writes it, or PKCS #1).
func ParsePrivateKey(s string) (*rsa.PrivateKey, error) {
	b, _ := pem.Decode([]byte(strings.TrimSpace(s)))
	if b == nil {
		return nil, errors.New("wechatpay: the private key is not PEM")
	}
	if k, err := x509.ParsePKCS1PrivateKey(b.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
	if rk, ok := k.(*rsa.PrivateKey); err == nil && ok {
		return rk, nil
	}
	return nil, errors.New("wechatpay: the private key is not an RSA PKCS #8 or #1 key")
}

// ParsePublicKey reads the platform's public key: a PEM public key (the
// WeChat Pay public key) or certificate (a platform certificate).
func ParsePublicKey(s string) (*rsa.PublicKey, error) {
	b, _ := pem.Decode([]byte(strings.TrimSpace(s)))
	if b == nil {
		return nil, errors.New("wechatpay: the platform key is not PEM")
	}
	var k any
	var err error
	if b.Type == "CERTIFICATE" {
		var c *x509.Certificate
		if c, err = x509.ParseCertificate(b.Bytes); err == nil {
			k = c.PublicKey
		}
	} else {
		k, err = x509.ParsePKIXPublicKey(b.Bytes)
	}
	if rk, ok := k.(*rsa.PublicKey); err == nil && ok {
		return rk, nil
	}
	return nil, errors.New("wechatpay: the platform key is not an RSA public key or certificate")
}
