package httpapi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/auth"
	_ "github.com/fnshub/fnshub/internal/erp/kingdee" // the Kingdee pusher
	sim "github.com/fnshub/fnshub/internal/sandbox/kingdee"
)

func TestAPI_ERPPushToKingdee(t *testing.T) {
	x := newAPI(t)
	const appID = "245678_QWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4"
	k := sim.New(sim.Options{AcctID: "A1", Username: "fnshub", AppID: appID, AppSecret: "s3cret"})
	srv := httptest.NewServer(k.Handler())
	t.Cleanup(srv.Close)
	x.mustDo(auth.Finance, "POST", "/api/v1/ledger/entries", sale, "Idempotency-Key", "order-1001")
	period := time.Now().In(shanghaiZone(t)).Format("2006-01")
	push := "/api/v1/erp/kingdee/pushes?period=" + period

	if status, _, b := x.do(auth.Viewer, "PUT", "/api/v1/erp/kingdee/settings", `{}`); status != http.StatusForbidden {
		t.Fatalf("a viewer saved an ERP connection: %d %v", status, b)
	}
	settings := `{"base_url":"` + srv.URL + `/k3cloud/","settings":{"acct_id":"A1","username":"fnshub","app_id":"` + appID +
		`","account_book":"001"},"secrets":{"app_secret":"s3cret"}}`
	conn := x.mustDo(auth.Finance, "PUT", "/api/v1/erp/kingdee/settings", settings)
	if strings.Contains(toJSON(conn), "s3cret") {
		t.Fatalf("the answer shows the secret: %v", conn)
	}
	if status, _, b := x.do(auth.Finance, "POST", push, ""); status != http.StatusNotFound || errorCode(b) != "erp_map_not_found" {
		t.Fatalf("push without a map: %d %v", status, b)
	}
	x.mustDo(auth.Finance, "PUT", "/api/v1/erp/kingdee/account-map", `{"entries":[{"hub":"1122","account":"1122.02"},{"hub":"6001","account":"6001"}]}`)
	if status, _, b := x.do(auth.Finance, "POST", push, ""); status != http.StatusBadRequest || errorCode(b) != "erp_account_unmapped" || !strings.Contains(toJSON(b), "2221") {
		t.Fatalf("push with 2221 unmapped: %d %v", status, b)
	}
	m := x.mustDo(auth.Finance, "PUT", "/api/v1/erp/kingdee/account-map", `{"entries":[{"hub":"1122","account":"1122.02","aux":{"FFLEX6":"TMALL"}},{"hub":"6001","account":"6001"},{"hub":"2221","account":"2221.01"}]}`)
	if m["version"] != float64(2) {
		t.Fatalf("second map %v", m)
	}
	out := x.mustDo(auth.Admin, "POST", push, "")
	if out["sent"] != float64(1) || out["map_version"] != float64(2) || !strings.Contains(toJSON(out["results"]), `"outcome":"created"`) {
		t.Fatalf("push %v", out)
	}
	again := x.mustDo(auth.Finance, "POST", push, "")
	if again["sent"] != float64(0) || again["already_arrived"] != float64(1) {
		t.Fatalf("second push %v", again)
	}
	if n := len(k.Vouchers()); n != 1 {
		t.Fatalf("Kingdee holds %d vouchers, want 1", n)
	}
	st := x.mustDo(auth.Finance, "GET", push, "")
	if !strings.Contains(toJSON(st["items"]), `"outcome":"created"`) || !strings.Contains(toJSON(st["items"]), `"map_version":2`) {
		t.Fatalf("status %v", st)
	}
	if status, _, b := x.do(auth.Finance, "GET", "/api/v1/erp/sap/account-map", ""); status != http.StatusBadRequest {
		t.Fatalf("unknown ERP: %d %v", status, b)
	}
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func shanghaiZone(t *testing.T) *time.Location {
	z, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return z
}
