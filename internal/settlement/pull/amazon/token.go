package amazon

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
)

// tokenAnswer is LWA's answer to the refresh_token grant.
type tokenAnswer struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"`
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

// early is how long before its expiry a token is refreshed, so a call
// never leaves with one that dies on the way.
const early = time.Minute

// accessToken returns a live access token, refreshing it with the
// seller's refresh token when it is missing or about to expire.
func (r *Reports) accessToken(ctx context.Context) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.http.Now()
	if r.token != "" && now.Before(r.expires) {
		return r.token, nil
	}
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {r.refresh}, "client_id": {r.clientID}, "client_secret": {r.secret}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", &channel.Error{Kind: channel.Rejected, Platform: "amazon", Message: "bad token endpoint", Err: err}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
	resp, err := r.http.Do(ctx, req, classifyToken)
	if err != nil {
		return "", err
	}
	var a tokenAnswer
	if err := json.Unmarshal(resp.Body, &a); err != nil || a.AccessToken == "" {
		return "", &channel.Error{Kind: channel.Unavailable, Platform: "amazon", Message: "token: answer holds no access_token", Err: err}
	}
	r.token, r.expires = a.AccessToken, now.Add(time.Duration(a.ExpiresIn)*time.Second-early)
	return r.token, nil
}

// forget drops the access token, after SP-API refused it.
func (r *Reports) forget() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.token = ""
}

// classifyToken reads LWA's answer: invalid_grant and invalid_client mean
// the seller's authorization or the app's credentials are wrong.
func classifyToken(status int, h http.Header, body []byte) error {
	if status == http.StatusOK {
		return nil
	}
	var a tokenAnswer
	_ = json.Unmarshal(body, &a)
	e := &channel.Error{Platform: "amazon", Code: a.Error, Message: "token: " + clip(a.Description)}
	if e.Code == "" {
		e.Code = strconv.Itoa(status)
	}
	switch {
	case status == http.StatusTooManyRequests:
		e.Kind, e.RetryAfter = channel.Throttled, retryAfter(h)
	case status >= 500:
		e.Kind = channel.Unavailable
	case a.Error == "invalid_grant" || a.Error == "invalid_client" || a.Error == "unauthorized_client" || status == http.StatusUnauthorized:
		e.Kind = channel.Unauthorized
	default:
		e.Kind = channel.Rejected
	}
	return e
}
