package netsuite

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/erp/erpcall"
)

// TokenAnswer is the token endpoint's answer: access_token, expires_in in
// seconds (NetSuite writes it as a string; a number is taken too) and
// token_type "bearer"; or, refused, error and error_description.
type TokenAnswer struct {
	AccessToken string          `json:"access_token"`
	ExpiresIn   json.RawMessage `json:"expires_in"`
	TokenType   string          `json:"token_type"`
	Error       string          `json:"error"`
	Description string          `json:"error_description"`
}

// Seconds is expires_in, string or number; 0 when absent or not a count.
func (a TokenAnswer) Seconds() int64 {
	s := strings.Trim(string(a.ExpiresIn), `"`)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// DecodeToken reads the token endpoint's answer. Any refusal but a 429 or
// 5xx is Auth: the credentials, the certificate or the integration record
// are wrong, and no voucher can go.
func DecodeToken(status int, body []byte) (TokenAnswer, error) {
	var a TokenAnswer
	if status == http.StatusOK {
		if err := erpcall.Decode(Name, status, body, &a); err != nil {
			return a, err
		}
		if a.AccessToken == "" {
			return a, &erpcall.Error{Kind: erpcall.Transient, ERP: Name, Status: status, Message: "token answer without access_token"}
		}
		return a, nil
	}
	_ = json.Unmarshal(body, &a)
	kind := erpcall.ByStatus(status)
	if kind == erpcall.Refused {
		kind = erpcall.Auth
	}
	msg := a.Error
	if a.Description != "" {
		msg += ": " + a.Description
	}
	if msg == "" {
		msg = bounded(string(body))
	}
	return a, &erpcall.Error{Kind: kind, ERP: Name, Status: status, Code: a.Error, Message: msg}
}

// bearer returns a token good for a minute more, fetching one when the
// cached one is missing or about to expire; fresh says it was fetched
// now.
func (c *Client) bearer(ctx context.Context) (token string, fresh bool, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.cfg.Now()
	if c.token != "" && now.Add(time.Minute).Before(c.expires) {
		return c.token, false, nil
	}
	token, err = c.fetchToken(ctx, now)
	return token, err == nil, err
}

// fetchToken trades a fresh assertion for a token and caches it.
func (c *Client) fetchToken(ctx context.Context, now time.Time) (string, error) {
	assertion, err := Assertion(c.cfg.Key, c.cfg.CertificateID, c.cfg.ClientID, c.TokenURL(), now)
	if err != nil {
		return "", &erpcall.Error{Kind: erpcall.Auth, ERP: Name, Code: "assertion", Message: err.Error()}
	}
	form := url.Values{
		"grant_type":            {"client_credentials"},
		"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
		"client_assertion":      {assertion},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.TokenURL(), strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.http.Do(req)
	if err != nil {
		return "", erpcall.Transport(Name, err)
	}
	body, err := erpcall.ReadBody(Name, resp)
	if err != nil {
		return "", err
	}
	a, err := DecodeToken(resp.StatusCode, body)
	if err != nil {
		return "", err
	}
	life := time.Duration(a.Seconds()) * time.Second
	if life == 0 {
		life = 30 * time.Minute
	}
	c.token, c.expires = a.AccessToken, now.Add(life)
	return c.token, nil
}

// forget drops the cached token after the record API refused it.
func (c *Client) forget(token string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token == token {
		c.token = ""
	}
}

func bounded(s string) string {
	if len(s) > 500 {
		return s[:500]
	}
	return s
}
