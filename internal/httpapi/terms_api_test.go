package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
)

func TestAPI_SettlementContractVersionsDefaultsAndScope(t *testing.T) {
	x := newAPI(t)
	// Nothing saved: the platform's default, flagged as one.
	status, _, got := x.do(auth.Viewer, "GET", "/api/v1/shops/tmall/settlement-contract", "")
	cur, _ := got["current"].(map[string]any)
	if status != http.StatusOK || cur["default"] != true || cur["cycle_days"] != 15.0 || fmt.Sprint(got["versions"]) != "[]" {
		t.Fatalf("default contract = %d %v", status, got)
	}
	body := `{"commission":"5%","fee_rates":{"花呗手续费":"0.8%"},"known_fees":["淘宝客佣金"],"cycle_days":10,"grace_days":2,"fee_tolerance_minor":1}`
	if status, _, out := x.do(auth.Finance, "PUT", "/api/v1/shops/tmall/settlement-contract", body); status != http.StatusCreated || out["version"] != 1.0 {
		t.Fatalf("first PUT = %d %v", status, out)
	}
	if status, _, out := x.do(auth.Finance, "PUT", "/api/v1/shops/tmall/settlement-contract", body); status != http.StatusOK || out["duplicate"] != true {
		t.Fatalf("the same again = %d %v, want 200 duplicate", status, out)
	}
	if status, _, out := x.do(auth.Admin, "PUT", "/api/v1/shops/tmall/settlement-contract", `{"commission":"0.06","cycle_days":10}`); status != http.StatusCreated || out["version"] != 2.0 {
		t.Fatalf("a change = %d %v, want v2", status, out)
	}
	_, _, got = x.do(auth.Viewer, "GET", "/api/v1/shops/tmall/settlement-contract", "")
	cur, _ = got["current"].(map[string]any)
	versions, _ := got["versions"].([]any)
	if cur["version"] != 2.0 || cur["default"] != false || cur["commission"] != "0.06" || len(versions) != 2 {
		t.Fatalf("after two versions: %v", got)
	}
	v1 := versions[1].(map[string]any)
	if v1["commission"] != "0.05" || fmt.Sprint(v1["fee_rates"]) != "map[花呗手续费:0.008]" || v1["created_by"] != "finance-user" {
		t.Fatalf("v1 kept as it was: %v", v1)
	}
	for body, field := range map[string]string{
		`{"commission":"100%","cycle_days":10}`:      "commission",
		`{"fee_rates":{"x":"-1%"},"cycle_days":10}`:  "fee_rates.x",
		`{"cycle_days":0}`:                           "cycle_days",
		`{"cycle_days":10,"fee_tolerance_minor":-1}`: "fee_tolerance_minor",
		`{"cycle_days":10,"known_fees":["ok",""]}`:   "known_fees[1]",
	} {
		status, _, out := x.do(auth.Finance, "PUT", "/api/v1/shops/tmall/settlement-contract", body)
		e, _ := out["error"].(map[string]any)
		if status != http.StatusBadRequest || e["field"] != field {
			t.Errorf("%s = %d %v, want 400 naming %s", body, status, out, field)
		}
	}
	if status, _, _ := x.do(auth.Operations, "PUT", "/api/v1/shops/tmall/settlement-contract", body); status != http.StatusForbidden {
		t.Errorf("operations may not set a contract: %d", status)
	}
	// A user limited to douyin: tmall's contract does not exist for them.
	x.mustDo(auth.Admin, "POST", "/api/v1/users", `{"name":"dy","role":"finance","password":"a long enough password","shops":["douyin"]}`)
	x.tokens["dy"] = x.mustDo(auth.Admin, "POST", "/api/v1/tokens", `{"user":"dy"}`)["secret"].(string)
	if status, _, _ := x.do("dy", "GET", "/api/v1/shops/tmall/settlement-contract", ""); status != http.StatusNotFound {
		t.Errorf("another shop's contract = %d, want 404", status)
	}
	if status, _, _ := x.do("dy", "PUT", "/api/v1/shops/tmall/settlement-contract", body); status != http.StatusNotFound {
		t.Errorf("setting another shop's contract = %d, want 404", status)
	}
	if status, _, _ := x.do("dy", "GET", "/api/v1/shops/douyin/settlement-contract", ""); status != http.StatusOK {
		t.Errorf("their own shop's = %d", status)
	}
}

