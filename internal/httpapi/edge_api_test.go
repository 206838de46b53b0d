package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// edgeCase is one request the edge must refuse with 400, a code and a field.
type edgeCase struct {
	name, method, path, body string
	header                   []string
	code, field              string
	message                  string // a part of the message, if it matters
}

func (x *api) refuses(role auth.Role, cases []edgeCase) {
	x.t.Helper()
	for _, c := range cases {
		x.t.Run(c.name, func(t *testing.T) {
			status, _, body := x.do(role, c.method, c.path, c.body, c.header...)
			e, _ := body["error"].(map[string]any)
			msg, _ := e["message"].(string)
			field, _ := e["field"].(string)
			if status != http.StatusBadRequest || errorCode(body) != c.code || field != c.field || !strings.Contains(msg, c.message) {
				t.Fatalf("%d %v\nwant 400 %s field %q message containing %q", status, body, c.code, c.field, c.message)
			}
		})
	}
}

// orderWith is orderBody (version 1, paid) with old replaced by new once.
func orderWith(old, new string) string {
	b := fmt.Sprintf(orderBody, 1, "paid")
	if !strings.Contains(b, old) {
		panic("orderWith: no " + old)
	}
	return strings.Replace(b, old, new, 1)
}

// TestAPI_TextRuleAtTheEdge runs on both engines: PostgreSQL answered 500
// for a NUL, and SQLite stored it.
func TestAPI_TextRuleAtTheEdge(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { testTextRule(t, newAPIOn(t, e.Open(t))) })
	}
}

func testTextRule(t *testing.T, x *api) {
	x.mustDo(auth.Operations, "POST", "/api/v1/skus", `{"code":"TEA-250","name":"龙井 250g","tax_rate":"0.13"}`)
	post := func(name, body, code, field, message string) edgeCase {
		return edgeCase{name: name, method: "POST", path: "/api/v1/orders", body: body, code: code, field: field, message: message}
	}
	x.refuses(auth.Admin, []edgeCase{
		post("an escaped NUL in a nested string", orderWith(`"sku":"TEA-250"`, `"sku":"TEA-250","title":"龙井\u0000"`),
			"text_invalid", "lines[0].title", `field "lines[0].title" holds a NUL character (\u0000)`),
		post("GBK bytes in the contact", orderWith(`"name":"张三丰"`, "\"name\":\"\xd5\xc5\xc8\xfd\""),
			"text_invalid", "contact.name", `field "contact.name" holds bytes that are not UTF-8 (0xD5)`),
		post("a lone surrogate escape", orderWith(`"detail":"龙井路 1 号"`, `"detail":"\ud800"`),
			"text_invalid", "contact.detail", "surrogate"),
		post("a NUL in a key", orderWith(`"shop":"S1"`, `"shop":"S1","s\u0000":1`),
			"text_invalid", "body", "a key in the body holds a NUL"),
		{name: "a NUL in a query parameter", method: "GET", path: "/api/v1/orders?shop=S%001",
			code: "text_invalid", field: "shop", message: "query parameter shop holds a NUL"},
		{name: "invalid UTF-8 in a query parameter", method: "GET", path: "/api/v1/orders?sku=%C1%FA",
			code: "text_invalid", field: "sku", message: "not UTF-8"},
		{name: "a NUL in a path value", method: "GET", path: "/api/v1/skus/TEA%00",
			code: "text_invalid", field: "code", message: "path parameter code holds a NUL"},
		{name: "a NUL in the Idempotency-Key", method: "POST", path: "/api/v1/ledger/entries", body: sale,
			header: []string{"Idempotency-Key", "k\xc1"}, code: "text_invalid", field: "Idempotency-Key"},
	})
	if _, _, list := x.do(auth.Viewer, "GET", "/api/v1/orders", ""); len(list["items"].([]any)) != 0 {
		t.Fatalf("refused orders were stored: %v", list)
	}
}

