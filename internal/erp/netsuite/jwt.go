package netsuite

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"time"
)

// Claims are the assertion's payload (section_162790605110): iss the
// client id, scope the comma-separated scopes, aud the token endpoint,
// iat and exp in Unix seconds, exp at most an hour after iat.
type Claims struct {
	Iss   string `json:"iss"`
	Scope string `json:"scope"`
	Aud   string `json:"aud"`
	Exp   int64  `json:"exp"`
	Iat   int64  `json:"iat"`
}

// Header is the assertion's JOSE header: typ JWT, alg PS256 or ES256, kid
// the certificate id.
type Header struct {
	Typ string `json:"typ"`
	Alg string `json:"alg"`
	Kid string `json:"kid"`
}

// Scope is what the pusher asks for: the REST web services only.
const Scope = "rest_webservices"

// assertionLife is how long an assertion is good for; NetSuite takes up
// to 60 minutes, and a short one limits a leaked assertion's use.
const assertionLife = 5 * time.Minute

// Assertion signs the client-credentials JWT for now.
func Assertion(key crypto.Signer, kid, clientID, aud string, now time.Time) (string, error) {
	alg, err := algOf(key)
	if err != nil {
		return "", err
	}
	h, _ := json.Marshal(Header{Typ: "JWT", Alg: alg, Kid: kid})
	p, _ := json.Marshal(Claims{Iss: clientID, Scope: Scope, Aud: aud, Iat: now.Unix(), Exp: now.Add(assertionLife).Unix()})
	input := b64(h) + "." + b64(p)
	sig, err := Sign(key, []byte(input))
	if err != nil {
		return "", err
	}
	return input + "." + b64(sig), nil
}

func algOf(key crypto.Signer) (string, error) {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		return "PS256", nil
	case *ecdsa.PrivateKey:
		if k.Curve.Params().BitSize != 256 {
			return "", errors.New("netsuite: an EC certificate key must be on P-256 for ES256")
		}
		return "ES256", nil
	default:
		return "", errors.New("netsuite: the certificate key must be RSA (PS256) or ECDSA P-256 (ES256)")
	}
}

// Sign signs input as the key's JWS algorithm does: RSASSA-PSS with
// SHA-256 and a salt the hash's length (PS256, RFC 7518 §3.5), or ECDSA
// P-256 with SHA-256 as r‖s, 32 bytes each (ES256, §3.4).
func Sign(key crypto.Signer, input []byte) ([]byte, error) {
	sum := sha256.Sum256(input)
	switch k := key.(type) {
	case *rsa.PrivateKey:
		return rsa.SignPSS(rand.Reader, k, crypto.SHA256, sum[:], &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
	case *ecdsa.PrivateKey:
		r, s, err := ecdsa.Sign(rand.Reader, k, sum[:])
		if err != nil {
			return nil, err
		}
		out := make([]byte, 64)
		r.FillBytes(out[:32])
		s.FillBytes(out[32:])
		return out, nil
	default:
		_, err := algOf(key)
		return nil, err
	}
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
