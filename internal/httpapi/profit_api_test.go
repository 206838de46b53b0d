package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/profit/profitdb"
)

// The profit report and an order's profit answer what ingestion, shipping
// and a refund wrote, as openapi.json describes (every answer is validated
// against it), and bad groups are refused naming the field.
func TestAPI_Profit(t *testing.T) {
	x := newAPI(t)
	x.stockTea("30.00")
	o := x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	id := int64(o["id"].(float64))
	x.mustDo(auth.Warehouse, "POST", fmt.Sprintf("/api/v1/orders/%d/ship", id), `{"carrier":"SF","tracking_no":"SF1001"}`)
	x.mustDo(auth.Operations, "POST", fmt.Sprintf("/api/v1/orders/%d/refund", id), `{"amount":{"amount":"10.00","currency":"CNY"}}`, "Idempotency-Key", "r-1")

	rep := x.mustDo(auth.Viewer, "GET", "/api/v1/profit?group=channel,day&from=2026-11-01&to=2026-11-30", "")
	rows := rep["rows"].([]any)
	if len(rows) != 1 {
		t.Fatalf("rows = %v", rep)
	}
	row := rows[0].(map[string]any)
	if row["day"] != "2026-11-11" || row["channel"] != "web" || row["cogs"] != "60.00" || row["lines"] != 1.0 || row["revenue"] == "0.00" ||
		row["returns"] == "0.00" || row["shop"] != nil {
		t.Errorf("row = %v", row)
	}
	if links := row["links"].(map[string]any); links["orders"] != "/api/v1/orders?from=2026-11-11&to=2026-11-11" {
		t.Errorf("links = %v", links)
	}
	bySKU := x.mustDo(auth.Finance, "GET", "/api/v1/profit?group=sku&from=2026-11-01&to=2026-11-30&shop=S1", "")
	if rows := bySKU["rows"].([]any); len(rows) != 1 || rows[0].(map[string]any)["sku"] != "TEA-250" || rows[0].(map[string]any)["cogs"] != "60.00" {
		t.Errorf("by sku = %v", bySKU)
	}

	op := x.mustDo(auth.Viewer, "GET", fmt.Sprintf("/api/v1/profit/orders/%d", id), "")
	if op["shop"] != "S1" || len(op["lines"].([]any)) != 1 || len(op["entries"].([]any)) < 2 || op["total"].(map[string]any)["cogs"] != "60.00" {
		t.Errorf("order profit = %v", op)
	}
	if status, _, _ := x.do(auth.Viewer, "GET", "/api/v1/profit/orders/999999", ""); status != http.StatusNotFound {
		t.Errorf("unknown order = %d", status)
	}
	if status, _, _ := x.do(auth.Warehouse, "GET", "/api/v1/profit?from=2026-11-01&to=2026-11-30", ""); status != http.StatusForbidden {
		t.Errorf("warehouse reads profit: %d", status)
	}
	for _, q := range []string{"group=chanel&from=2026-11-01&to=2026-11-30", "group=sku,campaign&from=2026-11-01&to=2026-11-30"} {
		status, _, body := x.do(auth.Viewer, "GET", "/api/v1/profit?"+q, "")
		if status != http.StatusBadRequest || body["error"].(map[string]any)["field"] != "group" {
			t.Errorf("%s = %d %v", q, status, body)
		}
	}
	// An order attributed to a campaign with a platform-funded discount.
	tagged := strings.NewReplacer(`"W-1001"`, `"W-1003"`, `"u-42"`, `"u-44"`,
		`"shipping_fee":`, `"campaign":"double11","discount":{"amount":"10.00","currency":"CNY"},"platform_discount":{"amount":"4.00","currency":"CNY"},"shipping_fee":`).
		Replace(fmt.Sprintf(orderBody, 1, "paid"))
	x.mustDo(auth.Operations, "POST", "/api/v1/orders", tagged)
	camps := x.mustDo(auth.Viewer, "GET", "/api/v1/profit?group=campaign&from=2026-11-01&to=2026-11-30&campaign=double11", "")
	if rows := camps["rows"].([]any); len(rows) != 1 || rows[0].(map[string]any)["campaign"] != "double11" ||
		rows[0].(map[string]any)["discount_platform"] != "4.00" || rows[0].(map[string]any)["discount_shop"] != "6.00" {
		t.Errorf("by campaign = %v", camps)
	}
	// Each campaign row's orders behind it: the tagged order is double11's,
	// the first order the row of no campaign's, each with the row's revenue.
	byCamp := x.mustDo(auth.Viewer, "GET", "/api/v1/profit?group=campaign,day&from=2026-11-01&to=2026-11-30", "")
	for _, r := range byCamp["rows"].([]any) {
		row := r.(map[string]any)
		link := row["links"].(map[string]any)["profit_orders"].(string)
		page := x.mustDo(auth.Viewer, "GET", link, "")
		items := page["items"].([]any)
		if len(items) != 1 || page["next_cursor"] != "" {
			t.Fatalf("%s = %v, want the row's one order", link, page)
		}
		it := items[0].(map[string]any)
		campaign, _ := row["campaign"].(string) // absent for the orders of no campaign
		want := map[string]string{"": "W-1001", "double11": "W-1003"}[campaign]
		if it["external_id"] != want || it["revenue"] != row["revenue"] || it["campaign"] != row["campaign"] || it["profit"] != fmt.Sprintf("/api/v1/profit/orders/%v", it["order_id"]) {
			t.Errorf("%s: %v, want %s with the row's revenue %v", link, it, want, row["revenue"])
		}
	}
	if p := x.mustDo(auth.Viewer, "GET", "/api/v1/profit/orders?from=2026-11-01&to=2026-11-30&limit=1", ""); len(p["items"].([]any)) != 1 || p["next_cursor"] == "" {
		t.Errorf("a page of one of two orders = %v", p)
	}
	for _, q := range []string{"limit=0", "limit=201", "cursor=abc", "from=2026-13-01"} {
		if status, _, body := x.do(auth.Viewer, "GET", "/api/v1/profit/orders?"+q, ""); status != http.StatusBadRequest {
			t.Errorf("%s = %d %v", q, status, body)
		}
	}
	spend := "日期,活动,花费,币种\n2026-11-11,double11,20.00,CNY\n2026-11-12,other,5.00,CNY\n"
	if got := x.mustDo(auth.Finance, "POST", "/api/v1/profit/spend?channel=web", spend, "Content-Type", "text/csv"); got["imported"] != 2.0 {
		t.Errorf("spend import = %v", got)
	}
	if got := x.mustDo(auth.Finance, "POST", "/api/v1/profit/spend?channel=web", spend, "Content-Type", "text/csv"); got["imported"] != 0.0 || got["duplicates"] != 2.0 {
		t.Errorf("the same file again = %v", got)
	}
	if status, _, _ := x.do(auth.Finance, "POST", "/api/v1/profit/spend?channel=web", strings.Replace(spend, "20.00", "21.00", 1), "Content-Type", "text/csv"); status != http.StatusConflict {
		t.Errorf("another amount for a kept day = %d", status)
	}
	if status, _, body := x.do(auth.Finance, "POST", "/api/v1/profit/spend?channel=web", "date,campaign,spend,currency\n2026-11-11,a,x,CNY\n", "Content-Type", "text/csv"); status != http.StatusBadRequest ||
		!strings.Contains(body["error"].(map[string]any)["message"].(string), "row 2, column 3") {
		t.Errorf("a bad row = %d %v", status, body)
	}
	// The spend kept, listed a page at a time in day order.
	page := x.mustDo(auth.Viewer, "GET", "/api/v1/profit/spend?limit=1", "")
	items := page["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["campaign"] != "double11" || items[0].(map[string]any)["amount"].(map[string]any)["amount"] != "20.00" ||
		page["next_cursor"] == "" {
		t.Fatalf("spend page 1 = %v", page)
	}
	page = x.mustDo(auth.Viewer, "GET", "/api/v1/profit/spend?limit=1&cursor="+page["next_cursor"].(string), "")
	if items := page["items"].([]any); len(items) != 1 || items[0].(map[string]any)["day"] != "2026-11-12" || items[0].(map[string]any)["channel"] != "web" {
		t.Fatalf("spend page 2 = %v", page)
	}
	if page = x.mustDo(auth.Viewer, "GET", "/api/v1/profit/spend?limit=1&cursor="+page["next_cursor"].(string), ""); len(page["items"].([]any)) != 0 || page["next_cursor"] != "" {
		t.Fatalf("spend page 3 = %v", page)
	}
	if page = x.mustDo(auth.Viewer, "GET", "/api/v1/profit/spend?from=2026-11-12&campaign=other&channel=web", ""); len(page["items"].([]any)) != 1 || page["next_cursor"] != "" {
		t.Fatalf("spend filtered = %v", page)
	}
	for q, field := range map[string]string{"from=11/12": "from", "limit=0": "limit", "cursor=x": "cursor"} {
		if status, _, body := x.do(auth.Viewer, "GET", "/api/v1/profit/spend?"+q, ""); status != http.StatusBadRequest || body["error"].(map[string]any)["field"] != field {
			t.Errorf("spend?%s = %d %v", q, status, body)
		}
	}
	roi := x.mustDo(auth.Viewer, "GET", "/api/v1/profit?group=campaign&from=2026-11-01&to=2026-11-30", "")
	var seen int
	for _, r := range roi["rows"].([]any) {
		row := r.(map[string]any)
		switch row["campaign"] {
		case "double11":
			seen++
			if row["spend"] != "20.00" || row["roi"] == nil || row["roi"] == "" {
				t.Errorf("double11 = %v", row)
			}
		case "other":
			seen++
			if row["spend"] != "5.00" || row["roi"] != "0.0000" || row["lines"] != 0.0 {
				t.Errorf("a campaign with spend and no sales = %v", row)
			}
		}
	}
	if seen != 2 {
		t.Errorf("campaign rows = %v", roi)
	}
	bad := strings.Replace(tagged, `"amount":"4.00"`, `"amount":"11.00"`, 1)
	if status, _, body := x.do(auth.Operations, "POST", "/api/v1/orders", strings.Replace(bad, "W-1003", "W-1004", 1)); status != http.StatusBadRequest ||
		body["error"].(map[string]any)["field"] != "platform_discount" {
		t.Errorf("a platform discount above the discounts = %d %v", status, body)
	}
	if ms, err := profitdb.New(x.db).Check(t.Context()); err != nil || len(ms) != 0 {
		t.Fatalf("check = %v %v", ms, err)
	}
}

// Carrier rates are set and listed over the API; the same rate again
// changes nothing, a bad one is refused naming the field, and an order
// written afterwards is estimated with it.
func TestAPI_CarrierRates(t *testing.T) {
	x := newAPI(t)
	rate := `{"carrier":"*","province":"*","first_g":1000,"first":{"amount":"12.00","currency":"CNY"},"extra_g":1000,` +
		`"extra":{"amount":"2.00","currency":"CNY"},"flat":{"amount":"8.00","currency":"CNY"}}`
	for range 2 {
		if got := x.mustDo(auth.Finance, "PUT", "/api/v1/profit/carrier-rates", rate); got["flat"].(map[string]any)["amount"] != "8.00" {
			t.Fatalf("put = %v", got)
		}
	}
	list := x.mustDo(auth.Viewer, "GET", "/api/v1/profit/carrier-rates", "")
	if items := list["items"].([]any); len(items) != 1 || items[0].(map[string]any)["carrier"] != "*" || items[0].(map[string]any)["first_g"] != 1000.0 {
		t.Fatalf("list = %v", list)
	}
	for body, field := range map[string]string{
		strings.Replace(rate, `"flat":{"amount":"8.00","currency":"CNY"}`, `"flat":{"amount":"8.00","currency":"USD"}`, 1): "flat",
		strings.Replace(rate, `"carrier":"*"`, `"carrier":""`, 1):                                                          "carrier",
	} {
		if status, _, b := x.do(auth.Finance, "PUT", "/api/v1/profit/carrier-rates", body); status != http.StatusBadRequest || b["error"].(map[string]any)["field"] != field {
			t.Errorf("%s = %d %v", body, status, b)
		}
	}
	if status, _, _ := x.do(auth.Viewer, "PUT", "/api/v1/profit/carrier-rates", rate); status != http.StatusForbidden {
		t.Errorf("a viewer sets a rate: %d", status)
	}
	x.stockTea("30.00")
	o := x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	op := x.mustDo(auth.Viewer, "GET", fmt.Sprintf("/api/v1/profit/orders/%v", o["id"]), "")
	if op["total"].(map[string]any)["shipping"] != "8.00" {
		t.Errorf("an order after the rate = %v", op["total"])
	}
}

// An order's shipping cost entered by hand is in effect in place of the
// estimate, which stays beside it; entering it again replaces it, and an
// order written afterwards keeps it (spread over its lines again).
func TestAPI_ShippingCost(t *testing.T) {
	x := newAPI(t)
	x.mustDo(auth.Finance, "PUT", "/api/v1/profit/carrier-rates", `{"carrier":"*","province":"*","first_g":1000,"first":{"amount":"12.00","currency":"CNY"},`+
		`"extra_g":1000,"extra":{"amount":"2.00","currency":"CNY"},"flat":{"amount":"8.00","currency":"CNY"}}`)
	x.stockTea("30.00")
	o := x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	path := fmt.Sprintf("/api/v1/orders/%v/shipping-cost", o["id"])
	for _, amount := range []string{"5.00", "6.50", "6.50"} {
		got := x.mustDo(auth.Warehouse, "PUT", path, `{"amount":{"amount":"`+amount+`","currency":"CNY"}}`)
		if tot := got["total"].(map[string]any); tot["shipping"] != amount || tot["act_shipping"] != amount || tot["est_shipping"] != "8.00" {
			t.Fatalf("after %s: %v", amount, tot)
		}
	}
	// Shipping the order writes it again: the entered cost stays in effect.
	x.mustDo(auth.Warehouse, "POST", fmt.Sprintf("/api/v1/orders/%v/ship", o["id"]), `{"carrier":"SF","tracking_no":"SF1001"}`)
	op := x.mustDo(auth.Viewer, "GET", fmt.Sprintf("/api/v1/profit/orders/%v", o["id"]), "")
	if tot := op["total"].(map[string]any); tot["shipping"] != "6.50" || tot["est_shipping"] != "8.00" {
		t.Fatalf("after shipping: %v", tot)
	}
	rep := x.mustDo(auth.Viewer, "GET", "/api/v1/profit?group=channel&from=2026-11-01&to=2026-11-30", "")
	if row := rep["rows"].([]any)[0].(map[string]any); row["shipping"] != "6.50" || row["est_shipping"] != "8.00" || row["act_shipping"] != "6.50" {
		t.Fatalf("report: %v", row)
	}
	for body, field := range map[string]string{`{"amount":{"amount":"1.00","currency":"USD"}}`: "amount", `{"amount":{"amount":"-1.00","currency":"CNY"}}`: "amount", `{}`: "amount"} {
		if status, _, b := x.do(auth.Finance, "PUT", path, body); status != http.StatusBadRequest || b["error"].(map[string]any)["field"] != field {
			t.Errorf("%s = %d %v", body, status, b)
		}
	}
	if status, _, _ := x.do(auth.Finance, "PUT", "/api/v1/orders/999999/shipping-cost", `{"amount":{"amount":"1.00","currency":"CNY"}}`); status != http.StatusNotFound {
		t.Errorf("unknown order = %d", status)
	}
	if status, _, _ := x.do(auth.Viewer, "PUT", path, `{"amount":{"amount":"1.00","currency":"CNY"}}`); status != http.StatusForbidden {
		t.Errorf("a viewer enters a cost: %d", status)
	}
	if ms, err := profitdb.New(x.db).Check(t.Context()); err != nil || len(ms) != 0 {
		t.Fatalf("check = %v %v", ms, err)
	}
	if _, err := x.db.Writer().ExecContext(t.Context(), `UPDATE order_shipping_costs SET amount_minor = amount_minor + 1`); err != nil {
		t.Fatal(err)
	}
	if ms, err := profitdb.New(x.db).Check(t.Context()); err != nil || len(ms) != 1 || ms[0].Figure != "act_shipping" {
		t.Fatalf("an entered cost that differs from the facts: %v %v", ms, err)
	}
}
