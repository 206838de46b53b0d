package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/settlement/settlementtest"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// The route × role × scope matrix (issue 9 §4, docs/adr/0039): every route
// of routes(), as every role, unauthenticated, unscoped and limited to
// shop A, against a server holding data of shops A and B. What each cell
// must answer follows from policy and from scopeRules, the table of how
// each route meets the scope: a route missing from it fails the test.

const (
	shopA = "dy-alpha" // the scoped users' shop (Douyin)
	shopB = "jd-bravo" // the other shop; its id is in everything of it
)

// scopeKind is how a route meets the data scope.
type scopeKind int

const (
	kindPublic       scopeKind = iota // no token (health, the API description, hooks signed by the platform)
	kindShared                        // not shop-bound (catalog, stock, entities, accounts): the same for everyone
	kindList                          // a list of shop-bound things: none of B's for a scoped user
	kindFilter                        // a list by ?shop=: B's asked for by a scoped user is 403 scope_forbidden
	kindObject                        // one shop-bound thing: B's is as if it did not exist for a scoped user
	kindUnscopedOnly                  // refused to a scoped user: 403 scope_forbidden
	kindAdminOnly                     // admins only, and admins are never scoped
	kindRows                          // an import by rows: a row of B's order is a row error for a scoped user
	kindSelf                          // the caller's own console session: no shop's data; a token is 401 session_missing
)

// call is one request; shop picks the fixture it is about: shopA, shopB,
// or "" for none.
type call struct {
	method, path, body string
	header             []string
}

type scopeRule struct {
	kind scopeKind
	req  func(f *scopeFixtures, shop string) call
	// hidden is the status of B's thing for a scoped user (kindObject): 404,
	// or 400 shop_not_found when a body names the shop, or 403 for an
	// entry with a posting of another shop.
	hidden int
	// needsShop: the kindFilter route requires ?shop= (no unfiltered call).
	needsShop bool
	// noMarkers: a kindList answer holds totals, not shop ids; check
	// compares them instead.
	noMarkers bool
	// check runs on a scoped user's answer about A (or unfiltered).
	check func(t *testing.T, m *scopeMatrix, cell string, body []byte)
}

// scopeFixtures are the ids of what the matrix's data holds, by shop.
type scopeFixtures struct {
	order   map[string]int64
	entry   map[string]int64
	invoice map[string]int64
	payout  map[string]int64 // a settlement payout of the shop
}

func get(path string) func(*scopeFixtures, string) call {
	return func(*scopeFixtures, string) call { return call{method: "GET", path: path} }
}

func send(method, path, body string, header ...string) func(*scopeFixtures, string) call {
	return func(*scopeFixtures, string) call { return call{method: method, path: path, body: body, header: header} }
}

// orderCall is a request on the shop's order.
func orderCall(method, suffix, body string, header ...string) func(*scopeFixtures, string) call {
	return func(f *scopeFixtures, shop string) call {
		return call{method: method, path: fmt.Sprintf("/api/v1/orders/%d%s", f.order[shop], suffix), body: body, header: header}
	}
}

// shopCall is a request on the shop in the path.
func shopCall(method, suffix, body string) func(*scopeFixtures, string) call {
	return func(_ *scopeFixtures, shop string) call {
		return call{method: method, path: "/api/v1/shops/" + shop + suffix, body: body}
	}
}

// filtered is a GET with ?shop= when shop is set.
func filtered(path string) func(*scopeFixtures, string) call {
	return func(_ *scopeFixtures, shop string) call {
		if shop == "" {
			return call{method: "GET", path: path}
		}
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		return call{method: "GET", path: path + sep + "shop=" + shop}
	}
}

func channelOf(shop string) string {
	if shop == shopB {
		return "jd"
	}
	return "douyin"
}

