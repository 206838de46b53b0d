// Package alipay is the settlement source of Alipay's open platform: the
// daily merchant bill, whose download address
// alipay.data.dataservice.bill.downloadurl.query hands out, over the
// gateway's RSA2-signed requests, the answer's signature checked with
// Alipay's public key (docs/adr/0054-settlement-pulls.md).
package alipay

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/settlement/pull"
)

// Source is the source's name.
const Source = "alipay-bill"

// Method is the gateway method asking for a bill's download address.
const Method = "alipay.data.dataservice.bill.downloadurl.query"

// Setting and secret names.
const (
	SettingAppID    = "alipay_app_id"
	SettingBillType = "alipay_bill_type" // signcustomer (账务明细, every balance movement; the default) or trade (业务明细)
	SettingGateway  = "alipay_gateway"   // DefaultGateway when unset
	SecretKey       = "alipay_private_key"
	SecretPublic    = "alipay_public_key" // Alipay's, to check its answers
)

// DefaultGateway is Alipay's production gateway.
const DefaultGateway = "https://openapi.alipay.com/gateway.do"

// china is the zone Alipay's timestamps and bill days are in.
var china = time.FixedZone("CST", 8*3600)

// limits: the gateway publishes no per-merchant rate for this method; a
// pull asks once a day of bills.
var limits = channel.Limits{Rate: 2, Burst: 10}

func init() {
	pull.Register(pull.Kind{Name: Source, Channels: []string{"taobao", "tmall", "web", "miniprogram", "pos", "other"}, Limits: limits,
		Settings: []string{SettingAppID}, Secrets: []string{SecretKey, SecretPublic},
		New: func(cfg pull.Config) (pull.Source, error) { return New(cfg) }})
}

// Bills fetches one merchant's daily bills.
type Bills struct {
	gateway  string
	appID    string
	billType string
	key      *rsa.PrivateKey
	public   *rsa.PublicKey
	http     *channel.Client
	files    pull.Download // where and how large the bills are written
}

// New builds the source. Errors: a missing app id, a key that does not
// read, a bill type other than trade or signcustomer.
func New(cfg pull.Config) (*Bills, error) {
	b := &Bills{appID: cfg.Settings[SettingAppID], billType: cfg.Settings[SettingBillType], gateway: cfg.Settings[SettingGateway], http: cfg.HTTP,
		files: cfg.Download(Source, "alipay", "")}
	if b.appID == "" {
		return nil, fmt.Errorf("alipay: setting %s is missing", SettingAppID)
	}
	if b.billType == "" {
		b.billType = "signcustomer"
	}
	if b.billType != "signcustomer" && b.billType != "trade" {
		return nil, fmt.Errorf("alipay: setting %s must be signcustomer or trade, not %q", SettingBillType, b.billType)
	}
	if base := strings.TrimSuffix(cfg.BaseURL, "/"); base != "" {
		b.gateway = base + "/gateway.do"
	}
	if b.gateway == "" {
		b.gateway = DefaultGateway
	}
	var err error
	if b.key, err = ParsePrivateKey(cfg.Secrets[SecretKey]); err != nil {
		return nil, fmt.Errorf("secret %s: %w", SecretKey, err)
	}
	if b.public, err = ParsePublicKey(cfg.Secrets[SecretPublic]); err != nil {
		return nil, fmt.Errorf("secret %s: %w", SecretPublic, err)
	}
	if b.http == nil {
		b.http = pull.NewClient(channel.ClientOptions{Platform: "alipay", Limits: limits})
	}
	return b, nil
}

// billAnswer is the method's response object.
type billAnswer struct {
	Code    string `json:"code"`
	Msg     string `json:"msg"`
	SubCode string `json:"sub_code"`
	SubMsg  string `json:"sub_msg"`
	URL     string `json:"bill_download_url"`
}

// Fetch calls each with the bill of every day after the cursor (a day,
// yyyy-mm-dd in China) or from since, up to yesterday: Alipay makes a
// day's bill the next morning. A day Alipay has no bill for (no
// business) passes with an empty file, which only moves the cursor, once
// it is two days old; yesterday's missing bill is asked for next run.
func (b *Bills) Fetch(ctx context.Context, cursor string, since time.Time, each func(pull.File) error) error {
	day := since.In(china)
	if cursor != "" {
		d, err := time.ParseInLocation(time.DateOnly, cursor, china)
		if err != nil {
			return &channel.Error{Kind: channel.Rejected, Platform: "alipay", Message: "cursor " + cursor + " is not a day"}
		}
		day = d.AddDate(0, 0, 1)
	}
	today := b.http.Now().In(china).Format(time.DateOnly)
	for d := day.Format(time.DateOnly); d < today; d = next(d) {
		a, err := b.query(ctx, d)
		if err != nil {
			return err
		}
		var sp *pull.Spool
		switch {
		case a.Code == "10000" && a.URL != "":
			if sp, err = b.download(ctx, d, a.URL); err != nil {
				return err
			}
		case noBill(a) && next(d) < today:
			// nothing happened that day: an empty file moves the cursor
		case noBill(a):
			return nil // yesterday's bill is not made yet: asked for again next run
		default:
			return answerError(a)
		}
		if err := b.pass(d, sp, each); err != nil {
			return err
		}
	}
	return nil
}

