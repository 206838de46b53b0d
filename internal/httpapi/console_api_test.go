package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/job/jobdb"
	"github.com/fnshub/fnshub/internal/shop"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestAPI_StockMovements: the movement history newest first, by SKU and
// warehouse, paged with before=, in the merchant's zone, on both engines.
func TestAPI_StockMovements(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			x := newAPIOn(t, e.Open(t))
			x.mustDo(auth.Warehouse, "POST", "/api/v1/warehouses", `{"code":"SH","name":"上海仓"}`)
			x.mustDo(auth.Warehouse, "POST", "/api/v1/warehouses", `{"code":"GZ","name":"广州仓"}`)
			for _, sku := range []string{"TEA-250", "TEA-500"} {
				x.mustDo(auth.Operations, "POST", "/api/v1/skus", fmt.Sprintf(`{"code":%q,"name":%q,"tax_rate":"0.13"}`, sku, sku))
			}
			x.mustDo(auth.Warehouse, "POST", "/api/v1/stock/receipts", `{"sku":"TEA-250","warehouse":"SH","quantity":10}`, "Idempotency-Key", "po-1")
			x.mustDo(auth.Warehouse, "POST", "/api/v1/stock/receipts", `{"sku":"TEA-500","warehouse":"SH","quantity":4}`, "Idempotency-Key", "po-2")
			x.mustDo(auth.Warehouse, "POST", "/api/v1/stock/adjustments", `{"sku":"TEA-250","warehouse":"SH","quantity":-2}`, "Idempotency-Key", "count-1")
			x.mustDo(auth.Warehouse, "POST", "/api/v1/stock/transfers", `{"sku":"TEA-250","from":"SH","to":"GZ","quantity":3}`, "Idempotency-Key", "move-1")

			kinds := func(path string) ([]string, string) {
				t.Helper()
				page := x.mustDo(auth.Viewer, "GET", path, "")
				var ks []string
				for _, it := range page["items"].([]any) {
					m := it.(map[string]any)
					ks = append(ks, fmt.Sprintf("%s %s %s %v", m["kind"], m["sku"], m["warehouse"], m["on_hand_delta"]))
					if !strings.HasSuffix(m["at"].(string), "+08:00") {
						t.Errorf("at %s is not in the merchant's zone", m["at"])
					}
				}
				return ks, page["next_cursor"].(string)
			}
			all, next := kinds("/api/v1/stock/movements")
			want := []string{"transfer_in TEA-250 GZ 3", "transfer_out TEA-250 SH -3", "adjustment TEA-250 SH -2", "receipt TEA-500 SH 4", "receipt TEA-250 SH 10"}
			if fmt.Sprint(all) != fmt.Sprint(want) || next != "" {
				t.Fatalf("movements = %v next %q, want %v and no next page", all, next, want)
			}
			if got, _ := kinds("/api/v1/stock/movements?sku=TEA-250&warehouse=SH"); fmt.Sprint(got) != fmt.Sprint([]string{want[1], want[2], want[4]}) {
				t.Errorf("TEA-250 in SH = %v", got)
			}
			first, next := kinds("/api/v1/stock/movements?limit=2")
			if fmt.Sprint(first) != fmt.Sprint(want[:2]) || next == "" {
				t.Fatalf("first page = %v next %q", first, next)
			}
			rest, last := kinds("/api/v1/stock/movements?limit=3&before=" + next)
			if fmt.Sprint(rest) != fmt.Sprint(want[2:]) || last != "" {
				t.Fatalf("second page = %v next %q, want %v", rest, last, want[2:])
			}
			for _, q := range []string{"limit=501", "limit=x", "before=-1"} {
				if status, _, body := x.do(auth.Viewer, "GET", "/api/v1/stock/movements?"+q, ""); status != http.StatusBadRequest {
					t.Errorf("%s = %d %v, want 400", q, status, body)
				}
			}
		})
	}
}