// scopeRules is the declared scope of every route, keyed by pattern.
func scopeRules() map[string]scopeRule {
	shared := func(req func(*scopeFixtures, string) call) scopeRule { return scopeRule{kind: kindShared, req: req} }
	object := func(hidden int, req func(*scopeFixtures, string) call) scopeRule {
		return scopeRule{kind: kindObject, hidden: hidden, req: req}
	}
	public := scopeRule{kind: kindPublic}
	adminOnly := scopeRule{kind: kindAdminOnly}
	return map[string]scopeRule{
		"GET /healthz":                  {kind: kindPublic},
		"GET /readyz":                   public,
		"GET /metrics":                  public,
		"GET /api/v1/openapi.json":      public,
		"POST /hooks/{platform}/{shop}": public,
		// Signing in and first-run setup need no credential; the session's
		// own routes take the cookie only (session_api_test.go signs in).
		"POST /api/v1/session":          public,
		"POST /api/v1/setup":            public,
		"GET /api/v1/session":           {kind: kindSelf, req: get("/api/v1/session")},
		"DELETE /api/v1/session":        {kind: kindSelf, req: send("DELETE", "/api/v1/session", "")},
		"POST /api/v1/session/password": {kind: kindSelf, req: send("POST", "/api/v1/session/password", `{}`)},

		"GET /api/v1/ledger/accounts":  shared(get("/api/v1/ledger/accounts")),
		"POST /api/v1/ledger/accounts": shared(send("POST", "/api/v1/ledger/accounts", `{}`)),
		"GET /api/v1/ledger/entries":   {kind: kindList, req: get("/api/v1/ledger/entries?limit=1000")},
		"POST /api/v1/ledger/entries": object(http.StatusForbidden, func(_ *scopeFixtures, shop string) call {
			return call{method: "POST", path: "/api/v1/ledger/entries", header: []string{"Idempotency-Key", "matrix-" + shop + "-" + fmt.Sprint(time.Now().UnixNano())},
				body: fmt.Sprintf(`{"description":"by hand","postings":[
					{"account":"1122","side":"debit","amount":{"amount":"1.00","currency":"CNY"},"shop":%q},
					{"account":"6001","side":"credit","amount":{"amount":"1.00","currency":"CNY"},"shop":%q}]}`, shop, shop)}
		}),
		"GET /api/v1/ledger/entries/{id}": object(http.StatusNotFound, func(f *scopeFixtures, shop string) call {
			return call{method: "GET", path: fmt.Sprintf("/api/v1/ledger/entries/%d", f.entry[shop])}
		}),
		"POST /api/v1/ledger/entries/{id}/reversal": object(http.StatusNotFound, func(f *scopeFixtures, shop string) call {
			return call{method: "POST", path: fmt.Sprintf("/api/v1/ledger/entries/%d/reversal", f.entry[shop]), header: []string{"Idempotency-Key", "rev-" + shop}}
		}),
		"GET /api/v1/ledger/trial-balance": {kind: kindList, req: get("/api/v1/ledger/trial-balance"), noMarkers: true,
			check: func(t *testing.T, m *scopeMatrix, cell string, body []byte) {
				if got := trialDebit(t, body); got != m.debitOfA {
					t.Errorf("%s: the trial balance's debits are %d minor units, want %d: A's postings only", cell, got, m.debitOfA)
				}
			}},
		"GET /api/v1/ledger/accounts/{code}/movements": {kind: kindFilter, req: filtered("/api/v1/ledger/accounts/1122/movements")},
		"GET /api/v1/ledger/accounts/{code}/balance": {kind: kindFilter, req: filtered("/api/v1/ledger/accounts/1122/balance"), noMarkers: true,
			check: func(t *testing.T, m *scopeMatrix, cell string, body []byte) {
				if want := m.balanceOfA; !bytes.Equal(jsonField(t, body, "balances"), want) {
					t.Errorf("%s: balance %s, want A's alone %s", cell, jsonField(t, body, "balances"), want)
				}
			}},
		"GET /api/v1/ledger/account-maps":  shared(get("/api/v1/ledger/account-maps")),
		"POST /api/v1/ledger/account-maps": shared(send("POST", "/api/v1/ledger/account-maps", `{"accounts":[]}`)),
		// Periods are the whole entity's books: their statuses are shared;
		// closing one and its report (every shop's trial balance) are not
		// for a user limited to some shops.
		"GET /api/v1/periods":                  shared(get("/api/v1/periods")),
		"POST /api/v1/periods/{period}/close":  {kind: kindUnscopedOnly, req: send("POST", "/api/v1/periods/2020-01/close", "")},
		"POST /api/v1/periods/{period}/reopen": adminOnly,
		"GET /api/v1/periods/{period}/report":  {kind: kindUnscopedOnly, req: get("/api/v1/periods/2020-01/report")},
		// The ERP export carries an entity's books out whole (ADR 0047).
		"PUT /api/v1/erp/{erp}/settings":    {kind: kindUnscopedOnly, req: send("PUT", "/api/v1/erp/kingdee/settings", `{}`)},
		"GET /api/v1/erp/{erp}/account-map": {kind: kindUnscopedOnly, req: get("/api/v1/erp/kingdee/account-map")},
		"PUT /api/v1/erp/{erp}/account-map": {kind: kindUnscopedOnly, req: send("PUT", "/api/v1/erp/kingdee/account-map", `{"entries":[]}`)},
		"GET /api/v1/erp/{erp}/pushes":      {kind: kindUnscopedOnly, req: get("/api/v1/erp/kingdee/pushes?period=2026-11")},
		"POST /api/v1/erp/{erp}/pushes":     {kind: kindUnscopedOnly, req: send("POST", "/api/v1/erp/kingdee/pushes?period=2026-11", "")},

		"GET /api/v1/products":          shared(get("/api/v1/products")),
		"POST /api/v1/products":         shared(send("POST", "/api/v1/products", `{}`)),
		"GET /api/v1/products/{code}":   shared(get("/api/v1/products/NONE")),
		"PATCH /api/v1/products/{code}": shared(send("PATCH", "/api/v1/products/NONE", `{}`)),
		"GET /api/v1/skus":              shared(get("/api/v1/skus")),
		"POST /api/v1/skus":             shared(send("POST", "/api/v1/skus", `{}`)),
		"POST /api/v1/skus/import":      shared(send("POST", "/api/v1/skus/import", "code,name,tax_rate\n", "Content-Type", "text/csv")),
		"GET /api/v1/skus/{code}":       shared(get("/api/v1/skus/TEA-250")),
		"PATCH /api/v1/skus/{code}":     shared(send("PATCH", "/api/v1/skus/TEA-250", `{}`)),
		"GET /api/v1/bundles":           shared(get("/api/v1/bundles")),
		"GET /api/v1/listings": {kind: kindFilter, needsShop: true, req: func(_ *scopeFixtures, shop string) call {
			return call{method: "GET", path: "/api/v1/listings?channel=" + channelOf(shop) + "&shop=" + shop}
		}},
		"PUT /api/v1/listings": object(http.StatusBadRequest, func(_ *scopeFixtures, shop string) call {
			return call{method: "PUT", path: "/api/v1/listings",
				body: fmt.Sprintf(`{"channel":%q,"shop":%q,"external_item_id":"ITEM-%s","sku":"TEA-250"}`, channelOf(shop), shop, shop)}
		}),
		"DELETE /api/v1/listings": object(http.StatusNotFound, func(_ *scopeFixtures, shop string) call {
			return call{method: "DELETE", path: "/api/v1/listings?channel=" + channelOf(shop) + "&shop=" + shop + "&external_item_id=ITEM-" + shop}
		}),

		"GET /api/v1/entities":                     shared(get("/api/v1/entities")),
		"POST /api/v1/entities":                    shared(send("POST", "/api/v1/entities", `{}`)),
		"PATCH /api/v1/entities/{code}":            shared(send("PATCH", "/api/v1/entities/NONE", `{}`)),
		"GET /api/v1/shops":                        {kind: kindList, req: get("/api/v1/shops?limit=1000")},
		"POST /api/v1/shops":                       {kind: kindUnscopedOnly, req: send("POST", "/api/v1/shops", `{}`)},
		"GET /api/v1/shops/{id}":                   object(http.StatusNotFound, shopCall("GET", "", "")),
		"PATCH /api/v1/shops/{id}":                 object(http.StatusNotFound, shopCall("PATCH", "", `{}`)),
		"GET /api/v1/shops/{id}/health":            object(http.StatusNotFound, shopCall("GET", "/health", "")),
		"POST /api/v1/shops/{id}/sync":             object(http.StatusNotFound, shopCall("POST", "/sync", "")),
		"PUT /api/v1/shops/{id}/secrets/{name}":    object(http.StatusNotFound, shopCall("PUT", "/secrets/access_token", `{"value":"s3cret-value"}`)),
		"DELETE /api/v1/shops/{id}/secrets/{name}": object(http.StatusNotFound, shopCall("DELETE", "/secrets/access_token", "")),

		"POST /api/v1/orders": object(http.StatusBadRequest, func(_ *scopeFixtures, shop string) call {
			return call{method: "POST", path: "/api/v1/orders", body: scopedOrderBody(shop, 1)}
		}),
		"GET /api/v1/orders":               {kind: kindFilter, req: filtered("/api/v1/orders")},
		"GET /api/v1/orders/{id}":          object(http.StatusNotFound, orderCall("GET", "", "")),
		"GET /api/v1/orders/{id}/receiver": object(http.StatusNotFound, orderCall("GET", "/receiver", "")),
		"POST /api/v1/orders/{id}/approve": object(http.StatusNotFound, orderCall("POST", "/approve", "")),
		"POST /api/v1/orders/{id}/retry":   object(http.StatusNotFound, orderCall("POST", "/retry", "")),
		"POST /api/v1/orders/{id}/hold":    object(http.StatusNotFound, orderCall("POST", "/hold", `{"message":"check"}`)),
		"POST /api/v1/orders/{id}/cancel":  object(http.StatusNotFound, orderCall("POST", "/cancel", "")),
		"POST /api/v1/orders/{id}/ship":    object(http.StatusNotFound, orderCall("POST", "/ship", `{"carrier":"SF","tracking_no":"SF7"}`)),
		"POST /api/v1/orders/{id}/refund":  object(http.StatusNotFound, orderCall("POST", "/refund", "", "Idempotency-Key", "refund-1")),
		"POST /api/v1/orders/{id}/return": object(http.StatusNotFound, orderCall("POST", "/return", `{"lines":[{"line":1,"quantity":1}],"refund":false}`,
			"Idempotency-Key", "return-1")),
		// Retries only the caller's shops' holds: TestAPI_AScopedUserRetriesTheHoldsOfTheirShopsOnly.
		"POST /api/v1/orders/holds/retry":            shared(send("POST", "/api/v1/orders/holds/retry", "")),
		"GET /api/v1/shops/{id}/pending-orders.xlsx": object(http.StatusNotFound, shopCall("GET", "/pending-orders.xlsx", "")),
		"POST /api/v1/shipments/import": {kind: kindRows, req: func(f *scopeFixtures, shop string) call {
			return call{method: "POST", path: "/api/v1/shipments/import", header: []string{"Content-Type", "text/csv"},
				body: fmt.Sprintf("订单号 Order,快递公司 Carrier,运单号 Tracking No\n%d,顺丰,SF%d\n", f.order[shop], f.order[shop])}
		}},
		"GET /api/v1/invoices": {kind: kindFilter, req: filtered("/api/v1/invoices")},
		"POST /api/v1/invoices": object(http.StatusNotFound, func(f *scopeFixtures, shop string) call {
			return call{method: "POST", path: "/api/v1/invoices", body: invoiceBody(f.order[shop]), header: []string{"Idempotency-Key", "inv-" + shop}}
		}),
		"POST /api/v1/invoices/{id}/issue":  object(http.StatusNotFound, invoiceCall("/issue", `{"number":"26332000000000000001","issued_on":"2026-12-01"}`)),
		"POST /api/v1/invoices/{id}/reject": object(http.StatusNotFound, invoiceCall("/reject", `{"reason":"抬头有误"}`)),
		"POST /api/v1/invoices/{id}/cancel": object(http.StatusNotFound, invoiceCall("/cancel", "")),
		// A workbook: its cells are compressed, so no shop id shows in it.
		"GET /api/v1/invoices/export.xlsx": {kind: kindFilter, noMarkers: true, req: filtered("/api/v1/invoices/export.xlsx")},
		"POST /api/v1/invoices/issued": {kind: kindRows, req: func(f *scopeFixtures, shop string) call {
			return call{method: "POST", path: "/api/v1/invoices/issued", header: []string{"Content-Type", "text/csv"},
				body: fmt.Sprintf("订单号,发票号码,开票日期\n%d,26332000000000000009,2026-12-01\n", f.order[shop])}
		}},
		"GET /api/v1/raw-events":          adminOnly,
		"GET /api/v1/raw-events/{id}":     adminOnly,
		"POST /api/v1/buyers/{ref}/erase": adminOnly,
		"PUT /api/v1/orders/{id}/receiver": object(http.StatusNotFound, orderCall("PUT", "/receiver",
			`{"name":"张三","phone":"13812345678","address":{"province":"浙江省","city":"杭州市","district":"西湖区","detail":"文三路 1 号"}}`)),
		// The dashboard: figures by shop (B's asked for is refused) and
		// alerts whose held orders and connectors are the user's shops'.
		"GET /api/v1/analytics/overview": {kind: kindFilter, req: filtered("/api/v1/analytics/overview?from=2026-01-01&to=2027-12-31")},
		"GET /api/v1/analytics/alerts":   {kind: kindList, noMarkers: true, req: get("/api/v1/analytics/alerts")},
		// Profit: rows by shop (B's asked for is refused); an order of B's
		// is as if it did not exist.
		"GET /api/v1/profit": {kind: kindFilter, req: filtered("/api/v1/profit?group=shop,day&from=2026-01-01&to=2027-12-31")},
		// The orders behind a row: the user's shops' (B's asked for is refused).
		"GET /api/v1/profit/orders": {kind: kindFilter, req: filtered("/api/v1/profit/orders?from=2026-01-01&to=2027-12-31")},
		// Ad spend is per channel and campaign, no shop's.
		"POST /api/v1/profit/spend": shared(func(*scopeFixtures, string) call {
			return call{method: "POST", path: "/api/v1/profit/spend?channel=web", header: []string{"Content-Type", "text/csv"},
				body: "date,campaign,spend,currency\n2026-11-11,double11,10.00,CNY\n"}
		}),
		"GET /api/v1/profit/spend": shared(get("/api/v1/profit/spend")),
		// Carrier rates are no shop's either.
		"GET /api/v1/profit/carrier-rates": shared(get("/api/v1/profit/carrier-rates")),
		"PUT /api/v1/profit/carrier-rates": shared(send("PUT", "/api/v1/profit/carrier-rates",
			`{"carrier":"SF","province":"*","first_g":1000,"first":{"amount":"12.00","currency":"CNY"},"extra_g":1000,"extra":{"amount":"2.00","currency":"CNY"},"flat":{"amount":"8.00","currency":"CNY"}}`)),
		"PUT /api/v1/orders/{id}/shipping-cost": object(http.StatusNotFound, orderCall("PUT", "/shipping-cost", `{"amount":{"amount":"9.50","currency":"CNY"}}`)),
		"GET /api/v1/profit/orders/{id}": object(http.StatusNotFound, func(f *scopeFixtures, shop string) call {
			return call{method: "GET", path: fmt.Sprintf("/api/v1/profit/orders/%d", f.order[shop])}
		}),
		"POST /api/v1/raw-events/replay":  adminOnly,
		"GET /api/v1/jobs":                {kind: kindList, req: get("/api/v1/jobs")},
		"POST /api/v1/jobs/{id}/retry":    {kind: kindUnscopedOnly, req: send("POST", "/api/v1/jobs/1/retry", "")},
		"POST /api/v1/jobs/{id}/cancel":   {kind: kindUnscopedOnly, req: send("POST", "/api/v1/jobs/1/cancel", "")},
		"GET /api/v1/warehouses":          shared(get("/api/v1/warehouses")),
		"POST /api/v1/warehouses":         shared(send("POST", "/api/v1/warehouses", `{}`)),
		"PATCH /api/v1/warehouses/{code}": shared(send("PATCH", "/api/v1/warehouses/HZ", `{}`)),
		"GET /api/v1/stock":               shared(get("/api/v1/stock")),
		"GET /api/v1/stock/movements":     shared(get("/api/v1/stock/movements")),
		"POST /api/v1/stock/receipts":     shared(send("POST", "/api/v1/stock/receipts", `{}`)),
		"POST /api/v1/stock/adjustments":  shared(send("POST", "/api/v1/stock/adjustments", `{}`)),
		"POST /api/v1/stock/transfers":    shared(send("POST", "/api/v1/stock/transfers", `{}`)),
		"POST /api/v1/stock/returns":      shared(send("POST", "/api/v1/stock/returns", `{}`)),
		"GET /api/v1/stock/available":     {kind: kindFilter, needsShop: true, req: filtered("/api/v1/stock/available")},
		"GET /api/v1/stock/rules":         {kind: kindList, req: get("/api/v1/stock/rules")},
		"PUT /api/v1/stock/rules": object(http.StatusBadRequest, func(_ *scopeFixtures, shop string) call {
			return call{method: "PUT", path: "/api/v1/stock/rules", body: fmt.Sprintf(`{"shop":%q,"sku":"TEA-250","kind":"cap","quantity":2}`, shop)}
		}),
		"DELETE /api/v1/stock/rules": object(http.StatusNotFound, func(_ *scopeFixtures, shop string) call {
			return call{method: "DELETE", path: "/api/v1/stock/rules?shop=" + shop + "&sku=TEA-250"}
		}),
		"GET /api/v1/stock/safety": shared(get("/api/v1/stock/safety")),
		"PUT /api/v1/stock/safety": shared(send("PUT", "/api/v1/stock/safety", `{}`)),

		"POST /api/v1/settlements/imports": object(http.StatusNotFound, func(_ *scopeFixtures, shop string) call {
			return call{method: "POST", path: "/api/v1/settlements/imports?format=tsv&shop=" + shop, body: settlementtest.File(shop, 3, 3),
				header: []string{"Content-Type", "text/tab-separated-values"}}
		}),
		"GET /api/v1/settlements/imports": {kind: kindFilter, req: filtered("/api/v1/settlements/imports")},
		"GET /api/v1/settlements/payouts": {kind: kindFilter, req: filtered("/api/v1/settlements/payouts")},
		"GET /api/v1/settlements/payouts/{id}": object(http.StatusNotFound, func(f *scopeFixtures, shop string) call {
			return call{method: "GET", path: fmt.Sprintf("/api/v1/settlements/payouts/%d", f.payout[shop])}
		}),
		"POST /api/v1/settlements/payouts/{id}/reconcile": object(http.StatusNotFound, func(f *scopeFixtures, shop string) call {
			return call{method: "POST", path: fmt.Sprintf("/api/v1/settlements/payouts/%d/reconcile", f.payout[shop])}
		}),
		"GET /api/v1/settlements/payouts/{id}/reconciliation": object(http.StatusNotFound, func(f *scopeFixtures, shop string) call {
			return call{method: "GET", path: fmt.Sprintf("/api/v1/settlements/payouts/%d/reconciliation", f.payout[shop])}
		}),
		"GET /api/v1/settlements/payouts/{id}/lines": object(http.StatusNotFound, func(f *scopeFixtures, shop string) call {
			return call{method: "GET", path: fmt.Sprintf("/api/v1/settlements/payouts/%d/lines?limit=2", f.payout[shop])}
		}),
		"GET /api/v1/settlements/formats":         shared(get("/api/v1/settlements/formats")),
		"GET /api/v1/settlements/mappings/{name}": shared(get("/api/v1/settlements/mappings/m1")),
		"PUT /api/v1/settlements/mappings/{name}": shared(send("PUT", "/api/v1/settlements/mappings/m1", `{"columns":{"amount":"金额","posted_at":"时间"}}`)),

		"GET /api/v1/audit":          adminOnly,
		"GET /api/v1/audit.csv":      adminOnly,
		"GET /api/v1/users":          adminOnly,
		"POST /api/v1/users":         adminOnly,
		"PATCH /api/v1/users/{name}": adminOnly,
		"GET /api/v1/tokens":         adminOnly,
		"POST /api/v1/tokens":        adminOnly,
		"DELETE /api/v1/tokens/{id}": adminOnly,

		// A shop's contract is the shop's. Rules apply by shop (B's asked
		// for is refused); setting them, and importing the entity's exchange
		// rates, changes every shop's books: unscoped users only. Rates are
		// no shop's data.
		"GET /api/v1/shops/{id}/settlement-contract":   object(http.StatusNotFound, shopCall("GET", "/settlement-contract", "")),
		"PUT /api/v1/shops/{id}/settlement-contract":   object(http.StatusNotFound, shopCall("PUT", "/settlement-contract", `{"cycle_days":14}`)),
		"POST /api/v1/shops/{id}/settlement-pull":      object(http.StatusNotFound, shopCall("POST", "/settlement-pull", "")),
		"POST /api/v1/shops/{id}/settlement-reconcile": object(http.StatusNotFound, shopCall("POST", "/settlement-reconcile", "")),
		"GET /api/v1/recon/rules":                      {kind: kindFilter, noMarkers: true, req: filtered("/api/v1/recon/rules")},
		"PUT /api/v1/recon/rules":                      {kind: kindUnscopedOnly, req: send("PUT", "/api/v1/recon/rules", `{"amount_tolerance_minor":1}`)},
		// Receivables, payables and cash (docs/adr/0051) total every
		// shop's receivables, and customers and suppliers are no shop's:
		// unscoped users only.
		"GET /api/v1/ar/customers":                  {kind: kindUnscopedOnly, req: get("/api/v1/ar/customers")},
		"PUT /api/v1/ar/customers/{code}":           {kind: kindUnscopedOnly, req: send("PUT", "/api/v1/ar/customers/HOTEL", `{"name":"酒店","currency":"CNY"}`)},
		"POST /api/v1/ar/invoices":                  {kind: kindUnscopedOnly, req: send("POST", "/api/v1/ar/invoices", `{"customer":"HOTEL","number":"I1","date":"2026-11-30","amount":{"amount":"1.00","currency":"CNY"},"account":"6001"}`)},
		"POST /api/v1/ar/receipts":                  {kind: kindUnscopedOnly, req: send("POST", "/api/v1/ar/receipts", `{"customer":"HOTEL","number":"R1","date":"2026-11-30","amount":{"amount":"1.00","currency":"CNY"},"account":"1002","applies_to":"I1"}`)},
		"GET /api/v1/ar/aging":                      {kind: kindUnscopedOnly, req: get("/api/v1/ar/aging")},
		"GET /api/v1/ap/suppliers":                  {kind: kindUnscopedOnly, req: get("/api/v1/ap/suppliers")},
		"PUT /api/v1/ap/suppliers/{code}":           {kind: kindUnscopedOnly, req: send("PUT", "/api/v1/ap/suppliers/FARM", `{"name":"茶园","currency":"CNY"}`)},
		"GET /api/v1/ap/bills":                      {kind: kindUnscopedOnly, req: get("/api/v1/ap/bills")},
		"POST /api/v1/ap/bills":                     {kind: kindUnscopedOnly, req: send("POST", "/api/v1/ap/bills", `{"supplier":"FARM","number":"B1","date":"2026-11-30","amount":{"amount":"1.00","currency":"CNY"},"account":"6602"}`)},
		"POST /api/v1/ap/payments":                  {kind: kindUnscopedOnly, req: send("POST", "/api/v1/ap/payments", `{"supplier":"FARM","number":"P1","date":"2026-11-30","amount":{"amount":"1.00","currency":"CNY"},"account":"1002","applies_to":"B1"}`)},
		"GET /api/v1/ap/aging":                      {kind: kindUnscopedOnly, req: get("/api/v1/ap/aging")},
		"GET /api/v1/cashflow":                      {kind: kindUnscopedOnly, req: get("/api/v1/cashflow")},
		"POST /api/v1/periods/{period}/revaluation": {kind: kindUnscopedOnly, req: send("POST", "/api/v1/periods/2026-11/revaluation", "")},
		"GET /api/v1/fx/rates":                      shared(get("/api/v1/fx/rates?from=USD&to=CNY&date=2026-11-30")),
		"POST /api/v1/fx/rates": {kind: kindUnscopedOnly, req: send("POST", "/api/v1/fx/rates",
			`{"rates":[{"date":"2026-11-30","from":"USD","to":"CNY","rate":"7.1"}]}`)},
	}
}

