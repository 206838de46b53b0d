// Package wechatpay is the settlement source of WeChat Pay API v3: the
// daily trade bill (/v3/bill/tradebill) or fund flow bill
// (/v3/bill/fundflowbill), asked for and downloaded with requests signed
// WECHATPAY2-SHA256-RSA2048, the answers' signatures checked with the
// platform key, and the file checked against the SHA1 the answer gives
// (docs/adr/0054-settlement-pulls.md).
package wechatpay

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/settlement/pull"
)

// Source is the source's name.
const Source = "wechatpay-bill"

// Setting and secret names.
const (
	SettingMchID   = "wechatpay_mchid"
	SettingSerial  = "wechatpay_serial_no" // the merchant certificate's serial number
	SettingBill    = "wechatpay_bill"      // tradebill (the default) or fundflowbill
	SecretKey      = "wechatpay_private_key"
	SecretPlatform = "wechatpay_platform_key" // the WeChat Pay public key or platform certificate, PEM
)

// DefaultEndpoint is WeChat Pay's API host.
const DefaultEndpoint = "https://api.mch.weixin.qq.com"

var china = time.FixedZone("CST", 8*3600)

var limits = channel.Limits{Rate: 5, Burst: 10}

func init() {
	pull.Register(pull.Kind{Name: Source, Channels: []string{"miniprogram", "web", "pos", "other", "youzan"}, Limits: limits,
		Settings: []string{SettingMchID, SettingSerial}, Secrets: []string{SecretKey, SecretPlatform},
		New: func(cfg pull.Config) (pull.Source, error) { return New(cfg) }})
}

// Bills fetches one merchant's daily bills.
type Bills struct {
	endpoint, mchID, serial, bill string
	key                           *rsa.PrivateKey
	platform                      *rsa.PublicKey
	http                          *channel.Client
	files                         pull.Download // where and how large the bills are written
}

// New builds the source. Errors: a missing setting, a key that does not
// read, a bill other than tradebill or fundflowbill.
func New(cfg pull.Config) (*Bills, error) {
	b := &Bills{endpoint: strings.TrimSuffix(cfg.BaseURL, "/"), mchID: cfg.Settings[SettingMchID], serial: cfg.Settings[SettingSerial],
		bill: cfg.Settings[SettingBill], http: cfg.HTTP, files: cfg.Download(Source, "wechatpay", "")}
	switch {
	case b.mchID == "" || b.serial == "":
		return nil, fmt.Errorf("wechatpay: settings %s and %s are needed", SettingMchID, SettingSerial)
	case b.bill == "":
		b.bill = "tradebill"
	case b.bill != "tradebill" && b.bill != "fundflowbill":
		return nil, fmt.Errorf("wechatpay: setting %s must be tradebill or fundflowbill, not %q", SettingBill, b.bill)
	}
	if b.endpoint == "" {
		b.endpoint = DefaultEndpoint
	}
	var err error
	if b.key, err = ParsePrivateKey(cfg.Secrets[SecretKey]); err != nil {
		return nil, fmt.Errorf("secret %s: %w", SecretKey, err)
	}
	if b.platform, err = ParsePublicKey(cfg.Secrets[SecretPlatform]); err != nil {
		return nil, fmt.Errorf("secret %s: %w", SecretPlatform, err)
	}
	if b.http == nil {
		b.http = pull.NewClient(channel.ClientOptions{Platform: "wechatpay", Limits: limits})
	}
	return b, nil
}

// billAnswer is the bill request's answer.
type billAnswer struct {
	HashType    string `json:"hash_type"`
	HashValue   string `json:"hash_value"`
	DownloadURL string `json:"download_url"`
}