func TestAPI_ReconRulesByShopThenEveryShop(t *testing.T) {
	x := newAPI(t)
	_, _, got := x.do(auth.Viewer, "GET", "/api/v1/recon/rules", "")
	if cur := got["current"].(map[string]any); cur["default"] != true || cur["amount_tolerance_minor"] != 1.0 {
		t.Fatalf("default rules %v", got)
	}
	if status, _, out := x.do(auth.Finance, "PUT", "/api/v1/recon/rules", `{"amount_tolerance_minor":3,"refund_window_hours":72,"split_payouts":true}`); status != http.StatusCreated || out["version"] != 1.0 {
		t.Fatalf("PUT every shop's = %d %v", status, out)
	}
	if status, _, out := x.do(auth.Finance, "PUT", "/api/v1/recon/rules", `{"shop":"jd","amount_tolerance_minor":0}`); status != http.StatusCreated {
		t.Fatalf("PUT jd's = %d %v", status, out)
	}
	_, _, got = x.do(auth.Viewer, "GET", "/api/v1/recon/rules?shop=tmall", "")
	if cur := got["current"].(map[string]any); cur["shop"] != "" || cur["amount_tolerance_minor"] != 3.0 || cur["refund_window_hours"] != 72.0 {
		t.Fatalf("tmall gets every shop's: %v", got)
	}
	_, _, got = x.do(auth.Viewer, "GET", "/api/v1/recon/rules?shop=jd", "")
	if cur := got["current"].(map[string]any); cur["shop"] != "jd" || cur["amount_tolerance_minor"] != 0.0 {
		t.Fatalf("jd gets its own: %v", got)
	}
	status, _, out := x.do(auth.Finance, "PUT", "/api/v1/recon/rules", `{"amount_tolerance_minor":-1}`)
	if e, _ := out["error"].(map[string]any); status != http.StatusBadRequest || e["field"] != "amount_tolerance_minor" {
		t.Fatalf("negative tolerance = %d %v", status, out)
	}
	if status, _, _ := x.do(auth.Finance, "PUT", "/api/v1/recon/rules", `{"shop":"nope"}`); status != http.StatusNotFound {
		t.Fatalf("rules for an unknown shop = %d", status)
	}
}

func TestAPI_FXRatesImportAndLookup(t *testing.T) {
	x := newAPI(t)
	csv := "date,from,to,rate\n2026-11-27,USD,CNY,7.2\n2026-11-30,USD,CNY,7.1\n"
	resp, raw := x.send(auth.Finance, "POST", "/api/v1/fx/rates?source=pboc", csv, "Content-Type", "text/csv")
	if resp.StatusCode != http.StatusOK || string(raw) != `{"added":2,"corrected":0,"duplicates":0}`+"\n" {
		t.Fatalf("CSV import = %d %s", resp.StatusCode, raw)
	}
	if status, _, out := x.do(auth.Finance, "POST", "/api/v1/fx/rates", `{"rates":[{"date":"2026-11-30","from":"usd","to":"CNY","rate":"7.10"}]}`); status != http.StatusOK || out["duplicates"] != 1.0 {
		t.Fatalf("JSON re-import = %d %v, want a duplicate", status, out)
	}
	status, _, out := x.do(auth.Finance, "POST", "/api/v1/fx/rates", `{"rates":[{"date":"2026-11-30","from":"USD","to":"CNY","rate":"7.3"}]}`)
	if status != http.StatusConflict {
		t.Fatalf("a silent change = %d %v, want 409", status, out)
	}
	if status, _, out := x.do(auth.Finance, "POST", "/api/v1/fx/rates", `{"rates":[{"date":"2026-11-30","from":"USD","to":"CNY","rate":"7.3"}],"correct":true}`); status != http.StatusOK || out["corrected"] != 1.0 {
		t.Fatalf("a correction = %d %v", status, out)
	}
	status, _, out = x.do(auth.Finance, "POST", "/api/v1/fx/rates", `{"rates":[{"date":"30.11.2026","from":"USD","to":"CNY","rate":"7"}]}`)
	if e, _ := out["error"].(map[string]any); status != http.StatusBadRequest || e["field"] != "rates[0].date" {
		t.Fatalf("a bad date = %d %v", status, out)
	}
	resp, raw = x.send(auth.Finance, "POST", "/api/v1/fx/rates", "date,from,to,rate\n2026-11-30,USD,CNY,abc\n", "Content-Type", "text/csv")
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(raw), "row 2") {
		t.Fatalf("a bad CSV cell = %d %s", resp.StatusCode, raw)
	}
	_, _, got := x.do(auth.Viewer, "GET", "/api/v1/fx/rates?from=CNY&to=USD&date=2026-11-29", "")
	if got["rate"] != "0.1388888889" || got["inverse"] != true || got["carried_days"] != 2.0 || got["rate_date"] != "2026-11-27" {
		t.Fatalf("inverse, carried from Friday: %v", got)
	}
	if status, _, _ := x.do(auth.Viewer, "GET", "/api/v1/fx/rates?from=USD&to=JPY&date=2026-11-30", ""); status != http.StatusNotFound {
		t.Fatalf("an unknown pair = %d", status)
	}
}