// invoiceBody asks for a company's ordinary e-invoice of the order.
func invoiceBody(order int64) string {
	return fmt.Sprintf(`{"order_id":%d,"title":"福州某某科技有限公司","title_kind":"company","tax_no":"91350100M000100Y43","type":"82"}`, order)
}

// invoiceCall is a request on the shop's invoice.
func invoiceCall(suffix, body string) func(*scopeFixtures, string) call {
	return func(f *scopeFixtures, shop string) call {
		return call{method: "POST", path: fmt.Sprintf("/api/v1/invoices/%d%s", f.invoice[shop], suffix), body: body}
	}
}

func scopedOrderBody(shop string, version int) string {
	ext, qty := "DYA-1001", 2
	if shop == shopB {
		ext, qty = "JDB-9001", 1
	}
	return fmt.Sprintf(`{"channel":%q,"shop":%q,"external_id":%q,"version":%d,"status":"paid","buyer_id":"u-%s",
		"currency":"CNY","created_at":"2026-11-11T00:00:01+08:00","paid_at":"2026-11-11T00:00:09+08:00",
		"lines":[{"sku":"TEA-250","quantity":%d,"unit_price":{"amount":"59.90","currency":"CNY"}}],
		"contact":{"name":"张三丰","phone":"13812345678","province":"浙江省","city":"杭州市","district":"西湖区","detail":"龙井路 1 号"}}`,
		channelOf(shop), shop, ext, version, shop, qty)
}

