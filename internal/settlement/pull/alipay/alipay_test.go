package alipay_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rsa"
	"io"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	simalipay "github.com/fnshub/fnshub/internal/sandbox/alipay"
	"github.com/fnshub/fnshub/internal/settlement/pull"
	"github.com/fnshub/fnshub/internal/settlement/pull/alipay"
	"github.com/fnshub/fnshub/internal/settlement/pull/pulltest"
)

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func privateKey(t *testing.T, name string) *rsa.PrivateKey {
	t.Helper()
	k, err := alipay.ParsePrivateKey(readFile(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func publicKey(t *testing.T, name string) *rsa.PublicKey {
	t.Helper()
	k, err := alipay.ParsePublicKey(readFile(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestSign_GoldenVector: the RSA2 signature of a bill request's content,
// computed by openssl (`openssl dgst -sha256 -sign app_private_key.pem`),
// is what Sign gives; PKCS #1 v1.5 is deterministic.
func TestSign_GoldenVector(t *testing.T) {
	content := readFile(t, "sign_content.txt")
	params := url.Values{"app_id": {"2014072300007148"}, "method": {alipay.Method}, "format": {"JSON"}, "charset": {"utf-8"},
		"sign_type": {"RSA2"}, "timestamp": {"2026-03-02 10:00:00"}, "version": {"1.0"},
		"biz_content": {`{"bill_date":"2026-03-01","bill_type":"signcustomer"}`}, "sign": {"left out"}, "app_auth_token": {""}}
	if got := alipay.Content(params); got != content {
		t.Fatalf("content:\n%s\nwant\n%s", got, content)
	}
	sig, err := alipay.Sign(privateKey(t, "app_private_key.pem"), content)
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSpace(readFile(t, "sign_content.golden")); sig != want {
		t.Fatalf("signature %s, want openssl's %s", sig, want)
	}
	pub := publicKey(t, "app_public_key.pem")
	if err := alipay.Verify(pub, []byte(content), sig); err != nil {
		t.Fatal(err)
	}
	if err := alipay.Verify(pub, []byte(content+"x"), sig); err == nil {
		t.Fatal("a changed content verifies")
	}
}

type fixed struct{ t time.Time }

func (f fixed) Now() time.Time                                   { return f.t }
func (f fixed) Wall(time.Duration) time.Duration                 { return 0 }
func (f fixed) Sleep(ctx context.Context, d time.Duration) error { return ctx.Err() }

func newBills(t *testing.T, gw *simalipay.Gateway, appKey, alipayPublic string) *alipay.Bills {
	t.Helper()
	return newBillsIn(t, gw, appKey, alipayPublic, pull.Config{})
}

// newBillsIn is newBills with cfg's cap and download directory.
func newBillsIn(t *testing.T, gw *simalipay.Gateway, appKey, alipayPublic string, cfg pull.Config) *alipay.Bills {
	t.Helper()
	srv := httptest.NewServer(gw.Handler())
	t.Cleanup(srv.Close)
	now := time.Date(2026, 3, 5, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	cfg.Shop, cfg.BaseURL, cfg.Settings = "T1", srv.URL, map[string]string{alipay.SettingAppID: gw.AppID()}
	cfg.Secrets = map[string]string{alipay.SecretKey: readFile(t, appKey), alipay.SecretPublic: readFile(t, alipayPublic)}
	cfg.HTTP = pull.NewClient(channel.ClientOptions{Platform: "alipay", MaxAttempts: 1, Clock: fixed{now}})
	b, err := alipay.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func newGateway(t *testing.T) *simalipay.Gateway {
	return simalipay.New(simalipay.Options{AppPublic: publicKey(t, "app_public_key.pem"), Private: privateKey(t, "alipay_private_key.pem")})
}

func fetch(t *testing.T, b *alipay.Bills, cursor string) ([]pull.File, error) {
	var files []pull.File
	err := b.Fetch(context.Background(), cursor, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), func(f pull.File) error {
		f.Body, f.Disk = pulltest.Content(t, f), nil // read while the source still has it
		files = append(files, f)
		return nil
	})
	return files, err
}

// zipOf is a bill ZIP holding csv.
func zipOf(t *testing.T, csv string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := pulltest.Zipped("20880000000000010156_账务明细.csv", zip.Deflate, func(w io.Writer) error { _, err := io.WriteString(w, csv); return err })(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestBills_FetchEachDayUpToYesterday(t *testing.T) {
	gw := newGateway(t)
	first, third := zipOf(t, "bill of the 1st"), zipOf(t, "bill of the 3rd")
	gw.AddBill("signcustomer", "2026-03-01", first)
	gw.AddBill("signcustomer", "2026-03-03", third)
	b := newBills(t, gw, "app_private_key.pem", "alipay_public_key.pem")
	files, err := fetch(t, b, "")
	if err != nil {
		t.Fatal(err)
	}
	// The 1st and 3rd have bills, the 2nd none (an empty file moves the
	// cursor past it); the 4th, yesterday, has none yet: asked again later.
	want := []struct {
		cursor string
		body   []byte
	}{{"2026-03-01", first}, {"2026-03-02", nil}, {"2026-03-03", third}}
	if len(files) != len(want) {
		t.Fatalf("want %d files, got %+v", len(want), files)
	}
	for i, w := range want {
		if f := files[i]; f.Cursor != w.cursor || !bytes.Equal(f.Body, w.body) || f.Format != "alipay" {
			t.Errorf("file %d: %s (%d bytes) %s, want %s (%d bytes) alipay", i, f.Cursor, len(f.Body), f.Format, w.cursor, len(w.body))
		}
	}
	gw.AddBill("signcustomer", "2026-03-04", zipOf(t, "bill of the 4th"))
	if files, err := fetch(t, b, "2026-03-03"); err != nil || len(files) != 1 || files[0].Cursor != "2026-03-04" {
		t.Fatalf("from the cursor: %v %+v", err, files)
	}
}

func TestBills_AnswerSignedByAnotherKeyIsRefused(t *testing.T) {
	gw := newGateway(t)
	gw.AddBill("signcustomer", "2026-03-01", zipOf(t, "bill"))
	b := newBills(t, gw, "app_private_key.pem", "app_public_key.pem") // not Alipay's key
	if _, err := fetch(t, b, ""); channel.KindOf(err) != channel.BadSignature {
		t.Fatalf("want BadSignature, got %v", err)
	}
}

func TestBills_RequestSignedByAnotherKeyIsUnauthorized(t *testing.T) {
	gw := newGateway(t)
	b := newBills(t, gw, "alipay_private_key.pem", "alipay_public_key.pem") // the wrong app key
	if _, err := fetch(t, b, ""); channel.KindOf(err) != channel.Unauthorized {
		t.Fatalf("want Unauthorized, got %v", err)
	}
}

// FuzzReadAnswer: whatever the gateway sends, ReadAnswer returns the
// response object's exact bytes from the body, or an error.
func FuzzReadAnswer(f *testing.F) {
	f.Add([]byte(`{"alipay_data_dataservice_bill_downloadurl_query_response":{"code":"10000","msg":"Success","bill_download_url":"http://x"},"sign":"abc"}`))
	f.Add([]byte(`{"error_response":{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.invalid-signature"}}`))
	f.Add([]byte(`{"alipay_data_dataservice_bill_downloadurl_query_response":"x"}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		a, err := alipay.ReadAnswer(body, alipay.Method)
		if err != nil {
			return
		}
		if len(a.Raw) == 0 || a.Raw[0] != '{' || !bytes.Contains(body, a.Raw) {
			t.Fatalf("raw %q is not an object the body %q holds", a.Raw, body)
		}
	})
}
