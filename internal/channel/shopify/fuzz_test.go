package shopify

import (
	"net/http"
	"testing"

	"github.com/fnshub/fnshub/internal/channel"
)

// The webhook reader takes any body a signed request carries.
func FuzzReadWebhook(f *testing.F) {
	f.Add(readTestdata(f, "rest_order.json"))
	f.Add([]byte(`{"id":1,"line_items":[{"price":"1e3","quantity":-1,"tax_lines":[{"rate":"x"}]}]}`))
	f.Add([]byte(`{"id":1,"currency":"USD","updated_at":"2026-01-01T00:00:00Z","created_at":"2026-01-01T00:00:00Z","financial_status":"paid","taxes_included":false,"line_items":[{"price":"0.01","quantity":3,"tax_lines":[{"rate":0.5,"price":"0.01"}]}]}`))
	c := testConnector(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		orders, err := c.ReadWebhook(channel.Message{Topic: "orders/updated"}, body)
		if err != nil && channel.KindOf(err) != channel.Rejected {
			t.Fatalf("a bad body must be Rejected, got %v", err)
		}
		if err == nil && len(orders) != 1 {
			t.Fatalf("one order per orders/* message, got %d", len(orders))
		}
	})
}

// VerifyWebhook reads the envelope of any body whose signature holds.
func FuzzVerifyWebhook(f *testing.F) {
	f.Add("refunds/create", readTestdata(f, "refund.json"))
	f.Add("orders/create", []byte(`{"id":"12"}`))
	f.Add("orders/paid", []byte(`[]`))
	c := testConnector(f)
	f.Fuzz(func(t *testing.T, topic string, body []byte) {
		h := webhookHeader(topic, "lumen-co.myshopify.com", Sign([]byte(testSecret), body))
		m, err := c.VerifyWebhook(h, body)
		if k := channel.KindOf(err); err != nil && k != channel.Rejected {
			t.Fatalf("a signed message is taken or Rejected, got %v", err)
		}
		if err == nil && m.ExternalID == "" {
			t.Fatal("a taken message names its order")
		}
	})
}

// The GraphQL order reader takes any node an answer carries.
func FuzzReadOrderNode(f *testing.F) {
	for _, n := range graphQLNodes(f) {
		f.Add([]byte(n))
	}
	f.Add([]byte(`{"id":"gid://shopify/Order/1","lineItems":{"nodes":[{"quantity":1}]}}`))
	c := testConnector(f)
	f.Fuzz(func(t *testing.T, node []byte) {
		d, _, err := readGraphQL(node)
		if err != nil {
			return
		}
		if _, err := c.toOrder(d, node); err != nil && err.Error() == "" {
			t.Fatal("a refusal says why")
		}
	})
}

// classify reads any answer without panicking, and only a success is nil.
func FuzzClassify(f *testing.F) {
	f.Add(200, "", readTestdata(f, "graphql_orders.json"))
	f.Add(200, "", []byte(`{"errors":[{"extensions":{"code":"THROTTLED"}}],"extensions":{"cost":{"requestedQueryCost":1e308,"throttleStatus":{"restoreRate":1e-308}}}}`))
	f.Add(429, "1e9", []byte(`{"errors":"x"}`))
	f.Add(500, "NaN", []byte(``))
	f.Fuzz(func(t *testing.T, status int, retry string, body []byte) {
		h := http.Header{}
		h.Set("Retry-After", retry)
		err := classify(status, h, body)
		if status != 200 && err == nil {
			t.Fatalf("status %d classified as a success", status)
		}
		if channel.RetryAfter(err) < 0 {
			t.Fatal("negative RetryAfter")
		}
	})
}

// The stock and fulfillment answers decode or fail as Unavailable.
func FuzzDecodeData(f *testing.F) {
	f.Add([]byte(`{"data":{"inventorySetQuantities":{"inventoryAdjustmentGroup":{"changes":[{"name":"available","delta":2,"quantityAfterChange":7}]},"userErrors":[]}}}`))
	f.Add([]byte(`{"data":{"order":{"fulfillments":[{"trackingInfo":[{"number":"1Z"}]}],"fulfillmentOrders":{"nodes":[{"id":"gid://shopify/FulfillmentOrder/1","status":"OPEN","lineItems":{"nodes":[{"id":"x","remainingQuantity":2,"lineItem":{"id":"gid://shopify/LineItem/5"}}]}}]}}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var st fulfillmentState
		if err := decodeData("FulfillmentOrders", body, &st); err != nil {
			if channel.KindOf(err) != channel.Unavailable {
				t.Fatalf("want Unavailable, got %v", err)
			}
			return
		}
		if st.Order != nil {
			_, _ = st.lines([]channel.ShipmentLine{{ExternalLineID: "5", Quantity: 1}})
			_ = st.shipped("1Z")
		}
	})
}