// scopeMatrix is the running server with its data and scoped tokens.
type scopeMatrix struct {
	x          *api
	f          *scopeFixtures
	debitOfA   int64           // the debits of A's postings, in minor units
	balanceOfA json.RawMessage // account 1122's balance over A's postings
	cells      int
}

// scopedRole is the key of a role's token limited to shop A in x.tokens.
func scopedRole(role auth.Role) auth.Role { return "scoped:" + role }

func TestScopeMatrix(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			runScopeMatrix(t, e.Open(t))
		})
	}
}

func runScopeMatrix(t *testing.T, db *store.DB) {
	x := newAPIWith(t, db, func(d *Deps) { d.Jobs = matrixJobs{} })
	m := &scopeMatrix{x: x, f: seedTwoShops(t, x)}
	m.scopeUsers(t)
	m.measureA(t)

	rules := scopeRules()
	routes := New(Deps{}).routes()
	for _, rt := range routes {
		if _, ok := rules[rt.pattern()]; !ok {
			t.Errorf("route %s has no scope rule: add it to scopeRules (docs/adr/0039)", rt.pattern())
		}
		if !rt.public && policy[rt.pattern()] == nil {
			t.Errorf("route %s has no policy", rt.pattern())
		}
	}
	if len(rules) != len(routes) {
		t.Errorf("scopeRules has %d rules for %d routes: drop the rules of routes that are gone", len(rules), len(routes))
	}
	// Unauthenticated first, then every scoped cell while B's data is
	// untouched, then the unscoped ones; reads before writes in each, so a
	// write (a listing deleted) cannot empty a later read.
	for _, rt := range routes {
		if rule := rules[rt.pattern()]; !rt.public && rule.req != nil {
			m.anonymous(t, rt, rule)
		}
	}
	for _, scoped := range []bool{true, false} {
		for _, reads := range []bool{true, false} {
			for _, rt := range routes {
				rule, ok := rules[rt.pattern()]
				if !ok || rt.public || (rt.method == "GET") != reads {
					continue
				}
				for _, role := range auth.Roles() {
					m.cell(t, rt, rule, role, scoped)
				}
			}
		}
	}
	t.Logf("%d cells checked", m.cells)
}

