package yonyou

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"
)

func get(t *testing.T, srv *httptest.Server, path string, q url.Values) map[string]any {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + path + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return out
}

func TestTokenService(t *testing.T) {
	now := time.UnixMilli(1796000000000)
	srv := httptest.NewServer(New(Options{TenantID: "t1", AppKey: "ak", AppSecret: "sk", AccbookCode: "B", Now: func() time.Time { return now }}).Handler())
	defer srv.Close()
	mac := hmac.New(sha256.New, []byte("sk"))
	mac.Write([]byte("appKeyaktimestamp1796000000000"))
	good := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	path := TokenPrefix + "/open-auth/selfAppAuth/getAccessToken"

	ok := get(t, srv, path, url.Values{"appKey": {"ak"}, "timestamp": {"1796000000000"}, "signature": {good}})
	data, _ := ok["data"].(map[string]any)
	if ok["code"] != "00000" || data["access_token"] == "" || data["expire"] != float64(7200) {
		t.Errorf("good signature: %v", ok)
	}
	if bad := get(t, srv, path, url.Values{"appKey": {"ak"}, "timestamp": {"1796000000000"}, "signature": {good + "x"}}); bad["code"] == "00000" {
		t.Errorf("bad signature accepted: %v", bad)
	}
	old := get(t, srv, path, url.Values{"appKey": {"ak"}, "timestamp": {"1795999000000"}, "signature": {good}})
	if old["code"] == "00000" {
		t.Errorf("stale timestamp accepted: %v", old)
	}
	gw := get(t, srv, "/open-auth/dataCenter/getGatewayAddress", url.Values{"tenantId": {"t1"}})
	if d, _ := gw["data"].(map[string]any); gw["code"] != "00000" || d["gatewayUrl"] != srv.URL+GatewayPrefix || d["tokenUrl"] != srv.URL+TokenPrefix {
		t.Errorf("gateway: %v", gw)
	}
	if other := get(t, srv, "/open-auth/dataCenter/getGatewayAddress", url.Values{"tenantId": {"t2"}}); other["code"] == "00000" {
		t.Errorf("unknown tenant: %v", other)
	}
}
