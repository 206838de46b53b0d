package netsuite

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	ns "github.com/fnshub/fnshub/internal/erp/netsuite"
)

func TestTokenEndpointAndRecordRefusals(t *testing.T) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	now := time.Unix(1796000000, 0)
	sb := New(Options{ClientID: "cid", CertificateID: "kid", PublicKey: &key.PublicKey, Now: func() time.Time { return now }})
	srv := httptest.NewServer(sb.Handler())
	defer srv.Close()
	aud := srv.URL + ns.TokenPath
	post := func(assertion string) (int, map[string]any) {
		resp, err := srv.Client().PostForm(aud, url.Values{"grant_type": {"client_credentials"},
			"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"}, "client_assertion": {assertion}})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	good, _ := ns.Assertion(key, "kid", "cid", aud, now)
	if status, body := post(good); status != 200 || body["token_type"] != "bearer" || body["expires_in"] != "3600" {
		t.Errorf("good assertion: %d %v", status, body)
	}
	cases := map[string]string{}
	cases["other key"], _ = ns.Assertion(other, "kid", "cid", aud, now)
	cases["other kid"], _ = ns.Assertion(key, "kid2", "cid", aud, now)
	cases["other client"], _ = ns.Assertion(key, "kid", "cid2", aud, now)
	cases["other aud"], _ = ns.Assertion(key, "kid", "cid", "https://x"+ns.TokenPath, now)
	cases["expired"], _ = ns.Assertion(key, "kid", "cid", aud, now.Add(-time.Hour))
	cases["garbage"] = "a.b.c"
	for name, a := range cases {
		if status, body := post(a); status != 400 || body["error"] == nil {
			t.Errorf("%s: %d %v", name, status, body)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/services/rest/record/v1/journalEntry/eid:X", nil)
	req.Header.Set("Authorization", "Bearer not-a-token")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var eb ns.ErrorBody
	_ = json.NewDecoder(resp.Body).Decode(&eb)
	if resp.StatusCode != 401 || eb.Status != 401 || len(eb.Details) != 1 || eb.Details[0].Code != "INVALID_LOGIN" {
		t.Errorf("bad token: %d %+v", resp.StatusCode, eb)
	}
}