// seedTwoShops adds shops A and B, each with an order (booked in the
// ledger with the shop on its postings), a listing and a stock rule.
func seedTwoShops(t *testing.T, x *api) *scopeFixtures {
	f := &scopeFixtures{order: map[string]int64{}, entry: map[string]int64{}, invoice: map[string]int64{}, payout: map[string]int64{}}
	x.stockTea("")
	for _, shop := range []string{shopA, shopB} {
		x.mustDo(auth.Admin, "POST", "/api/v1/shops", fmt.Sprintf(`{"id":%q,"channel":%q,"name":%q}`, shop, channelOf(shop), shop))
		o := x.mustDo(auth.Operations, "POST", "/api/v1/orders", scopedOrderBody(shop, 1))
		f.order[shop] = int64(o["id"].(float64))
		f.entry[shop] = int64(o["journal"].([]any)[0].(map[string]any)["id"].(float64))
		x.mustDo(auth.Operations, "PUT", "/api/v1/listings",
			fmt.Sprintf(`{"channel":%q,"shop":%q,"external_item_id":"ITEM-%s","sku":"TEA-250"}`, channelOf(shop), shop, shop))
		x.mustDo(auth.Operations, "PUT", "/api/v1/stock/rules", fmt.Sprintf(`{"shop":%q,"sku":"TEA-250","kind":"cap","quantity":3}`, shop))
		inv := x.mustDo(auth.Finance, "POST", "/api/v1/invoices", invoiceBody(f.order[shop]))
		f.invoice[shop] = int64(inv["id"].(float64))
		f.payout[shop] = x.importSettlementOf(shop)
	}
	x.mustDo(auth.Finance, "PUT", "/api/v1/settlements/mappings/m1", `{"columns":{"amount":"金额","posted_at":"时间"}}`)
	return f
}