func TestAPI_DocumentedLimitsAreKept(t *testing.T) {
	x := newAPI(t)
	x.stockTea("")
	created := x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	ship := fmt.Sprintf("/api/v1/orders/%v/ship", created["id"])
	post := func(name, body, code, field, message string) edgeCase {
		return edgeCase{name: name, method: "POST", path: "/api/v1/orders", body: body, code: code, field: field, message: message}
	}
	x.refuses(auth.Admin, []edgeCase{
		post("a 33-character channel", orderWith(`"channel":"web"`, `"channel":"`+strings.Repeat("w", 33)+`"`),
			"channel_invalid", "channel", `field "channel" is 33 characters long; the most is 32`),
		post("a quantity past the cap", orderWith(`"quantity":2`, `"quantity":1000001`),
			"quantity_invalid", "lines[0].quantity", `field "lines[0].quantity" is 1000001; it must be from 1 to 1000000`),
		post("a quantity past int64", orderWith(`"quantity":2`, `"quantity":9223372036854775808`),
			"quantity_invalid", "lines[0].quantity", "is 9223372036854775808; it must be from 1 to 1000000"),
		post("a repeated key", orderWith(`"channel":"web"`, `"channel":"web","channel":"pos"`),
			"duplicate_key", "channel", `key "channel" appears twice in the body`),
		post("a repeated key in another case", orderWith(`"quantity":2`, `"quantity":2,"Quantity":3`),
			"duplicate_key", "lines[0].Quantity", `key "Quantity" appears twice in "lines[0]" (first as "quantity")`),
		{name: "a 100,000-character tracking number", method: "POST", path: ship,
			body: `{"carrier":"SF","tracking_no":"` + strings.Repeat("9", 100_000) + `"}`,
			code: "tracking_no_invalid", field: "tracking_no", message: "the most is 64"},
		{name: "a 300-character Idempotency-Key", method: "POST", path: "/api/v1/stock/receipts",
			body: `{"sku":"TEA-250","warehouse":"HZ","quantity":1}`, header: []string{"Idempotency-Key", strings.Repeat("k", 300)},
			code: "idempotency_key_too_long", field: "Idempotency-Key", message: "is 300 characters long; the most is 128"},
	})
	x.refuses(auth.Admin, []edgeCase{{name: "one account debited and credited", method: "POST", path: "/api/v1/ledger/entries",
		body: `{"postings":[
			{"account":"1122","side":"debit","amount":{"amount":"10.00","currency":"CNY"}},
			{"account":"1122","side":"credit","amount":{"amount":"10.00","currency":"CNY"}}]}`,
		header: []string{"Idempotency-Key", "same-account"}, code: "posting_account_both_sides", field: "postings[1].account",
		message: "posting 1 credits account 1122, which posting 0 debits"}})
	if _, _, list := x.do(auth.Finance, "GET", "/api/v1/ledger/entries", ""); len(list["items"].([]any)) != 1 {
		t.Fatalf("want only the order's entry, got %v", list)
	}
}

func TestAPI_WrongMethodIs405WithAllow(t *testing.T) {
	x := newAPI(t)
	status, hdr, body := x.do(auth.Admin, "PUT", "/api/v1/orders", "{}")
	if status != http.StatusMethodNotAllowed || hdr.Get("Allow") != "GET, HEAD, POST" || errorCode(body) != "method_not_allowed" {
		t.Fatalf("PUT /api/v1/orders = %d Allow %q %v, want 405 Allow GET, HEAD, POST", status, hdr.Get("Allow"), body)
	}
	if status, hdr, _ := x.do(auth.Admin, "DELETE", "/api/v1/skus/TEA", ""); status != http.StatusMethodNotAllowed || hdr.Get("Allow") != "GET, HEAD, PATCH" {
		t.Fatalf("DELETE /api/v1/skus/TEA = %d Allow %q", status, hdr.Get("Allow"))
	}
	if status, _, body := x.do(auth.Admin, "GET", "/api/v1/nothing", ""); status != http.StatusNotFound || errorCode(body) != "route_not_found" {
		t.Fatalf("GET /api/v1/nothing = %d %v", status, body)
	}
}

func TestAPI_TypeErrorsNameTheFieldInPlainWords(t *testing.T) {
	x := newAPI(t)
	post := func(name, body, field, message string) edgeCase {
		return edgeCase{name: name, method: "POST", path: "/api/v1/orders", body: body, code: "body_invalid", field: field, message: message}
	}
	x.refuses(auth.Admin, []edgeCase{
		post("a quantity as a string", orderWith(`"quantity":2`, `"quantity":"2"`),
			"lines[0].quantity", `field "lines[0].quantity" must be an integer, not a JSON string`),
		post("the body as an array", `[]`, "", `must be an object, not a JSON array`),
	})
	x.refuses(auth.Admin, []edgeCase{{name: "a time without its zone", method: "POST", path: "/api/v1/orders",
		body: orderWith(`"created_at":"2026-11-11T00:00:01+08:00"`, `"created_at":"2026-11-11 00:00:01"`), code: "created_at_invalid", field: "created_at",
		message: `field "created_at" must be an RFC 3339 time such as 2026-11-11T00:00:01+08:00, not "2026-11-11 00:00:01"`}})
}
