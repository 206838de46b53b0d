package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/settlementtest"
)

// testSettlementFormats are the test TSV for any shop ("tsv") and for
// tmall's ("tsv-tmall"), standing in for the platforms' parsers.
func testSettlementFormats() app.Formats {
	all := []settlement.Format{settlementtest.TSV("tsv", "", "CNY"), settlementtest.TSV("tsv-tmall", "tmall", "CNY"), settlementtest.TSV("tsv-usd", "", "USD")}
	return app.Formats{All: func() []settlement.Format { return all }, Lookup: func(name string) (settlement.Format, bool) {
		for _, f := range all {
			if f.Name == name {
				return f, true
			}
		}
		return settlement.Format{}, false
	}}
}

const tsvType = "text/tab-separated-values"

// importSettlementOf imports a three-line payout of shop and returns the
// payout's id.
func (x *api) importSettlementOf(shop string) int64 {
	x.t.Helper()
	x.mustDo(auth.Finance, "POST", "/api/v1/settlements/imports?format=tsv&shop="+shop, settlementtest.File(shop, 3, 3), "Content-Type", tsvType)
	page := x.mustDo(auth.Finance, "GET", "/api/v1/settlements/payouts?shop="+shop, "")
	return int64(page["items"].([]any)[0].(map[string]any)["id"].(float64))
}

func TestAPI_SettlementImport(t *testing.T) {
	x := newAPI(t)
	body := settlementtest.File("a", 1204, 500)
	path := "/api/v1/settlements/imports?format=tsv-tmall&shop=tmall&file_name=bill.tsv"
	res := x.mustDo(auth.Finance, "POST", path, body, "Content-Type", tsvType)
	if res["status"] != "applied" || res["lines_new"] != 1204.0 || res["payouts"] != 3.0 {
		t.Fatalf("applied: %v", res)
	}
	again := x.mustDo(auth.Admin, "POST", path, body, "Content-Type", "text/plain; charset=utf-8")
	if again["status"] != "duplicate" || again["lines_new"] != 0.0 || again["lines_duplicate"] != 1204.0 {
		t.Fatalf("duplicate: %v", again)
	}
	imports := x.mustDo(auth.Viewer, "GET", "/api/v1/settlements/imports?shop=tmall", "")
	if items := imports["items"].([]any); len(items) != 2 || items[0].(map[string]any)["file_name"] != "bill.tsv" || items[0].(map[string]any)["by"] != "admin-user" {
		t.Fatalf("imports: %v", imports)
	}
	// Payouts newest first, two to a page.
	page := x.mustDo(auth.Viewer, "GET", "/api/v1/settlements/payouts?shop=tmall&limit=2", "")
	items := page["items"].([]any)
	if len(items) != 2 || page["next_cursor"] == "" || items[0].(map[string]any)["ref"] != "Pa-2" {
		t.Fatalf("payouts: %v", page)
	}
	rest := x.mustDo(auth.Viewer, "GET", "/api/v1/settlements/payouts?shop=tmall&limit=2&cursor="+page["next_cursor"].(string), "")
	last := rest["items"].([]any)[0].(map[string]any)
	if len(rest["items"].([]any)) != 1 || last["ref"] != "Pa-0" || last["lines"] != 500.0 {
		t.Fatalf("second page: %v", rest)
	}
	id := int64(last["id"].(float64))
	one := x.mustDo(auth.Finance, "GET", fmt.Sprintf("/api/v1/settlements/payouts/%d", id), "")
	lines := one["lines"].([]any)
	first := lines[0].(map[string]any)
	if len(lines) != 100 || one["next_after"] == "" || first["key"] != "a-0" || first["raw"] != "Pa-0\ta-0\tsale\tO-0\t1.00" ||
		first["amount"].(map[string]any)["amount"] != "1.00" || first["row"] != 2.0 {
		t.Fatalf("payout: %d lines, first %v", len(lines), first)
	}
	more := x.mustDo(auth.Finance, "GET", fmt.Sprintf("/api/v1/settlements/payouts/%d/lines?after=%s&limit=1000", id, one["next_after"]), "")
	if n := len(more["lines"].([]any)); n != 400 || more["next_after"] != "" {
		t.Fatalf("the rest of the lines: %d, next %v", n, more["next_after"])
	}
	if status, _, ans := x.do(auth.Finance, "GET", "/api/v1/settlements/payouts/999999", ""); status != http.StatusNotFound || errorCode(ans) != "payout_not_found" {
		t.Fatalf("missing payout = %d %v", status, ans)
	}
	formats := x.mustDo(auth.Viewer, "GET", "/api/v1/settlements/formats", "")
	if fmt.Sprint(formats["items"]) == "[]" || !strings.Contains(fmt.Sprint(formats["items"]), "tsv-tmall") {
		t.Fatalf("formats: %v", formats)
	}
}

