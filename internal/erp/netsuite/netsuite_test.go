package netsuite_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/erp/erpcall"
	"github.com/fnshub/fnshub/internal/erp/erpcall/pushtest"
	"github.com/fnshub/fnshub/internal/erp/netsuite"
	sbns "github.com/fnshub/fnshub/internal/sandbox/netsuite"
)

var (
	keyOnce sync.Once
	rsaKey  *rsa.PrivateKey
	ecKey   *ecdsa.PrivateKey
)

func keys(t *testing.T) (*rsa.PrivateKey, *ecdsa.PrivateKey) {
	t.Helper()
	keyOnce.Do(func() {
		var err error
		if rsaKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		if ecKey, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
			panic(err)
		}
	})
	return rsaKey, ecKey
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

type fixture struct {
	sb    *sbns.Server
	srv   *httptest.Server
	clock *clock
}

func start(t *testing.T, pub crypto.PublicKey) fixture {
	t.Helper()
	clk := &clock{t: time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC)}
	sb := sbns.New(sbns.Options{ClientID: "client-abc", CertificateID: "cert-kid-1", PublicKey: pub,
		Accounts: pushtest.Accounts, Subsidiary: "3", Now: clk.now})
	srv := httptest.NewServer(sb.Handler())
	t.Cleanup(srv.Close)
	return fixture{sb: sb, srv: srv, clock: clk}
}

func (f fixture) client(key crypto.Signer, retry erpcall.Retry) *netsuite.Client {
	return netsuite.New(netsuite.Config{AccountID: "1234567_SB1", BaseURL: f.srv.URL, ClientID: "client-abc",
		CertificateID: "cert-kid-1", Key: key, Subsidiary: "3", HTTP: f.srv.Client(), Now: f.clock.now, Retry: retry})
}

func held(sb *sbns.Server) func() map[string]int {
	return func() map[string]int {
		h := map[string]int{}
		for _, e := range sb.Entries() {
			h[e.ExternalID]++
		}
		return h
	}
}

func TestPushSuite_PS256(t *testing.T) {
	rk, _ := keys(t)
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	pushtest.Run(t, func(t *testing.T) pushtest.Harness {
		f := start(t, &rk.PublicKey)
		return pushtest.Harness{
			Pusher: func(bad bool, retry erpcall.Retry) erp.Pusher {
				if bad {
					return f.client(other, retry) // a key that is not the certificate's
				}
				return f.client(rk, retry)
			},
			Held: held(f.sb), Faults: f.sb.Faults(), RefuseCreate: f.sb.RefuseCreate, LoseCreateAnswer: f.sb.LoseCreateAnswer,
		}
	})
}

func TestPush_ES256(t *testing.T) {
	_, ek := keys(t)
	f := start(t, &ek.PublicKey)
	res, err := f.client(ek, erpcall.Retry{}).Push(context.Background(), pushtest.Vouchers(2))
	if err != nil || res[0].Outcome != erp.Created || res[1].Outcome != erp.Created {
		t.Fatalf("push: %v %+v", err, res)
	}
}

// The assertion is checked here with the stdlib alone, apart from the
// pusher's and the sandbox's code: header, claims and a PS256 signature.
func TestAssertion_PS256Verifies(t *testing.T) {
	rk, _ := keys(t)
	now := time.Unix(1796000000, 0)
	jwt, err := netsuite.Assertion(rk, "cert-kid-1", "client-abc", "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token", now)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("jwt %q", jwt)
	}
	head, _ := base64.RawURLEncoding.DecodeString(parts[0])
	body, _ := base64.RawURLEncoding.DecodeString(parts[1])
	if string(head) != `{"typ":"JWT","alg":"PS256","kid":"cert-kid-1"}` {
		t.Errorf("header %s", head)
	}
	want := `{"iss":"client-abc","scope":"rest_webservices","aud":"https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token","exp":1796000300,"iat":1796000000}`
	if string(body) != want {
		t.Errorf("claims %s\nwant   %s", body, want)
	}
	sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPSS(&rk.PublicKey, crypto.SHA256, sum[:], sig, &rsa.PSSOptions{SaltLength: 32}); err != nil {
		t.Errorf("PS256 signature: %v", err)
	}
}

func TestAssertion_ES256Verifies(t *testing.T) {
	_, ek := keys(t)
	jwt, err := netsuite.Assertion(ek, "k", "c", "aud", time.Unix(1796000000, 0))
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(jwt, ".")
	sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if len(sig) != 64 || !ecdsa.Verify(&ek.PublicKey, sum[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])) {
		t.Errorf("ES256 signature does not verify")
	}
}

func TestToken_CachedUntilExpiry(t *testing.T) {
	rk, _ := keys(t)
	f := start(t, &rk.PublicKey)
	c := f.client(rk, erpcall.Retry{})
	vs := pushtest.Vouchers(3)
	if _, err := c.Push(context.Background(), vs); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Push(context.Background(), vs); err != nil {
		t.Fatal(err)
	}
	if n := f.sb.TokensIssued(); n != 1 {
		t.Errorf("%d tokens for two pushes within the hour", n)
	}
	f.clock.add(time.Hour)
	if _, err := c.Push(context.Background(), vs); err != nil {
		t.Fatal(err)
	}
	if n := f.sb.TokensIssued(); n != 2 {
		t.Errorf("%d tokens after the first expired, want 2", n)
	}
}