// TestAPI_SKUImport: a sheet of SKUs by the CLI's rules — a bad row
// imports nothing and names the row and column, skip_bad imports the good
// rows, an existing code imports nothing — on both engines.
func TestAPI_SKUImport(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			x := newAPIOn(t, e.Open(t))
			csv := "商家编码,名称,税率\nTEA-250,龙井 250g,0.13\nTEA-500,龙井 500g,abc\nSET-1,礼盒,0.13\n"
			post := func(role auth.Role, query, body string) (int, map[string]any) {
				t.Helper()
				status, _, ans := x.do(role, "POST", "/api/v1/skus/import"+query, body, "Content-Type", "text/csv; charset=utf-8")
				return status, ans
			}
			status, ans := post(auth.Purchasing, "", csv)
			rows, _ := ans["rows"].([]any)
			if status != http.StatusUnprocessableEntity || errorCode(ans) != "rows_invalid" || len(rows) != 1 ||
				rows[0].(map[string]any)["row"] != 3.0 || rows[0].(map[string]any)["column"] != "tax_rate" {
				t.Fatalf("a sheet with a bad row = %d %v, want 422 naming row 3, tax_rate", status, ans)
			}
			if page := x.mustDo(auth.Viewer, "GET", "/api/v1/skus", ""); len(page["items"].([]any)) != 0 {
				t.Fatalf("a refused sheet imported %v", page["items"])
			}
			if status, ans := post(auth.Warehouse, "?skip_bad=true", csv); status != http.StatusForbidden {
				t.Fatalf("the warehouse imported SKUs: %d %v", status, ans)
			}
			status, ans = post(auth.Operations, "?skip_bad=true", csv)
			if status != http.StatusOK || ans["imported"] != 2.0 || len(ans["errors"].([]any)) != 1 {
				t.Fatalf("skip_bad = %d %v, want 2 imported and the bad row listed", status, ans)
			}
			if sku := x.mustDo(auth.Viewer, "GET", "/api/v1/skus/SET-1", ""); sku["name"] != "礼盒" {
				t.Fatalf("imported SKU = %v", sku)
			}
			if status, ans := post(auth.Operations, "", "code,name,tax_rate\nNEW-1,New,0.13\nTEA-250,again,0.13\n"); status != http.StatusConflict || errorCode(ans) != "code_taken" {
				t.Fatalf("a sheet with an existing code = %d %v, want 409 code_taken", status, ans)
			}
			if status, ans := post(auth.Operations, "", "code,name,tax_rate,components\nNEW-1,New,0.13,\nBOX-1,Box,0.13,NOPE*2\n"); status != http.StatusBadRequest || errorCode(ans) != "component_not_found" {
				t.Fatalf("a bundle of an unknown component = %d %v, want 400 component_not_found", status, ans)
			}
			if _, _, got := x.do(auth.Viewer, "GET", "/api/v1/skus/NEW-1", ""); errorCode(got) != "sku_not_found" {
				t.Fatalf("a refused import created NEW-1: %v", got)
			}
			if status, _, ans := x.do(auth.Operations, "POST", "/api/v1/skus/import", `{"code":"X"}`); status != http.StatusBadRequest || errorCode(ans) != "content_type_unsupported" {
				t.Fatalf("a JSON body = %d %v", status, ans)
			}
		})
	}
}

