package shopify

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

const testSecret = "whsec-test"

func testConnector(t testing.TB) *Connector {
	t.Helper()
	c, err := New(channel.Config{Shop: "shop-7", Channel: "shopify",
		Settings: map[string]string{SettingShopDomain: "lumen-co.myshopify.com"},
		Secrets:  map[string]string{SecretToken: "shpat_x", SecretWebhook: testSecret}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// canonical is what a golden file holds: the mapped order without Raw,
// which is the input itself.
type canonical struct {
	Order     order.Order   `json:"order"`
	BuyerID   string        `json:"buyer_id"`
	Contact   *pii.Contact  `json:"contact"`
	PaidTotal *money.Amount `json:"paid_total"`
}

// canon prices the order (order.Price) so the golden file shows each
// line's total, net and tax too, and a mapping that cannot be priced fails.
func canon(o channel.Order) canonical {
	priced := o.Order
	priced.Lines = append([]order.Line(nil), o.Order.Lines...)
	if err := priced.Price(); err != nil {
		panic("the mapped order cannot be priced: " + err.Error())
	}
	return canonical{priced, o.BuyerID, o.Contact, o.PaidTotal}
}

// golden compares v's JSON with testdata/name, or writes it with -update.
func golden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what the mapper gives:\n%s", path, got)
	}
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A Shopify order payload signed with the shop's webhook secret becomes
// the canonical order in the golden file.
func TestReadWebhook_RESTOrderGolden(t *testing.T) {
	c := testConnector(t)
	body := readTestdata(t, "rest_order.json")
	h := webhookHeader("orders/updated", "lumen-co.myshopify.com", Sign([]byte(testSecret), body))
	m, err := c.VerifyWebhook(h, body)
	if err != nil {
		t.Fatal(err)
	}
	orders, err := c.ReadWebhook(m, body)
	if err != nil {
		t.Fatal(err)
	}
	if len(orders) != 1 || !bytes.Equal(orders[0].Raw, body) {
		t.Fatalf("want one order carrying the body as Raw, got %d", len(orders))
	}
	golden(t, "rest_order.canonical.json", canon(orders[0]))
}

func graphQLNodes(t testing.TB) []json.RawMessage {
	var env struct {
		Data struct {
			Orders struct {
				Nodes []json.RawMessage `json:"nodes"`
			} `json:"orders"`
		} `json:"data"`
	}
	if err := json.Unmarshal(readTestdata(t, "graphql_orders.json"), &env); err != nil {
		t.Fatal(err)
	}
	return env.Data.Orders.Nodes
}

func TestNodeOrder_GraphQLGolden(t *testing.T) {
	c := testConnector(t)
	var got []canonical
	for _, n := range graphQLNodes(t) {
		o, err := c.nodeOrder(t.Context(), n)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, canon(o))
	}
	golden(t, "graphql_orders.canonical.json", got)
}

// The same order, as a webhook's REST JSON and as a pulled GraphQL node,
// maps to the same canonical order.
func TestMapping_sameOrderBothWays(t *testing.T) {
	c := testConnector(t)
	rest, err := c.ReadWebhook(channel.Message{Topic: "orders/create"}, readTestdata(t, "rest_order.json"))
	if err != nil {
		t.Fatal(err)
	}
	node, err := c.nodeOrder(t.Context(), graphQLNodes(t)[0])
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(canon(rest[0]))
	b, _ := json.Marshal(canon(node))
	if !bytes.Equal(a, b) {
		t.Errorf("REST and GraphQL disagree:\nREST    %s\nGraphQL %s", a, b)
	}
}

// The mapped order prices: its lines and shipping add up to what Shopify
// says the buyer paid, tax-exclusive and tax-inclusive shops alike.
func TestMapping_totalsMatchPaid(t *testing.T) {
	c := testConnector(t)
	for i, n := range graphQLNodes(t) {
		o, err := c.nodeOrder(t.Context(), n)
		if err != nil {
			t.Fatal(err)
		}
		if err := o.Order.Price(); err != nil {
			t.Fatalf("order %d: %v", i, err)
		}
		total, err := o.Order.Total()
		if err != nil || total != *o.PaidTotal {
			t.Errorf("order %d: lines and shipping total %v, Shopify says %v (%v)", i, total, o.PaidTotal, err)
		}
	}
}

func TestVerifyWebhook_refundGolden(t *testing.T) {
	c := testConnector(t)
	body := readTestdata(t, "refund.json")
	h := webhookHeader("refunds/create", "lumen-co.myshopify.com", Sign([]byte(testSecret), body))
	m, err := c.VerifyWebhook(h, body)
	if err != nil {
		t.Fatal(err)
	}
	orders, err := c.ReadWebhook(m, body)
	if err != nil || len(orders) != 0 {
		t.Fatalf("a refund carries no order to map: got %d, %v", len(orders), err)
	}
	golden(t, "refund.message.json", m)
}

func webhookHeader(topic, domain, sig string) http.Header {
	h := http.Header{}
	h.Set("X-Shopify-Topic", topic)
	h.Set("X-Shopify-Shop-Domain", domain)
	h.Set("X-Shopify-Hmac-Sha256", sig)
	h.Set("X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043")
	h.Set("X-Shopify-Triggered-At", "2026-12-01T13:02:11.123456789Z")
	h.Set("X-Shopify-API-Version", "2026-07")
	return h
}

// An order whose tags, note attributes and landing page each name a
// campaign takes its tag's (attribution.campaign's precedence); the rest of
// the mapping is that of the plain order.
func TestReadWebhook_campaignGolden(t *testing.T) {
	c := testConnector(t)
	orders, err := c.ReadWebhook(channel.Message{Topic: "orders/create"}, readTestdata(t, "rest_order_campaign.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(orders) != 1 || orders[0].Order.Campaign != "双11-预售" {
		t.Fatalf("want the tag's campaign, got %+v", orders)
	}
	golden(t, "rest_order_campaign.canonical.json", canon(orders[0]))
}