// Fetch calls each with the bill of every day after the cursor (or from
// since) up to yesterday, in China. A day WeChat Pay has no bill for
// (NO_STATEMENT_EXIST) passes with an empty file once it is two days old;
// yesterday's bill not made yet (or still STATEMENT_CREATING) is asked for
// next run.
func (b *Bills) Fetch(ctx context.Context, cursor string, since time.Time, each func(pull.File) error) error {
	day := since.In(china).Format(time.DateOnly)
	if cursor != "" {
		d, err := time.Parse(time.DateOnly, cursor)
		if err != nil {
			return &channel.Error{Kind: channel.Rejected, Platform: "wechatpay", Message: "cursor " + cursor + " is not a day"}
		}
		day = d.AddDate(0, 0, 1).Format(time.DateOnly)
	}
	today := b.http.Now().In(china).Format(time.DateOnly)
	for d := day; d < today; d = next(d) {
		sp, err := b.bill1(ctx, d)
		var ce *channel.Error
		if asError(err, &ce) && (ce.Code == "NO_STATEMENT_EXIST" || ce.Code == "STATEMENT_CREATING") {
			if next(d) >= today || ce.Code == "STATEMENT_CREATING" {
				return nil
			}
			sp, err = nil, nil // no business that day
		}
		if err != nil {
			return err
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
	return each(pull.File{Name: "wechatpay-" + b.bill + "-" + day + ".csv", Format: "wechatpay", Disk: sp, Cursor: day})
}

func next(day string) string {
	d, _ := time.Parse(time.DateOnly, day)
	return d.AddDate(0, 0, 1).Format(time.DateOnly)
}

// bill1 asks for day's bill and downloads it gzipped to a temporary
// file, unzipped on the way and its SHA1 checked.
func (b *Bills) bill1(ctx context.Context, day string) (*pull.Spool, error) {
	q := url.Values{"bill_date": {day}, "tar_type": {"GZIP"}}
	if b.bill == "tradebill" {
		q.Set("bill_type", "ALL")
	} else {
		q.Set("account_type", "BASIC")
	}
	resp, err := b.call(ctx, b.endpoint+"/v3/bill/"+b.bill+"?"+q.Encode(), true)
	if err != nil {
		return nil, err
	}
	var a billAnswer
	if err := json.Unmarshal(resp, &a); err != nil || a.DownloadURL == "" {
		return nil, &channel.Error{Kind: channel.Unavailable, Platform: "wechatpay", Message: "bill answer holds no download_url", Err: err}
	}
	req, err := b.request(ctx, a.DownloadURL)
	if err != nil {
		return nil, err
	}
	dl := b.files
	dl.What, dl.Decode, dl.Hash = "bill of "+day, pull.Gunzip, sha1.New()
	dl.Check = func(*os.File, int64) error { return a.check(dl.Hash.Sum(nil)) }
	return dl.Get(ctx, b.http, req, classify) // the file stream is not signed; its hash is
}

// check compares the bill's SHA1 with the answer's hash_value, which is
// of the bill unzipped.
func (a billAnswer) check(sum []byte) error {
	if !strings.EqualFold(a.HashType, "SHA1") || !strings.EqualFold(hex.EncodeToString(sum), a.HashValue) {
		return errors.New("its SHA1 is not the hash_value WeChat Pay gave")
	}
	return nil
}

// call sends a signed GET; with verify, the answer's signature is checked.
func (b *Bills) call(ctx context.Context, u string, verify bool) ([]byte, error) {
	req, err := b.request(ctx, u)
	if err != nil {
		return nil, err
	}
	resp, err := b.http.Do(ctx, req, classify)
	if err != nil {
		return nil, err
	}
	if verify {
		h := resp.Header
		if err := Verify(b.platform, AnswerMessage(h.Get("Wechatpay-Timestamp"), h.Get("Wechatpay-Nonce"), resp.Body), h.Get("Wechatpay-Signature")); err != nil {
			return nil, &channel.Error{Kind: channel.BadSignature, Platform: "wechatpay", Message: err.Error()}
		}
	}
	return resp.Body, nil
}

// request is a GET of u signed with the merchant key.
func (b *Bills) request(ctx context.Context, u string) (*http.Request, error) {
	pu, err := url.Parse(u)
	if err != nil {
		return nil, &channel.Error{Kind: channel.Rejected, Platform: "wechatpay", Message: "bad url", Err: err}
	}
	nonce := make([]byte, 16)
	_, _ = rand.Read(nonce)
	ts, nc := strconv.FormatInt(b.http.Now().Unix(), 10), strings.ToUpper(hex.EncodeToString(nonce))
	sig, err := Sign(b.key, []byte(Message(http.MethodGet, pu.RequestURI(), ts, nc, "")))
	if err != nil {
		return nil, &channel.Error{Kind: channel.Rejected, Platform: "wechatpay", Message: "cannot sign", Err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, &channel.Error{Kind: channel.Rejected, Platform: "wechatpay", Message: "bad url", Err: err}
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", Authorization(b.mchID, b.serial, nc, ts, sig))
	return req, nil
}

// classify reads WeChat Pay's status and {"code","message"} body.
func classify(status int, h http.Header, body []byte) error {
	if status == http.StatusOK {
		return nil
	}
	var e struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	_ = json.Unmarshal(body, &e)
	ce := &channel.Error{Platform: "wechatpay", Code: e.Code, Message: e.Message}
	if ce.Code == "" {
		ce.Code = strconv.Itoa(status)
	}
	switch {
	case status == http.StatusTooManyRequests || e.Code == "FREQUENCY_LIMITED":
		ce.Kind, ce.RetryAfter = channel.Throttled, channel.ParseRetryAfter(h.Get("Retry-After"), time.Now())
	case status == http.StatusUnauthorized || e.Code == "SIGN_ERROR":
		ce.Kind = channel.Unauthorized
	case status >= 500 || e.Code == "SYSTEM_ERROR":
		ce.Kind = channel.Unavailable
	case status == http.StatusNotFound:
		ce.Kind = channel.NotFound
	default:
		ce.Kind = channel.Rejected
	}
	return ce
}

func asError(err error, out **channel.Error) bool { return errors.As(err, out) }