func TestAPI_SettlementImportRefusals(t *testing.T) {
	x := newAPI(t)
	lines := strings.Split(strings.TrimSuffix(settlementtest.File("b", 1000, 1000), "\n"), "\n")
	lines[899] = "Pb-0\tb-898\tsale\tO-898\tabc" // row 900
	status, _, ans := x.do(auth.Finance, "POST", "/api/v1/settlements/imports?format=tsv&shop=tmall", strings.Join(lines, "\n")+"\n", "Content-Type", tsvType)
	e, _ := ans["error"].(map[string]any)
	if status != http.StatusBadRequest || e["field"] != "amount" || !strings.HasPrefix(fmt.Sprint(e["message"]), "row 900, column amount: ") {
		t.Fatalf("bad row 900 = %d %v", status, ans)
	}
	if page := x.mustDo(auth.Finance, "GET", "/api/v1/settlements/payouts", ""); len(page["items"].([]any)) != 0 {
		t.Fatalf("a refused file left payouts: %v", page)
	}
	if page := x.mustDo(auth.Finance, "GET", "/api/v1/settlements/imports", ""); len(page["items"].([]any)) != 0 {
		t.Fatalf("a refused file left an import: %v", page)
	}
	// A tmall format for a JD shop: the message lists what fits.
	status, _, ans = x.do(auth.Finance, "POST", "/api/v1/settlements/imports?format=tsv-tmall&shop=jd", settlementtest.File("c", 3, 3), "Content-Type", tsvType)
	e, _ = ans["error"].(map[string]any)
	if status != http.StatusBadRequest || e["field"] != "format" || errorCode(ans) != "settlement_format_mismatch" || !strings.Contains(fmt.Sprint(e["message"]), "fit this shop are: tsv") {
		t.Fatalf("wrong format for the shop = %d %v", status, ans)
	}
	status, _, ans = x.do(auth.Finance, "POST", "/api/v1/settlements/imports?format=tsv&shop=jd", "x", "Content-Type", "image/png")
	if status != http.StatusBadRequest || errorCode(ans) != "content_type_unsupported" {
		t.Fatalf("png = %d %v", status, ans)
	}
	// A stored line with other content refuses the whole file.
	x.mustDo(auth.Finance, "POST", "/api/v1/settlements/imports?format=tsv&shop=jd", settlementtest.File("d", 3, 3), "Content-Type", tsvType)
	changed := strings.Replace(settlementtest.File("d", 3, 3), "d-2\tsale\tO-2\t3.02", "d-2\tsale\tO-2\t3.03", 1)
	status, _, ans = x.do(auth.Finance, "POST", "/api/v1/settlements/imports?format=tsv&shop=jd", changed, "Content-Type", tsvType)
	if status != http.StatusConflict || errorCode(ans) != "settlement_line_conflict" || !strings.Contains(fmt.Sprint(ans["error"]), `row 4: line "d-2"`) {
		t.Fatalf("changed line = %d %v", status, ans)
	}
	if status, _, ans := x.do(auth.Operations, "POST", "/api/v1/settlements/imports?format=tsv&shop=jd", changed, "Content-Type", tsvType); status != http.StatusForbidden {
		t.Fatalf("operations imports = %d %v", status, ans)
	}
}

func TestAPI_SettlementMappings(t *testing.T) {
	x := newAPI(t)
	saved := x.mustDo(auth.Finance, "PUT", "/api/v1/settlements/mappings/抖店", `{"currency":"CNY","columns":{"amount":"金额","posted_at":"时间","type":"类型"},"kinds":{"货款":"sale"}}`)
	if saved["version"] != 1.0 || saved["created_by"] != "finance-user" {
		t.Fatalf("saved: %v", saved)
	}
	x.mustDo(auth.Admin, "PUT", "/api/v1/settlements/mappings/抖店", `{"currency":"CNY","columns":{"amount":"收入金额","posted_at":"时间"}}`)
	got := x.mustDo(auth.Viewer, "GET", "/api/v1/settlements/mappings/抖店", "")
	if got["version"] != 2.0 || got["mapping"].(map[string]any)["columns"].(map[string]any)["amount"] != "收入金额" {
		t.Fatalf("got: %v", got)
	}
	status, _, ans := x.do(auth.Finance, "PUT", "/api/v1/settlements/mappings/x", `{"columns":{"amount":""}}`)
	if status != http.StatusBadRequest || errorCode(ans) != "mapping_amount_missing" {
		t.Fatalf("no amount = %d %v", status, ans)
	}
	if status, _, ans := x.do(auth.Finance, "GET", "/api/v1/settlements/mappings/none", ""); status != http.StatusNotFound || errorCode(ans) != "mapping_not_found" {
		t.Fatalf("missing = %d %v", status, ans)
	}
}
