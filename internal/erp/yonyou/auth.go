package yonyou

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/erp/erpcall"
)

// Signature is the token request's signature before URL encoding:
// Base64(HmacSHA256(key = appSecret, "appKey" + appKey + "timestamp" +
// timestamp)) — the parameters sorted by name, each name followed by its
// value, signature itself left out. URL-encoding it is the query's job
// (url.Values encodes + / = as Yonyou's URLEncoder does).
func Signature(appKey, appSecret, timestamp string) string {
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write([]byte("appKey" + appKey + "timestamp" + timestamp))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// Envelope is the open-auth services' answer: code "00000" on success.
type Envelope[T any] struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Data    T      `json:"data"`
}

// Gateway is getGatewayAddress's data.
type Gateway struct {
	GatewayURL string `json:"gatewayUrl"`
	TokenURL   string `json:"tokenUrl"`
}

// Token is getAccessToken's data: the token and its life in seconds.
type Token struct {
	AccessToken string `json:"access_token"`
	Expire      int64  `json:"expire"`
}

// DecodeAuth reads an open-auth answer. A code other than "00000" from
// the auth services is Auth (a wrong key, secret or signature, an unknown
// tenant): no voucher can go; a 429 or 5xx is Transient.
func DecodeAuth[T any](status int, body []byte) (T, error) {
	var env Envelope[T]
	if status == http.StatusTooManyRequests || status >= 500 {
		return env.Data, &erpcall.Error{Kind: erpcall.Transient, ERP: Name, Status: status, Message: bounded(string(body))}
	}
	if err := erpcall.Decode(Name, status, body, &env); err != nil {
		return env.Data, err
	}
	if env.Code != "00000" {
		return env.Data, &erpcall.Error{Kind: erpcall.Auth, ERP: Name, Status: status, Code: env.Code, Message: bounded(env.Message)}
	}
	return env.Data, nil
}

// discover finds the tenant's gateway and token service once.
func (c *Client) discover(ctx context.Context) error {
	if c.gateway != "" && c.tokenURL != "" {
		return nil
	}
	u := strings.TrimRight(c.cfg.Discovery, "/") + "/open-auth/dataCenter/getGatewayAddress?" + url.Values{"tenantId": {c.cfg.TenantID}}.Encode()
	status, body, err := c.get(ctx, u)
	if err != nil {
		return err
	}
	g, err := DecodeAuth[Gateway](status, body)
	if err != nil {
		return err
	}
	if g.GatewayURL == "" || g.TokenURL == "" {
		return &erpcall.Error{Kind: erpcall.Auth, ERP: Name, Message: "no gateway for tenant " + c.cfg.TenantID}
	}
	c.gateway, c.tokenURL = strings.TrimRight(g.GatewayURL, "/"), strings.TrimRight(g.TokenURL, "/")
	return nil
}

// accessToken returns a token good for a minute more, fetching a new one
// when the kept one is missing or about to expire (Yonyou's last 2 h).
func (c *Client) accessToken(ctx context.Context) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.cfg.Now()
	if c.token != "" && now.Add(time.Minute).Before(c.expires) {
		return c.token, nil
	}
	if err := c.discover(ctx); err != nil {
		return "", err
	}
	ts := strconv.FormatInt(now.UnixMilli(), 10)
	q := url.Values{"appKey": {c.cfg.AppKey}, "timestamp": {ts}, "signature": {Signature(c.cfg.AppKey, c.cfg.AppSecret, ts)}}
	status, body, err := c.get(ctx, c.tokenURL+"/open-auth/selfAppAuth/getAccessToken?"+q.Encode())
	if err != nil {
		return "", err
	}
	t, err := DecodeAuth[Token](status, body)
	if err != nil {
		return "", err
	}
	if t.AccessToken == "" {
		return "", &erpcall.Error{Kind: erpcall.Transient, ERP: Name, Status: status, Message: "token answer without access_token"}
	}
	life := time.Duration(t.Expire) * time.Second
	if life <= 0 {
		life = 2 * time.Hour
	}
	c.token, c.expires = t.AccessToken, now.Add(life)
	return c.token, nil
}

// forget drops a token the gateway refused.
func (c *Client) forget(token string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token == token {
		c.token = ""
	}
}

func (c *Client) get(ctx context.Context, u string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, nil, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, erpcall.Transport(Name, err)
	}
	body, err := erpcall.ReadBody(Name, resp)
	return resp.StatusCode, body, err
}

func bounded(s string) string {
	if len(s) > 500 {
		return s[:500]
	}
	return s
}