func TestToken_RevokedIsReplacedOnce(t *testing.T) {
	rk, _ := keys(t)
	f := start(t, &rk.PublicKey)
	c := f.client(rk, erpcall.Retry{})
	vs := pushtest.Vouchers(2)
	if _, err := c.Push(context.Background(), vs[:1]); err != nil {
		t.Fatal(err)
	}
	f.sb.RevokeTokens()
	res, err := c.Push(context.Background(), vs)
	if err != nil || res[0].Outcome != erp.Exists || res[1].Outcome != erp.Created {
		t.Fatalf("push after revocation: %v %+v", err, res)
	}
	if n := f.sb.TokensIssued(); n != 2 {
		t.Errorf("%d tokens", n)
	}
}

func TestPush_WireBody(t *testing.T) {
	rk, _ := keys(t)
	f := start(t, &rk.PublicKey)
	c := f.client(rk, erpcall.Retry{})
	res, err := c.Push(context.Background(), pushtest.Vouchers(1))
	if err != nil || res[0].ERPRef != "1" {
		t.Fatalf("push: %v %+v", err, res)
	}
	e := f.sb.Entries()[0]
	got, _ := json.Marshal(e)
	want := `{"ID":1,"TranID":"JE1","ExternalID":"FNS-1-1","TranDate":"2026-11-03","Memo":"Tmall payout 1","Subsidiary":"3","Lines":[{"Account":"1002","Debit":"97.00","Credit":"","Memo":"cash in"},{"Account":"6601","Debit":"3.00","Credit":"","Memo":"commission"},{"Account":"1012","Debit":"","Credit":"100.00","Memo":"platform balance out"}]}`
	if string(got) != want {
		t.Errorf("stored %s\nwant   %s", got, want)
	}
}

func TestIDFromLocation(t *testing.T) {
	cases := map[string]string{
		"https://1234567.suitetalk.api.netsuite.com/services/rest/record/v1/journalEntry/647": "647",
		"/services/rest/record/v1/journalEntry/12/":                                           "12",
		"https://x/services/rest/record/v1/salesOrder/5":                                      "",
		"":  "",
		"%": "",
	}
	for loc, want := range cases {
		if got := netsuite.IDFromLocation(loc); got != want {
			t.Errorf("%q: %q, want %q", loc, got, want)
		}
	}
}

func TestDecodeError_Kinds(t *testing.T) {
	cases := []struct {
		status int
		body   string
		kind   erpcall.Kind
		code   string
	}{
		{401, `{"type":"https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2","title":"Unauthorized","status":401,"o:errorDetails":[{"detail":"Invalid login attempt.","o:errorCode":"INVALID_LOGIN"}]}`, erpcall.Auth, "INVALID_LOGIN"},
		{429, `{"title":"Too Many Requests","status":429,"o:errorDetails":[{"detail":"Concurrent request limit exceeded.","o:errorCode":"CONCURRENCY_LIMIT_EXCEEDED"}]}`, erpcall.Transient, "CONCURRENCY_LIMIT_EXCEEDED"},
		{400, `{"status":400,"o:errorDetails":[{"detail":"Concurrent request limit exceeded.","o:errorCode":"CONCURRENCY_LIMIT_EXCEEDED"}]}`, erpcall.Transient, "CONCURRENCY_LIMIT_EXCEEDED"},
		{400, `{"status":400,"o:errorDetails":[{"detail":"Invalid account reference key 9.","o:errorCode":"INVALID_KEY_OR_REF"}]}`, erpcall.Refused, "INVALID_KEY_OR_REF"},
		{503, `<html>maintenance</html>`, erpcall.Transient, ""},
	}
	for _, c := range cases {
		err := netsuite.DecodeError(c.status, []byte(c.body))
		var e *erpcall.Error
		if erpcall.KindOf(err) != c.kind || !asErr(err, &e) || e.Code != c.code {
			t.Errorf("%d %s: %v", c.status, c.body, err)
		}
	}
	if _, err := netsuite.DecodeToken(400, []byte(`{"error":"invalid_grant"}`)); erpcall.KindOf(err) != erpcall.Auth {
		t.Errorf("token refusal: %v", err)
	}
	a, err := netsuite.DecodeToken(200, []byte(`{"access_token":"t","expires_in":"3600","token_type":"bearer"}`))
	if err != nil || a.Seconds() != 3600 {
		t.Errorf("token: %+v %v", a, err)
	}
}

func TestSandbox_RejectsUnbalancedEntry(t *testing.T) {
	rk, _ := keys(t)
	f := start(t, &rk.PublicKey)
	jwt, _ := netsuite.Assertion(rk, "cert-kid-1", "client-abc", f.srv.URL+netsuite.TokenPath, f.clock.now())
	resp, err := f.srv.Client().PostForm(f.srv.URL+netsuite.TokenPath, map[string][]string{
		"grant_type": {"client_credentials"}, "client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
		"client_assertion": {jwt}})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := erpcall.ReadBody("netsuite", resp)
	tok, err := netsuite.DecodeToken(resp.StatusCode, raw)
	if err != nil {
		t.Fatal(err)
	}
	body := `{"externalId":"X-1","tranDate":"2026-11-03","subsidiary":{"id":"3"},"line":{"items":[{"account":{"id":"1002"},"debit":10.00},{"account":{"id":"1012"},"credit":9.99}]}}`
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+netsuite.RecordPath, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err = f.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ = erpcall.ReadBody("netsuite", resp)
	got := netsuite.DecodeError(resp.StatusCode, raw)
	if resp.StatusCode != 400 || erpcall.KindOf(got) != erpcall.Refused || !strings.Contains(got.Error(), "out of balance") {
		t.Errorf("unbalanced: %d %v", resp.StatusCode, got)
	}
	if len(f.sb.Entries()) != 0 {
		t.Error("an unbalanced entry was stored")
	}
}
