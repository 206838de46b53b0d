package yonyou_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/erp/erpcall"
	"github.com/fnshub/fnshub/internal/erp/erpcall/pushtest"
	"github.com/fnshub/fnshub/internal/erp/yonyou"
	sbyy "github.com/fnshub/fnshub/internal/sandbox/yonyou"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

type fixture struct {
	sb    *sbyy.Server
	srv   *httptest.Server
	clock *clock
}

func start(t *testing.T) fixture {
	t.Helper()
	clk := &clock{t: time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC)}
	sb := sbyy.New(sbyy.Options{TenantID: "tenant-x1", AppKey: "ak-3e7a51", AppSecret: "yonyou-secret-9f2c",
		AccbookCode: "0010001", Accounts: pushtest.Accounts, Now: clk.now})
	srv := httptest.NewServer(sb.Handler())
	t.Cleanup(srv.Close)
	return fixture{sb: sb, srv: srv, clock: clk}
}

func (f fixture) client(secret string, retry erpcall.Retry) *yonyou.Client {
	return yonyou.New(yonyou.Config{TenantID: "tenant-x1", Discovery: f.srv.URL, AppKey: "ak-3e7a51", AppSecret: secret,
		AccbookCode: "0010001", MakerMobile: "13800000000", Currency: "CNY", HTTP: f.srv.Client(), Now: f.clock.now, Retry: retry})
}

func TestPushSuite(t *testing.T) {
	pushtest.Run(t, func(t *testing.T) pushtest.Harness {
		f := start(t)
		return pushtest.Harness{
			Pusher: func(bad bool, retry erpcall.Retry) erp.Pusher {
				if bad {
					return f.client("wrong-secret", retry)
				}
				return f.client("yonyou-secret-9f2c", retry)
			},
			Held: func() map[string]int {
				held := map[string]int{}
				for _, v := range f.sb.Vouchers() {
					held[yonyou.OurID(v.Lines[0].Description)]++
				}
				return held
			},
			Faults: f.sb.Faults(), RefuseCreate: f.sb.RefuseCreate, LoseCreateAnswer: f.sb.LoseCreateAnswer,
		}
	})
}

// Golden vectors, computed apart from the code (Python's hmac, hashlib,
// base64 and urllib.parse.quote): Base64(HmacSHA256(appSecret,
// "appKey"+appKey+"timestamp"+ts)) and its URL-encoded form on the wire.
func TestSignature_Golden(t *testing.T) {
	cases := []struct{ ts, sig, wire string }{
		{"1796000000000", "TlsPVlGTd8wnN2TIyRieyHlAp3oQchElP9ERr87XYFk=", "TlsPVlGTd8wnN2TIyRieyHlAp3oQchElP9ERr87XYFk%3D"},
		{"1796000000007", "Daz1+4/82lNUP5HMAmPkAlR4deiGU4tbq9aQZUu+3ZA=", "Daz1%2B4%2F82lNUP5HMAmPkAlR4deiGU4tbq9aQZUu%2B3ZA%3D"},
	}
	for _, c := range cases {
		got := yonyou.Signature("ak-3e7a51", "yonyou-secret-9f2c", c.ts)
		if got != c.sig {
			t.Errorf("ts %s: %s, want %s", c.ts, got, c.sig)
		}
		wire := url.Values{"signature": {got}}.Encode()
		if wire != "signature="+c.wire {
			t.Errorf("ts %s on the wire: %s, want signature=%s", c.ts, wire, c.wire)
		}
	}
}

