package wechatpay_test

import (
	"bytes"
	"context"
	"crypto/rsa"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	simwx "github.com/fnshub/fnshub/internal/sandbox/wechatpay"
	"github.com/fnshub/fnshub/internal/settlement/pull"
	"github.com/fnshub/fnshub/internal/settlement/pull/pulltest"
	"github.com/fnshub/fnshub/internal/settlement/pull/wechatpay"
)

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func priv(t *testing.T, name string) *rsa.PrivateKey {
	k, err := wechatpay.ParsePrivateKey(readFile(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func pub(t *testing.T, name string) *rsa.PublicKey {
	k, err := wechatpay.ParsePublicKey(readFile(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestSign_GoldenVector: the Authorization signature of a tradebill
// request, computed by openssl over the documented message, is Sign's.
func TestSign_GoldenVector(t *testing.T) {
	msg := wechatpay.Message("GET", "/v3/bill/tradebill?bill_date=2026-03-01&bill_type=ALL&tar_type=GZIP", "1772330400", "593BEC0C930BF1AFEB40B4A08C8FB242", "")
	if msg != readFile(t, "auth_message.txt") {
		t.Fatalf("message %q", msg)
	}
	sig, err := wechatpay.Sign(priv(t, "merchant_private_key.pem"), []byte(msg))
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSpace(readFile(t, "auth_message.golden")); sig != want {
		t.Fatalf("signature %s, want openssl's %s", sig, want)
	}
	h := wechatpay.Authorization("1900000001", "SERIAL", "593BEC0C930BF1AFEB40B4A08C8FB242", "1772330400", sig)
	f, ok := wechatpay.ParseAuthorization(h)
	if !ok || f["signature"] != sig || f["mchid"] != "1900000001" || f["serial_no"] != "SERIAL" {
		t.Fatalf("%s read back as %v", h, f)
	}
}

type fixed struct{ t time.Time }

func (f fixed) Now() time.Time                                   { return f.t }
func (f fixed) Wall(time.Duration) time.Duration                 { return 0 }
func (f fixed) Sleep(ctx context.Context, d time.Duration) error { return ctx.Err() }

var now = time.Date(2026, 3, 4, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

func rig(t *testing.T, platformKey string) (*simwx.Merchant, *wechatpay.Bills) {
	t.Helper()
	return rigIn(t, platformKey, pull.Config{})
}

// rigIn is rig with cfg's cap and download directory.
func rigIn(t *testing.T, platformKey string, cfg pull.Config) (*simwx.Merchant, *wechatpay.Bills) {
	t.Helper()
	m := simwx.New(simwx.Options{MerchantPublic: pub(t, "merchant_public_key.pem"), Platform: priv(t, "platform_private_key.pem"),
		Now: func() time.Time { return now }})
	srv := httptest.NewServer(m.Handler())
	t.Cleanup(srv.Close)
	cfg.BaseURL, cfg.Settings = srv.URL, map[string]string{wechatpay.SettingMchID: m.MchID(), wechatpay.SettingSerial: m.Serial()}
	cfg.Secrets = map[string]string{wechatpay.SecretKey: readFile(t, "merchant_private_key.pem"), wechatpay.SecretPlatform: readFile(t, platformKey)}
	cfg.HTTP = pull.NewClient(channel.ClientOptions{Platform: "wechatpay", MaxAttempts: 1, Clock: fixed{now}})
	b, err := wechatpay.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m, b
}

func fetch(t *testing.T, b *wechatpay.Bills, cursor string) ([]pull.File, error) {
	var files []pull.File
	err := b.Fetch(context.Background(), cursor, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), func(f pull.File) error {
		f.Body, f.Disk = pulltest.Content(t, f), nil // read while the source still has it
		files = append(files, f)
		return nil
	})
	return files, err
}

func TestBills_FetchVerifiesAndUnzips(t *testing.T) {
	m, b := rig(t, "platform_public_key.pem")
	m.AddBill("tradebill", "2026-03-01", []byte("交易时间,微信订单号\n`2026-03-01 10:00:00,`42000\n"))
	files, err := fetch(t, b, "")
	if err != nil {
		t.Fatal(err)
	}
	// The 1st has a bill, the 2nd none (passed over); the 3rd is yesterday.
	if len(files) != 2 || files[0].Cursor != "2026-03-01" || !bytes.HasPrefix(files[0].Body, []byte("交易时间")) || files[1].Cursor != "2026-03-02" || len(files[1].Body) != 0 {
		t.Fatalf("%+v", files)
	}
}

func TestBills_DamagedDownloadFailsTheHashCheck(t *testing.T) {
	m, b := rig(t, "platform_public_key.pem")
	m.AddBill("tradebill", "2026-03-01", []byte("交易时间\n"))
	m.Corrupt(true)
	if files, err := fetch(t, b, ""); channel.KindOf(err) != channel.Unavailable || len(files) != 0 || !strings.Contains(err.Error(), "SHA1") {
		t.Fatalf("want Unavailable naming the SHA1 and no file, got %v %d", err, len(files))
	}
}

func TestBills_AnswerOfAnotherKeyIsRefused(t *testing.T) {
	m, b := rig(t, "merchant_public_key.pem")
	m.AddBill("tradebill", "2026-03-01", []byte("交易时间\n"))
	if _, err := fetch(t, b, ""); channel.KindOf(err) != channel.BadSignature {
		t.Fatalf("want BadSignature, got %v", err)
	}
}

// FuzzParseAuthorization: a header either reads, and then writes back to
// the same fields, or does not.
func FuzzParseAuthorization(f *testing.F) {
	f.Add(`WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str="N",signature="S",timestamp="1",serial_no="X"`)
	f.Add(`WECHATPAY2-SHA256-RSA2048 mchid=1`)
	f.Add(`Bearer x`)
	f.Fuzz(func(t *testing.T, h string) {
		fs, ok := wechatpay.ParseAuthorization(h)
		if !ok {
			return
		}
		for k, v := range fs {
			if !strings.Contains(h, k+`="`+v+`"`) {
				t.Fatalf("%s=%q is not in %q", k, v, h)
			}
		}
	})
}
