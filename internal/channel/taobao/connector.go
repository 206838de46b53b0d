package taobao

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
)

// DefaultBaseURL is TOP's production router.
const DefaultBaseURL = "https://gw.api.taobao.com/router/rest"

// limits is the rate a shop's calls are held to. TOP grants each app a QPS
// (and daily quotas per API) in its console, with no default figure in any
// source we read; 5 calls a second is chosen below what small apps are
// granted, so one shop cannot use up an app shared by many (ADR 0030).
var limits = channel.Limits{Rate: 5, Burst: 5}

func init() {
	channel.Register(channel.Platform{
		Name:     platform,
		Channels: []string{"taobao", "tmall"},
		Limits:   limits,
		Settings: []string{"app_key"},
		Secrets:  []string{"app_secret", "session"},
		New:      func(c channel.Config) (channel.Connector, error) { return New(c) },
	})
}

// CompareAndSet reports that TOP has no compare-and-set for stock: a push
// with Expected becomes a delta (taobao.item.quantity.update type=2), never
// a Conflict.
const CompareAndSet = false

// Connector is one Taobao or Tmall shop's TOP client. It implements
// channel.Connector and Decrypter.
type Connector struct {
	cfg      channel.Config
	appKey   string
	secret   string
	session  string
	method   SignMethod
	baseURL  string
	pageSize int
	http     *channel.Client
	now      func() time.Time
}

// New builds a shop's connector. Settings: app_key (required), sign_method
// (md5, hmac or hmac-sha256, the default), page_size (1–100, default 100).
// Secrets: app_secret and session (the seller's access token).
func New(c channel.Config) (*Connector, error) {
	k := &Connector{cfg: c, appKey: c.Settings["app_key"], secret: c.Secrets["app_secret"], session: c.Secrets["session"],
		method: SignHMACSHA256, baseURL: c.BaseURL, pageSize: 100, http: c.HTTP}
	for name, v := range map[string]string{"setting app_key": k.appKey, "secret app_secret": k.secret, "secret session": k.session} {
		if v == "" {
			return nil, fmt.Errorf("taobao: shop %s has no %s", c.Shop, name)
		}
	}
	if s := c.Settings["sign_method"]; s != "" {
		m, err := ParseSignMethod(s)
		if err != nil {
			return nil, err
		}
		k.method = m
	}
	if s := c.Settings["page_size"]; s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			return nil, fmt.Errorf("taobao: page_size %q must be a whole number from 1 to 100", s)
		}
		k.pageSize = n
	}
	if k.baseURL == "" {
		k.baseURL = DefaultBaseURL
	}
	if k.http == nil {
		k.http = channel.NewClient(channel.ClientOptions{Platform: platform, Limits: limits})
	}
	k.now = k.http.Now
	return k, nil
}

// call sends one TOP method with its business params and returns the body
// of its success envelope. Errors: *channel.Error of every kind Classify
// gives (classify.go).
func (k *Connector) call(ctx context.Context, method string, params url.Values) ([]byte, error) {
	form, err := k.signed(method, params)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, k.baseURL, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, &channel.Error{Kind: channel.Rejected, Platform: platform, Message: "bad base URL", Err: err}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
	resp, err := k.http.Do(ctx, req, classifier(k.secret, k.session))
	if err != nil {
		return nil, err
	}
	return unwrap(method, resp.Body)
}

// signed adds TOP's public params to params and signs the lot.
func (k *Connector) signed(method string, params url.Values) (url.Values, error) {
	form := url.Values{}
	for name, vs := range params {
		form[name] = vs
	}
	form.Set("method", method)
	form.Set("app_key", k.appKey)
	form.Set("session", k.session)
	form.Set("timestamp", FormatTime(k.now()))
	form.Set("v", "2.0")
	form.Set("format", "json")
	form.Set("simplify", "false")
	form.Set("sign_method", string(k.method))
	sign, err := Sign(k.method, k.secret, form)
	if err != nil {
		return nil, &channel.Error{Kind: channel.Rejected, Platform: platform, Message: err.Error()}
	}
	form.Set("sign", sign)
	return form, nil
}

// VerifyWebhook refuses: TOP pushes through TMC, a websocket channel the
// app connects to, not HTTP requests to fnshub. The sync engine pulls TOP
// shops instead.
func (k *Connector) VerifyWebhook(http.Header, []byte) (channel.Message, error) {
	return channel.Message{}, noWebhooks()
}

// ReadWebhook refuses, as VerifyWebhook does.
func (k *Connector) ReadWebhook(channel.Message, []byte) ([]channel.Order, error) {
	return nil, noWebhooks()
}

func noWebhooks() error {
	return &channel.Error{Kind: channel.Rejected, Platform: platform,
		Message: "TOP pushes through TMC (a websocket channel), not HTTP webhooks; TOP shops are pulled"}
}