// The token request as it goes out: appKey, a millisecond timestamp of
// the client's clock and the signature of exactly those.
func TestTokenRequest_Wire(t *testing.T) {
	f := start(t)
	var got *url.URL
	rec := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "getAccessToken") {
			got = r.URL
		}
		f.sb.Handler().ServeHTTP(w, r)
	})
	srv := httptest.NewServer(rec)
	defer srv.Close()
	c := yonyou.New(yonyou.Config{TenantID: "tenant-x1", Discovery: srv.URL, AppKey: "ak-3e7a51", AppSecret: "yonyou-secret-9f2c",
		AccbookCode: "0010001", HTTP: srv.Client(), Now: func() time.Time { return time.UnixMilli(1796000000007) }})
	_, _ = c.Push(context.Background(), pushtest.Vouchers(1))
	if got == nil {
		t.Fatal("no token request")
	}
	if want := "appKey=ak-3e7a51&signature=Daz1%2B4%2F82lNUP5HMAmPkAlR4deiGU4tbq9aQZUu%2B3ZA%3D&timestamp=1796000000007"; got.RawQuery != want {
		t.Errorf("query %s\nwant  %s", got.RawQuery, want)
	}
}

func TestToken_CachedUntilExpiry(t *testing.T) {
	f := start(t)
	c := f.client("yonyou-secret-9f2c", erpcall.Retry{})
	vs := pushtest.Vouchers(3)
	for range 2 {
		if _, err := c.Push(context.Background(), vs); err != nil {
			t.Fatal(err)
		}
	}
	if n := f.sb.TokensIssued(); n != 1 {
		t.Errorf("%d tokens in the token's life", n)
	}
	f.clock.add(2 * time.Hour)
	if _, err := c.Push(context.Background(), vs); err != nil {
		t.Fatal(err)
	}
	if n := f.sb.TokensIssued(); n != 2 {
		t.Errorf("%d tokens after expiry, want 2", n)
	}
}

func TestToken_RevokedIsReplacedOnce(t *testing.T) {
	f := start(t)
	c := f.client("yonyou-secret-9f2c", erpcall.Retry{})
	vs := pushtest.Vouchers(2)
	if _, err := c.Push(context.Background(), vs[:1]); err != nil {
		t.Fatal(err)
	}
	f.sb.RevokeTokens()
	res, err := c.Push(context.Background(), vs)
	if err != nil || res[0].Outcome != erp.Exists || res[1].Outcome != erp.Created {
		t.Fatalf("after revocation: %v %+v", err, res)
	}
}

func TestPush_WireBody(t *testing.T) {
	f := start(t)
	res, err := f.client("yonyou-secret-9f2c", erpcall.Retry{}).Push(context.Background(), pushtest.Vouchers(2))
	if err != nil || res[0].ERPRef != "1" || res[1].ERPRef != "2" {
		t.Fatalf("push: %v %+v", err, res)
	}
	v := f.sb.Vouchers()[0]
	want := []sbyy.Line{
		{Description: "FNS-1-1 cash in", AccsubjectCode: "1002", DebitOriginal: "97.00", DebitOrg: "97.00"},
		{Description: "FNS-1-1 commission", AccsubjectCode: "6601", DebitOriginal: "3.00", DebitOrg: "3.00"},
		{Description: "FNS-1-1 platform balance out", AccsubjectCode: "1012", CreditOriginal: "100.00", CreditOrg: "100.00"},
	}
	if v.Period != "2026-11" || v.MakeTime != "2026-11-03" || len(v.Lines) != 3 {
		t.Fatalf("voucher %+v", v)
	}
	for i := range want {
		if v.Lines[i] != want[i] {
			t.Errorf("line %d %+v, want %+v", i, v.Lines[i], want[i])
		}
	}
}

// A period with more vouchers than a page is read to its end.
func TestFind_ReadsEveryPage(t *testing.T) {
	f := start(t)
	c := f.client("yonyou-secret-9f2c", erpcall.Retry{})
	vs := pushtest.Vouchers(130)
	for i := range vs {
		vs[i].Date = time.Date(2026, 11, 1+i%28, 0, 0, 0, 0, time.UTC)
	}
	if _, err := c.Push(context.Background(), vs); err != nil {
		t.Fatal(err)
	}
	res, err := c.Push(context.Background(), vs)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Outcome != erp.Exists {
			t.Fatalf("%s: %s on the second push", r.ID, r.Outcome)
		}
	}
	if n := len(f.sb.Vouchers()); n != 130 {
		t.Errorf("%d vouchers", n)
	}
}

