package httpapi

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/auth"
	"github.com/fnshub/fnshub/internal/httpapi/apitest"
)

// shanghaiOffset is the merchant's offset in the test servers.
const shanghaiOffset = 8 * time.Hour

// TestAPI_TimesAreInTheMerchantsZone walks the answers that carry times —
// every kind of record, an order with its reservations, versions, events
// and journal, through shipping and refund — and asserts each time is
// shown at +08:00. (api.send checks every other answer the same way.)
func TestAPI_TimesAreInTheMerchantsZone(t *testing.T) {
	x := newAPI(t)
	x.mustDo(auth.Finance, "POST", "/api/v1/ledger/accounts", `{"code":"1122.01","name_zh":"应收账款-天猫","class":"asset","normal_side":"debit"}`)
	x.mustDo(auth.Operations, "POST", "/api/v1/products", `{"code":"TEA","name":"龙井茶"}`)
	x.mustDo(auth.Operations, "POST", "/api/v1/skus", `{"code":"TEA-250","product":"TEA","name":"龙井 250g","tax_rate":"0.13"}`)
	x.mustDo(auth.Operations, "PUT", "/api/v1/listings", `{"channel":"web","shop":"S1","external_item_id":"1","sku":"TEA-250"}`)
	x.mustDo(auth.Warehouse, "POST", "/api/v1/warehouses", `{"code":"HZ","name":"杭州仓","province":"浙江省"}`)
	x.mustDo(auth.Warehouse, "POST", "/api/v1/stock/receipts", `{"sku":"TEA-250","warehouse":"HZ","quantity":5,"unit_cost":{"amount":"20.00","currency":"CNY"}}`, "Idempotency-Key", "po-1")
	x.mustDo(auth.Operations, "PUT", "/api/v1/stock/rules", `{"shop":"S1","sku":"*","kind":"share","share_bp":5000}`)
	x.mustDo(auth.Operations, "PUT", "/api/v1/stock/safety", `{"sku":"TEA-250","quantity":1}`)
	o := x.mustDo(auth.Operations, "POST", "/api/v1/orders", fmt.Sprintf(orderBody, 1, "paid"))
	id := int64(o["id"].(float64))
	x.mustDo(auth.Warehouse, "POST", fmt.Sprintf("/api/v1/orders/%d/ship", id), `{"carrier":"SF","tracking_no":"SF1"}`)
	x.mustDo(auth.Operations, "POST", fmt.Sprintf("/api/v1/orders/%d/refund", id), `{"amount":{"amount":"10.00","currency":"CNY"}}`, "Idempotency-Key", "rf-1")
	x.mustDo(auth.Finance, "POST", "/api/v1/ledger/entries", sale, "Idempotency-Key", "e-1")

	reads := []string{
		"/api/v1/ledger/accounts", "/api/v1/ledger/entries", "/api/v1/ledger/entries/1", "/api/v1/ledger/trial-balance",
		"/api/v1/products", "/api/v1/products/TEA", "/api/v1/skus", "/api/v1/skus/TEA-250", "/api/v1/bundles",
		"/api/v1/listings?channel=web&shop=S1", "/api/v1/warehouses", "/api/v1/stock", "/api/v1/stock/available?shop=S1",
		"/api/v1/stock/rules", "/api/v1/stock/safety", "/api/v1/orders", fmt.Sprintf("/api/v1/orders/%d", id),
	}
	times := 0
	for _, path := range reads {
		_, raw := x.send(auth.Admin, "GET", path, "")
		var v any
		_ = json.Unmarshal(raw, &v)
		apitest.WalkStrings(v, "$", func(_, s string) {
			if _, err := time.Parse(time.RFC3339Nano, s); err == nil {
				times++
			}
		})
		for _, p := range apitest.WrongOffsets(raw, shanghaiOffset) {
			t.Errorf("GET %s: %s", path, p)
		}
	}
	if times < 20 {
		t.Errorf("the answers held only %d times; the walk is not looking at them", times)
	}
}