// pass calls each with day's bill (none: nil), its temporary file removed
// once each returns.
func (b *Bills) pass(day string, sp *pull.Spool, each func(pull.File) error) error {
	if sp != nil {
		defer sp.Remove()
	}
	return each(pull.File{Name: "alipay-" + b.billType + "-" + day + ".zip", Format: "alipay", Disk: sp, Cursor: day})
}

func next(day string) string {
	d, _ := time.Parse(time.DateOnly, day)
	return d.AddDate(0, 0, 1).Format(time.DateOnly)
}

// noBill reports the answer that a day has no bill.
func noBill(a billAnswer) bool {
	return a.SubCode == "isp.bill_not_exist" || a.SubCode == "isv.bill_not_exist"
}

func answerError(a billAnswer) error {
	e := &channel.Error{Platform: "alipay", Code: a.Code, Message: a.SubCode + " " + a.SubMsg}
	switch {
	case a.Code == "20000" || strings.HasPrefix(a.SubCode, "isp."):
		e.Kind = channel.Unavailable // the gateway or the service is down
	case a.Code == "20001" || a.Code == "40006" || strings.Contains(a.SubCode, "invalid-signature") || strings.Contains(a.SubCode, "invalid-app-id"):
		e.Kind = channel.Unauthorized // the app's keys or its authorization
	default:
		e.Kind = channel.Rejected
	}
	return e
}

// query sends the signed gateway request for day's bill and checks the
// answer's signature.
func (b *Bills) query(ctx context.Context, day string) (billAnswer, error) {
	biz, _ := json.Marshal(map[string]string{"bill_type": b.billType, "bill_date": day})
	params := url.Values{"app_id": {b.appID}, "method": {Method}, "format": {"JSON"}, "charset": {"utf-8"}, "sign_type": {"RSA2"},
		"timestamp": {b.http.Now().In(china).Format(time.DateTime)}, "version": {"1.0"}, "biz_content": {string(biz)}}
	sig, err := Sign(b.key, Content(params))
	if err != nil {
		return billAnswer{}, &channel.Error{Kind: channel.Rejected, Platform: "alipay", Message: "cannot sign the request", Err: err}
	}
	params.Set("sign", sig)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.gateway+"?charset=utf-8", strings.NewReader(params.Encode()))
	if err != nil {
		return billAnswer{}, &channel.Error{Kind: channel.Rejected, Platform: "alipay", Message: "bad gateway address", Err: err}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
	resp, err := b.http.Do(ctx, req, classifyHTTP)
	if err != nil {
		return billAnswer{}, err
	}
	ans, err := ReadAnswer(resp.Body, Method)
	if err != nil {
		return billAnswer{}, &channel.Error{Kind: channel.Unavailable, Platform: "alipay", Message: "gateway answer", Err: err}
	}
	var a billAnswer
	if err := json.Unmarshal(ans.Raw, &a); err != nil {
		return billAnswer{}, &channel.Error{Kind: channel.Unavailable, Platform: "alipay", Message: "gateway answer", Err: err}
	}
	// Alipay signs its successful answers and most refusals; an answer
	// without a sign is only believed when it is a refusal.
	if ans.Sign != "" || a.Code == "10000" {
		if err := Verify(b.public, ans.Raw, ans.Sign); err != nil {
			return billAnswer{}, &channel.Error{Kind: channel.BadSignature, Platform: "alipay", Message: err.Error()}
		}
	}
	return a, nil
}

// download fetches day's bill ZIP to a temporary file and checks it
// whole: its directory, at the end, and each member's CRC.
func (b *Bills) download(ctx context.Context, day, u string) (*pull.Spool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, &channel.Error{Kind: channel.Unavailable, Platform: "alipay", Message: "bill_download_url does not read", Err: err}
	}
	dl := b.files
	dl.What = "bill of " + day
	dl.Check = func(f *os.File, size int64) error { return checkZip(f, size, dl) }
	return dl.Get(ctx, b.http, req, classifyHTTP)
}

// classifyHTTP reads the gateway's and the bill store's HTTP status; the
// gateway's own refusals come in a 200 and are read by query.
func classifyHTTP(status int, h http.Header, body []byte) error {
	switch {
	case status == http.StatusOK:
		return nil
	case status == http.StatusTooManyRequests:
		return &channel.Error{Kind: channel.Throttled, Platform: "alipay", Code: "429", RetryAfter: channel.ParseRetryAfter(h.Get("Retry-After"), time.Now())}
	case status >= 500:
		return &channel.Error{Kind: channel.Unavailable, Platform: "alipay", Code: fmt.Sprint(status)}
	}
	return &channel.Error{Kind: channel.Rejected, Platform: "alipay", Code: fmt.Sprint(status)}
}