func TestDecodeReply_Kinds(t *testing.T) {
	cases := []struct {
		status int
		body   string
		kind   erpcall.Kind
	}{
		{200, `{"code":"310036","message":"非法token"}`, erpcall.Auth},
		{200, `{"code":"999","message":"借贷不平衡"}`, erpcall.Refused},
		{200, `{"code":"310046","message":"限流"}`, erpcall.Transient},
		{429, `{"code":"429"}`, erpcall.Transient},
		{502, `<html/>`, erpcall.Transient},
		{200, `<html/>`, erpcall.Transient},
	}
	for _, c := range cases {
		_, err := yonyou.DecodeReply[yonyou.Saved](c.status, []byte(c.body))
		if err == nil || erpcall.KindOf(err) != c.kind {
			t.Errorf("%d %s: %v", c.status, c.body, err)
		}
	}
	if _, err := yonyou.DecodeAuth[yonyou.Token](200, []byte(`{"code":"1090003500065","message":"签名错误"}`)); erpcall.KindOf(err) != erpcall.Auth {
		t.Errorf("bad signature: %v", err)
	}
}

func TestOurID(t *testing.T) {
	for in, want := range map[string]string{"FNS-1-42 cash in": "FNS-1-42", "FNS-1-42": "FNS-1-42", "SO-9-订单收入确认": "", "FNS-": "", "": ""} {
		if got := yonyou.OurID(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestSandbox_RejectsUnbalancedVoucher(t *testing.T) {
	f := start(t)
	vs := pushtest.Vouchers(1)
	res, err := f.client("yonyou-secret-9f2c", erpcall.Retry{}).Push(context.Background(), vs)
	if err != nil || res[0].Outcome != erp.Created {
		t.Fatal(err, res)
	}
	// Straight to the API with the pusher's token, past its own balance check.
	tokURL := f.srv.URL + sbyy.TokenPrefix + "/open-auth/selfAppAuth/getAccessToken?" + url.Values{
		"appKey": {"ak-3e7a51"}, "timestamp": {"1796000000007"},
		"signature": {yonyou.Signature("ak-3e7a51", "yonyou-secret-9f2c", "1796000000007")}}.Encode()
	f.clock.mu.Lock()
	f.clock.t = time.UnixMilli(1796000000007)
	f.clock.mu.Unlock()
	resp, err := f.srv.Client().Get(tokURL)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := erpcall.ReadBody("yonyou", resp)
	tok, err := yonyou.DecodeAuth[yonyou.Token](resp.StatusCode, raw)
	if err != nil {
		t.Fatal(err)
	}
	body := `{"srcSystemCode":"figl","accbookCode":"0010001","voucherTypeCode":"1","makeTime":"2026-11-03","bodies":[` +
		`{"description":"X a","accsubjectCode":"1002","debitOriginal":10.00,"debitOrg":10.00},` +
		`{"description":"X b","accsubjectCode":"1012","creditOriginal":9.99,"creditOrg":9.99}]}`
	resp, err = f.srv.Client().Post(f.srv.URL+sbyy.GatewayPrefix+yonyou.AddPath+"?access_token="+tok.AccessToken, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ = erpcall.ReadBody("yonyou", resp)
	_, got := yonyou.DecodeReply[yonyou.Saved](resp.StatusCode, raw)
	if erpcall.KindOf(got) != erpcall.Refused || !strings.Contains(got.Error(), "借贷不平衡") {
		t.Errorf("unbalanced: %v", got)
	}
	if n := len(f.sb.Vouchers()); n != 1 {
		t.Errorf("%d vouchers stored", n)
	}
}