// scopeUsers adds, for every role but admin, a user limited to shop A, and
// proves an admin cannot be limited.
func (m *scopeMatrix) scopeUsers(t *testing.T) {
	x := m.x
	for _, role := range auth.Roles() {
		name := string(role) + "-of-a"
		status, _, body := x.do(auth.Admin, "POST", "/api/v1/users",
			fmt.Sprintf(`{"name":%q,"role":%q,"password":"correct horse battery","shops":[%q]}`, name, role, shopA))
		if role == auth.Admin {
			if status != http.StatusBadRequest || errorCode(body) != "shops_admin" {
				t.Fatalf("a scoped admin = %d %v, want 400 shops_admin", status, body)
			}
			continue
		}
		if status != http.StatusCreated || fmt.Sprint(body["shops"]) != "["+shopA+"]" {
			t.Fatalf("add %s = %d %v", name, status, body)
		}
		tok := x.mustDo(auth.Admin, "POST", "/api/v1/tokens", fmt.Sprintf(`{"user":%q,"label":"matrix"}`, name))
		x.tokens[scopedRole(role)] = tok["secret"].(string)
	}
}

// measureA computes what a scoped user's totals must be: the debits of
// A's entries, and account 1122's balance asked for with ?shop=A.
func (m *scopeMatrix) measureA(t *testing.T) {
	_, raw := m.x.send(auth.Admin, "GET", "/api/v1/ledger/entries?limit=1000", "")
	var page struct {
		Items []struct {
			Postings []struct {
				Side   string `json:"side"`
				Shop   string `json:"shop"`
				Amount struct {
					Amount string `json:"amount"`
				} `json:"amount"`
			} `json:"postings"`
		} `json:"items"`
	}
	if err := json.Unmarshal(raw, &page); err != nil {
		t.Fatal(err)
	}
	for _, e := range page.Items {
		for _, p := range e.Postings {
			if p.Shop == shopA && p.Side == "debit" {
				m.debitOfA += minorOf(t, p.Amount.Amount)
			}
		}
	}
	if m.debitOfA == 0 {
		t.Fatalf("A's order booked no debits: %s", raw)
	}
	_, raw = m.x.send(auth.Admin, "GET", "/api/v1/ledger/accounts/1122/balance?shop="+shopA, "")
	m.balanceOfA = jsonField(t, raw, "balances")
	_, all := m.x.send(auth.Admin, "GET", "/api/v1/ledger/accounts/1122/balance", "")
	if bytes.Equal(jsonField(t, all, "balances"), m.balanceOfA) {
		t.Fatalf("account 1122 holds only A's postings (%s): B's order must book there too", all)
	}
}

