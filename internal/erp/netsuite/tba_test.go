package netsuite_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/erp/erpcall"
	"github.com/fnshub/fnshub/internal/erp/erpcall/pushtest"
	"github.com/fnshub/fnshub/internal/erp/netsuite"
	sbns "github.com/fnshub/fnshub/internal/sandbox/netsuite"
)

// Golden vector computed apart from the code (Python: urllib.parse.quote
// with safe "~-._", hmac, hashlib.sha256, base64), with secrets, a nonce
// and a query that need encoding.
func TestTBA_Golden(t *testing.T) {
	u, _ := url.Parse("https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/journalEntry/eid:FNS-1-1?expandSubResources=true")
	tba := netsuite.TBA{Realm: "1234567_SB1", ConsumerKey: "ck-77", ConsumerSecret: "cs&secret+1", TokenID: "tk-88", TokenSecret: "ts/secret=2",
		Nonce: func() string { return "n0nce~1 x" }}
	params := url.Values{"oauth_consumer_key": {"ck-77"}, "oauth_nonce": {"n0nce~1 x"}, "oauth_signature_method": {"HMAC-SHA256"},
		"oauth_timestamp": {"1796000000"}, "oauth_token": {"tk-88"}, "oauth_version": {"1.0"}, "expandSubResources": {"true"}}
	wantBase := "GET&https%3A%2F%2F1234567-sb1.suitetalk.api.netsuite.com%2Fservices%2Frest%2Frecord%2Fv1%2FjournalEntry%2Feid%3AFNS-1-1&expandSubResources%3Dtrue%26oauth_consumer_key%3Dck-77%26oauth_nonce%3Dn0nce~1%2520x%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1796000000%26oauth_token%3Dtk-88%26oauth_version%3D1.0"
	if got := netsuite.BaseString("GET", u, params); got != wantBase {
		t.Errorf("base string\n%s\nwant\n%s", got, wantBase)
	}
	want := `OAuth realm="1234567_SB1",oauth_consumer_key="ck-77",oauth_nonce="n0nce~1%20x",oauth_signature_method="HMAC-SHA256",` +
		`oauth_timestamp="1796000000",oauth_token="tk-88",oauth_version="1.0",oauth_signature="Lcdw%2FDnro05OAtQ906DD5FTiY74rUGuT0gbwD4vcUgc%3D"`
	if got := tba.Header("GET", u, time.Unix(1796000000, 0)); got != want {
		t.Errorf("header\n%s\nwant\n%s", got, want)
	}
}

func startTBA(t *testing.T) (*sbns.Server, *httptest.Server, *clock) {
	t.Helper()
	clk := &clock{t: time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC)}
	sb := sbns.New(sbns.Options{Accounts: pushtest.Accounts, Now: clk.now,
		TBA: &sbns.TBACreds{Realm: "1234567_SB1", ConsumerKey: "ck-77", ConsumerSecret: "cs-1", TokenID: "tk-88", TokenSecret: "ts-2"}})
	srv := httptest.NewServer(sb.Handler())
	t.Cleanup(srv.Close)
	return sb, srv, clk
}

func tbaClient(srv *httptest.Server, clk *clock, secret string, nonce func() string) *netsuite.Client {
	return netsuite.New(netsuite.Config{BaseURL: srv.URL, HTTP: srv.Client(), Now: clk.now,
		TBA: &netsuite.TBA{Realm: "1234567_SB1", ConsumerKey: "ck-77", ConsumerSecret: "cs-1", TokenID: "tk-88", TokenSecret: secret, Nonce: nonce}})
}

func TestTBA_PushAndRepush(t *testing.T) {
	sb, srv, clk := startTBA(t)
	c := tbaClient(srv, clk, "ts-2", nil)
	vs := pushtest.Vouchers(3)
	for _, want := range []erp.Outcome{erp.Created, erp.Exists} {
		res, err := c.Push(context.Background(), vs)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Outcome != want {
				t.Errorf("%s: %s (%v), want %s", r.ID, r.Outcome, r.Err, want)
			}
		}
	}
	if n := len(sb.Entries()); n != 3 {
		t.Errorf("%d entries", n)
	}
}

func TestTBA_WrongSecretStopsPush(t *testing.T) {
	sb, srv, clk := startTBA(t)
	res, err := tbaClient(srv, clk, "not-it", nil).Push(context.Background(), pushtest.Vouchers(2))
	if erpcall.KindOf(err) != erpcall.Auth || err == nil || len(res) != 0 || len(sb.Entries()) != 0 {
		t.Errorf("wrong token secret: %v %+v", err, res)
	}
}

func TestTBA_ReplayedNonceRefused(t *testing.T) {
	_, srv, clk := startTBA(t)
	n := 0
	fixed := func() string { n++; return "same-nonce" } // every call reuses one nonce
	_, err := tbaClient(srv, clk, "ts-2", fixed).Push(context.Background(), pushtest.Vouchers(1))
	if erpcall.KindOf(err) != erpcall.Auth || n < 2 {
		t.Errorf("replayed nonce: err %v after %d calls", err, n)
	}
	fresh := 0
	_, err = tbaClient(srv, clk, "ts-2", func() string { fresh++; return "nonce-" + strconv.Itoa(fresh) }).Push(context.Background(), pushtest.Vouchers(1))
	if err != nil {
		t.Errorf("fresh nonces: %v", err)
	}
}