// TestAPI_SKUImportFormats: the example workbook as xlsx, and a GBK CSV as
// Chinese Excel saves it, import as `fnshub import skus` imports them.
func TestAPI_SKUImportFormats(t *testing.T) {
	x := newAPI(t)
	book, err := os.ReadFile("../../examples/skus.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	// The workbook's bundle names TEA-250, which it does not list.
	x.mustDo(auth.Operations, "POST", "/api/v1/skus", `{"code":"TEA-250","name":"西湖龙井 250g","tax_rate":"0.13"}`)
	status, _, ans := x.do(auth.Operations, "POST", "/api/v1/skus/import", string(book), "Content-Type", xlsxType)
	if status != http.StatusOK || ans["imported"] != 2.0 {
		t.Fatalf("the example workbook = %d %v, want its 2 SKUs", status, ans)
	}
	if b := x.mustDo(auth.Viewer, "GET", "/api/v1/skus/GIFT-1", ""); len(b["components"].([]any)) != 2 {
		t.Fatalf("the workbook's bundle = %v", b)
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("商家编码,名称,税率\nGBK-1,碧螺春,9%\n")
	if err != nil {
		t.Fatal(err)
	}
	status, _, ans = x.do(auth.Operations, "POST", "/api/v1/skus/import", gbk, "Content-Type", "text/csv")
	if status != http.StatusOK || ans["imported"] != 1.0 {
		t.Fatalf("a GBK CSV = %d %v", status, ans)
	}
	if sku := x.mustDo(auth.Viewer, "GET", "/api/v1/skus/GBK-1", ""); sku["name"] != "碧螺春" || sku["tax_rate"] != "0.09" {
		t.Fatalf("the GBK row = %v", sku)
	}
}

// pullsOnly pulls shop s1 only; the test never runs the jobs.
type pullsOnly struct{}

func (pullsOnly) Connector(context.Context, shop.Shop, string) (channel.Connector, error) {
	return nil, fmt.Errorf("not run in this test")
}
func (pullsOnly) Puller(sh shop.Shop) (string, bool) { return "fake", sh.ID == "s1" }

// TestAPI_ShopSync: "sync now" queues one pull of the shop however often it
// is pressed, refuses a shop that is not pulled, and is for shop keepers.
func TestAPI_ShopSync(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db := e.Open(t)
			if _, err := jobdb.Migrate(context.Background(), db); err != nil {
				t.Fatal(err)
			}
			q, err := jobdb.New(db, job.NewWorkers(), jobdb.Config{})
			if err != nil {
				t.Fatal(err)
			}
			x := newAPIWith(t, db, func(d *Deps) {
				d.Jobs = q
				d.Pulls = app.NewPulls(d.Orders, d.Shops, pullsOnly{}, app.PullOptions{})
			})
			status, _, first := x.do(auth.Operations, "POST", "/api/v1/shops/s1/sync", "")
			if status != http.StatusAccepted || first["already_queued"] != false {
				t.Fatalf("sync = %d %v, want 202", status, first)
			}
			status, _, again := x.do(auth.Admin, "POST", "/api/v1/shops/s1/sync", "")
			if status != http.StatusOK || again["already_queued"] != true || again["job"] != first["job"] {
				t.Fatalf("second sync = %d %v, want 200 and job %v", status, again, first["job"])
			}
			jobs := x.mustDo(auth.Operations, "GET", "/api/v1/jobs?kind=pull.shop", "")["items"].([]any)
			if len(jobs) != 1 || jobs[0].(map[string]any)["id"] != first["job"] {
				t.Fatalf("pull jobs = %v, want the one", jobs)
			}
			cases := []struct {
				role   auth.Role
				shop   string
				status int
				code   string
			}{
				{auth.Operations, "S1", http.StatusConflict, "shop_not_pulled"},
				{auth.Operations, "nope", http.StatusNotFound, "shop_not_found"},
				{auth.Warehouse, "s1", http.StatusForbidden, "role_forbidden"},
			}
			for _, c := range cases {
				if status, _, ans := x.do(c.role, "POST", "/api/v1/shops/"+c.shop+"/sync", ""); status != c.status || errorCode(ans) != c.code {
					t.Errorf("%s syncing %s = %d %v, want %d %s", c.role, c.shop, status, ans, c.status, c.code)
				}
			}
			if status, _, ans := newAPI(t).do(auth.Operations, "POST", "/api/v1/shops/s1/sync", ""); status != http.StatusServiceUnavailable {
				t.Fatalf("without pulls = %d %v", status, ans)
			}
		})
	}
}