// anonymous checks a route refuses a request without credentials: 401,
// logged once.
func (m *scopeMatrix) anonymous(t *testing.T, rt route, rule scopeRule) {
	c := rule.req(m.f, shopA)
	status, body, denials := m.do("", c)
	m.cells++
	cell := "anonymous " + rt.pattern()
	if status != http.StatusUnauthorized {
		t.Errorf("%s = %d, want 401", cell, status)
	}
	m.wantDenial(t, cell, rt, denials, errorCodeOf(body))
}

// cell checks one route as one role, scoped to A or not.
func (m *scopeMatrix) cell(t *testing.T, rt route, rule scopeRule, role auth.Role, scoped bool) {
	key, cell := role, fmt.Sprintf("%s as %s", rt.pattern(), role)
	if scoped {
		if role == auth.Admin {
			return // cannot exist: scopeUsers proved an admin cannot be limited
		}
		key, cell = scopedRole(role), cell+" limited to A"
	}
	if !allowed(rt.pattern(), role) {
		if rule.kind == kindAdminOnly && role == auth.Admin {
			t.Errorf("%s: admin-only route refused to admins", cell)
		}
		c := rule.req
		if c == nil {
			c = send(rt.method, concretePath(rt.path), "")
		}
		status, body, denials := m.do(key, c(m.f, shopB))
		m.cells++
		if status != http.StatusForbidden || errorCodeOf(body) != "role_forbidden" {
			t.Errorf("%s = %d %s, want 403 role_forbidden (policy)", cell, status, body)
		}
		m.wantDenial(t, cell, rt, denials, "role_forbidden")
		return
	}
	if rule.kind == kindAdminOnly {
		if role != auth.Admin {
			t.Errorf("%s: declared admin-only, but the policy lets %s in", cell, role)
		}
		return // admins are never scoped; their routes are other tests' matter
	}
	m.cells++
	if rule.kind == kindSelf {
		status, body, denials := m.do(key, rule.req(m.f, ""))
		if status != http.StatusUnauthorized || errorCodeOf(body) != "session_missing" {
			t.Errorf("%s with a token = %d %s, want 401 session_missing", cell, status, body)
		}
		m.wantDenial(t, cell, rt, denials, "session_missing")
		return
	}
	if scoped {
		m.scopedCell(t, cell, rt, rule, role)
	} else {
		m.unscopedCell(t, cell, rt, rule, key)
	}
}

func (m *scopeMatrix) scopedCell(t *testing.T, cell string, rt route, rule scopeRule, role auth.Role) {
	key := scopedRole(role)
	switch rule.kind {
	case kindShared, kindList:
		status, body, denials := m.do(key, rule.req(m.f, ""))
		m.wantLet(t, cell, status, denials)
		m.wantNothingOfB(t, cell, body)
		if rule.kind == kindShared && rt.method == "GET" {
			// Shared data (stock, the catalog, the chart) is the same for
			// everyone: the role's unscoped user sees the very same answer.
			if _, all, _ := m.do(role, rule.req(m.f, "")); !bytes.Equal(body, all) {
				t.Errorf("%s = %s, but unscoped %s: shared data must not be scoped", cell, body, all)
			}
		}
		if rule.kind == kindList {
			if !rule.noMarkers && !bytes.Contains(body, []byte(shopA)) {
				t.Errorf("%s: A's data missing: %s", cell, body)
			}
			if rule.check != nil {
				rule.check(t, m, cell, body)
			}
		}
	case kindFilter:
		if !rule.needsShop {
			status, body, denials := m.do(key, rule.req(m.f, ""))
			m.wantLet(t, cell+" unfiltered", status, denials)
			m.wantNothingOfB(t, cell+" unfiltered", body)
			if rule.check != nil {
				rule.check(t, m, cell, body)
			}
		}
		status, body, denials := m.do(key, rule.req(m.f, shopA))
		m.wantLet(t, cell+" ?shop=A", status, denials)
		m.wantNothingOfB(t, cell+" ?shop=A", body)
		status, body, denials = m.do(key, rule.req(m.f, shopB))
		if status != http.StatusForbidden || errorCodeOf(body) != "scope_forbidden" {
			t.Errorf("%s ?shop=B = %d %s, want 403 scope_forbidden", cell, status, body)
		}
		m.wantDenial(t, cell+" ?shop=B", rt, denials, "scope_forbidden")
	case kindObject:
		status, body, denials := m.do(key, rule.req(m.f, shopB))
		if status != rule.hidden {
			t.Errorf("%s on B's = %d %s, want %d: as if it did not exist", cell, status, body, rule.hidden)
		}
		reason := "scope_hidden"
		if rule.hidden == http.StatusForbidden {
			reason = "scope_forbidden"
		}
		m.wantDenial(t, cell+" on B's", rt, denials, reason)
		status, body, denials = m.do(key, rule.req(m.f, shopA))
		m.wantLet(t, cell+" on A's", status, denials)
		m.wantNothingOfB(t, cell+" on A's", body)
	case kindUnscopedOnly:
		status, body, denials := m.do(key, rule.req(m.f, shopA))
		if status != http.StatusForbidden || errorCodeOf(body) != "scope_forbidden" {
			t.Errorf("%s = %d %s, want 403 scope_forbidden", cell, status, body)
		}
		m.wantDenial(t, cell, rt, denials, "scope_forbidden")
	case kindRows:
		status, body, denials := m.do(key, rule.req(m.f, shopB))
		m.wantLet(t, cell, status, denials)
		var out shipmentImportJSON
		if err := json.Unmarshal(body, &out); status == http.StatusOK && (err != nil || out.Shipped != 0 || len(out.Errors) != 1) {
			t.Errorf("%s with a row of B's order = %s, want that row refused", cell, body)
		}
		m.wantNothingOfB(t, cell, body)
	}
}

