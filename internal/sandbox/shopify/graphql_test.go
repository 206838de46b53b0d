package shopify

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// post sends one GraphQL request and decodes the answer.
func post(t *testing.T, s *Shop, token, op, vars string) (int, map[string]any) {
	t.Helper()
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	body := `{"operationName":"` + op + `","query":"query ` + op + ` { }","variables":` + vars + `}`
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/admin/api/2026-07/graphql.json", strings.NewReader(body))
	req.Header.Set("X-Shopify-Access-Token", token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out
}

func TestGraphQL_rejectsAWrongToken(t *testing.T) {
	s := testShop(WebhookOptions{})
	status, out := post(t, s, "nope", "PrimaryLocation", `{}`)
	if status != 401 || out["errors"] != "[API] Invalid API key or access token (unrecognized login or wrong password)" {
		t.Fatalf("got %d %v", status, out)
	}
}

func TestGraphQL_unknownOperation(t *testing.T) {
	s := testShop(WebhookOptions{})
	_, out := post(t, s, s.Token(), "Products", `{}`)
	if out["errors"] == nil || out["data"] != nil {
		t.Fatalf("got %v", out)
	}
}

func TestGraphQL_costBucket(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	s := New(Options{Now: func() time.Time { return now }, MaxCost: 20, RestoreRate: 1})
	for i, want := range []bool{true, true, false} { // 10 points each from 20
		_, out := post(t, s, s.Token(), "FulfillmentCreate", `{"fulfillment":{}}`)
		cost := out["extensions"].(map[string]any)["cost"].(map[string]any)
		if throttled := out["data"] == nil; throttled == want {
			t.Fatalf("call %d: want ok=%v, got %v", i, want, out)
		}
		if cost["requestedQueryCost"].(float64) != 10 {
			t.Fatalf("cost %v", cost)
		}
	}
	now = now.Add(10 * time.Second)
	if _, out := post(t, s, s.Token(), "FulfillmentCreate", `{"fulfillment":{}}`); out["data"] == nil {
		t.Fatalf("after 10 s the bucket holds 10 points again: %v", out)
	}
}

func userErrorCode(t *testing.T, out map[string]any, field string) string {
	t.Helper()
	payload := out["data"].(map[string]any)[field].(map[string]any)
	ue := payload["userErrors"].([]any)
	if len(ue) == 0 {
		return ""
	}
	code, _ := ue[0].(map[string]any)["code"].(string)
	if code == "" {
		code, _ = ue[0].(map[string]any)["message"].(string)
	}
	return code
}

func TestGraphQL_inventorySetQuantities(t *testing.T) {
	s := testShop(WebhookOptions{})
	v := s.AddVariant(Variant{SKU: "X"})
	s.SetAvailable(v.ID, 5)
	item, loc := gid("InventoryItem", v.InventoryItemID), gid("Location", s.LocationID())
	input := func(extra string) string {
		return `{"name":"available","reason":"correction","referenceDocumentUri":"gid://t/1","quantities":[{"inventoryItemId":"` + item + `","locationId":"` + loc + `","quantity":9` + extra + `}]`
	}
	cases := []struct {
		name, op, vars, code string
		after                int64
	}{
		{"changeFromQuantity must be given", "SetAvailable", `{"key":"k1","input":` + input("") + `}}`, "CHANGE_FROM_QUANTITY_REQUIRED", 5},
		{"a stale changeFromQuantity", "SetAvailable", `{"key":"k2","input":` + input(`,"changeFromQuantity":4`) + `}}`, "CHANGE_FROM_QUANTITY_STALE", 5},
		{"the same key with other parameters", "SetAvailable", `{"key":"k2","input":` + input(`,"changeFromQuantity":5`) + `}}`, "IDEMPOTENCY_KEY_PARAMETER_MISMATCH", 5},
		{"a matching changeFromQuantity", "SetAvailable", `{"key":"k3","input":` + input(`,"changeFromQuantity":5`) + `}}`, "", 9},
		{"compareQuantity is required before 2026-04", "SetAvailableCompare", `{"input":` + input("") + `}}`, "COMPARE_QUANTITY_REQUIRED", 9},
		{"ignoreCompareQuantity sets blindly", "SetAvailableCompare", `{"input":` + input("") + `,"ignoreCompareQuantity":true}}`, "", 9},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, out := post(t, s, s.Token(), tc.op, tc.vars)
			if got := userErrorCode(t, out, "inventorySetQuantities"); got != tc.code {
				t.Fatalf("code %q, want %q: %v", got, tc.code, out)
			}
			if got := s.Available(v.ID); got != tc.after {
				t.Fatalf("available %d, want %d", got, tc.after)
			}
		})
	}
}

func TestGraphQL_fulfillmentCreateRefusals(t *testing.T) {
	s := testShop(WebhookOptions{})
	o := s.AddOrder(testOrder())
	fo := gid("FulfillmentOrder", s.fos[o.ID][0].ID)
	line := gid("FulfillmentOrderLineItem", s.fos[o.ID][0].Lines[0].ID)
	vars := func(qty string) string {
		return `{"fulfillment":{"trackingInfo":{"number":"1"},"lineItemsByFulfillmentOrder":[{"fulfillmentOrderId":"` + fo + `","fulfillmentOrderLineItems":[{"id":"` + line + `","quantity":` + qty + `}]}]}}`
	}
	if _, out := post(t, s, s.Token(), "FulfillmentCreate", vars("3")); userErrorCode(t, out, "fulfillmentCreate") == "" {
		t.Fatalf("more than remains must be refused: %v", out)
	}
	if _, out := post(t, s, s.Token(), "FulfillmentCreate", vars("2")); userErrorCode(t, out, "fulfillmentCreate") != "" {
		t.Fatalf("the whole line: %v", out)
	}
	if _, out := post(t, s, s.Token(), "FulfillmentCreate", vars("1")); userErrorCode(t, out, "fulfillmentCreate") == "" {
		t.Fatalf("a closed fulfillment order must be refused: %v", out)
	}
	if got, _ := s.Order(o.ID); *got.FulfillmentStatus != "fulfilled" || got.LineItems[0].FulfillableQuantity != 0 {
		t.Fatalf("order after fulfilment: %v, %d", got.FulfillmentStatus, got.LineItems[0].FulfillableQuantity)
	}
}