func (m *scopeMatrix) unscopedCell(t *testing.T, cell string, rt route, rule scopeRule, key auth.Role) {
	shop := shopB
	if rule.kind == kindShared || rule.kind == kindList || (rule.kind == kindFilter && !rule.needsShop) {
		shop = ""
	}
	status, body, denials := m.do(key, rule.req(m.f, shop))
	m.wantLet(t, cell, status, denials)
	if rt.method == "GET" && (rule.kind == kindList || rule.kind == kindFilter) && !rule.noMarkers &&
		status == http.StatusOK && !bytes.Contains(body, []byte(shopB)) {
		t.Errorf("%s: B's data missing for an unscoped user, so the scoped check proves nothing: %s", cell, body)
	}
}

// do sends c with the token under key ("" for none) and returns the status,
// the body and the denial lines it logged.
func (m *scopeMatrix) do(key auth.Role, c call) (int, []byte, []string) {
	before := len(denialLines(m.x.logs.String()))
	resp, body := m.x.send(key, c.method, c.path, c.body, c.header...)
	return resp.StatusCode, body, denialLines(m.x.logs.String())[before:]
}

// wantLet checks the request was let through: neither 401 nor 403, and no
// denial logged.
func (m *scopeMatrix) wantLet(t *testing.T, cell string, status int, denials []string) {
	t.Helper()
	if status == http.StatusUnauthorized || status == http.StatusForbidden {
		t.Errorf("%s = %d, want it let through", cell, status)
	}
	if len(denials) != 0 {
		t.Errorf("%s logged denials %q, want none", cell, denials)
	}
}

// wantDenial checks exactly one denial line was logged, naming the route's
// pattern and the reason, and nothing of the path (ids) or of shop B.
func (m *scopeMatrix) wantDenial(t *testing.T, cell string, rt route, denials []string, reason string) {
	t.Helper()
	if len(denials) != 1 {
		t.Errorf("%s logged %d denial lines %q, want exactly one", cell, len(denials), denials)
		return
	}
	line := denials[0]
	for _, want := range []string{`route="` + rt.pattern() + `"`, "reason=" + reason, "user=", "role="} {
		if !strings.Contains(line, want) {
			t.Errorf("%s: denial line %q lacks %s", cell, line, want)
		}
	}
	if strings.Contains(line, shopB) || strings.Contains(line, "张三丰") || strings.Contains(line, "13812345678") {
		t.Errorf("%s: the denial line leaks data: %q", cell, line)
	}
}

func (m *scopeMatrix) wantNothingOfB(t *testing.T, cell string, body []byte) {
	t.Helper()
	for _, mark := range []string{shopB, "JDB-", "u-" + shopB} {
		if bytes.Contains(body, []byte(mark)) {
			t.Errorf("%s: a user limited to A sees %q of B: %s", cell, mark, body)
		}
	}
}

func denialLines(log string) []string {
	var out []string
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, "msg=denied") {
			out = append(out, l)
		}
	}
	return out
}

func errorCodeOf(body []byte) string {
	var out map[string]any
	_ = json.Unmarshal(body, &out)
	return errorCode(out)
}

// concretePath fills a pattern's wildcards with a value, for a request that
// the policy refuses before it reads them.
func concretePath(p string) string {
	for strings.Contains(p, "{") {
		i, j := strings.Index(p, "{"), strings.Index(p, "}")
		p = p[:i] + "1" + p[j+1:]
	}
	return p
}

func jsonField(t *testing.T, body []byte, name string) json.RawMessage {
	t.Helper()
	var out map[string]json.RawMessage
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("not JSON: %s", body)
	}
	return out[name]
}

func trialDebit(t *testing.T, body []byte) int64 {
	t.Helper()
	var tb struct {
		Totals []struct {
			Currency string `json:"currency"`
			Debit    struct {
				Amount string `json:"amount"`
			} `json:"debit"`
		} `json:"totals"`
	}
	if err := json.Unmarshal(body, &tb); err != nil {
		t.Fatalf("trial balance: %s", body)
	}
	var sum int64
	for _, tt := range tb.Totals {
		sum += minorOf(t, tt.Debit.Amount)
	}
	return sum
}

// minorOf reads a decimal string of two places ("127.80") as minor units.
func minorOf(t *testing.T, s string) int64 {
	t.Helper()
	var units, cents int64
	if _, err := fmt.Sscanf(strings.Replace(s, ".", " ", 1), "%d %d", &units, &cents); err != nil {
		t.Fatalf("amount %q: %v", s, err)
	}
	return units*100 + cents
}

// matrixJobs is a job queue holding a job of each shop and one of none.
type matrixJobs struct{}

func (matrixJobs) List(context.Context, job.Filter) (job.Page, error) {
	at := time.Date(2026, 11, 11, 1, 0, 0, 0, time.UTC)
	var jobs []job.Info
	for i, args := range []string{`{"shop":"` + shopA + `"}`, `{"shop":"` + shopB + `"}`, `{}`} {
		jobs = append(jobs, job.Info{ID: int64(i + 1), Kind: "channel_pull", State: job.Available, Queue: "default",
			MaxAttempts: 5, Args: json.RawMessage(args), CreatedAt: at, ScheduledAt: at})
	}
	return job.Page{Jobs: jobs}, nil
}

func (j matrixJobs) Retry(ctx context.Context, id int64) (job.Info, error)  { return j.one(ctx, id) }
func (j matrixJobs) Cancel(ctx context.Context, id int64) (job.Info, error) { return j.one(ctx, id) }

func (j matrixJobs) one(ctx context.Context, id int64) (job.Info, error) {
	p, _ := j.List(ctx, job.Filter{})
	return p.Jobs[slices.IndexFunc(p.Jobs, func(in job.Info) bool { return in.ID == id })], nil
}
