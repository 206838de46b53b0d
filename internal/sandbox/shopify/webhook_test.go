package shopify

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
	chshopify "github.com/fnshub/fnshub/internal/channel/shopify"
)

// receiver is a hub endpoint for one shop: it verifies and reads each
// webhook with the real connector, answering fail first.
type receiver struct {
	mu       sync.Mutex
	conn     *chshopify.Connector
	fail     int // answer 500 to this many requests first
	messages []channel.Message
	orders   []channel.Order
	errs     []error
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.fail > 0 {
		rc.fail--
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	m, err := rc.conn.VerifyWebhook(r.Header, body)
	if err != nil {
		rc.errs = append(rc.errs, err)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	orders, err := rc.conn.ReadWebhook(m, body)
	if err != nil {
		rc.errs = append(rc.errs, err)
	}
	rc.messages = append(rc.messages, m)
	rc.orders = append(rc.orders, orders...)
}

func newReceiver(t *testing.T, s *Shop, secret string) (*receiver, string) {
	t.Helper()
	conn, err := chshopify.New(channel.Config{Shop: "s1",
		Settings: map[string]string{chshopify.SettingShopDomain: s.Domain()},
		Secrets:  map[string]string{chshopify.SecretToken: s.Token(), chshopify.SecretWebhook: secret}})
	if err != nil {
		t.Fatal(err)
	}
	rc := &receiver{conn: conn}
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	return rc, srv.URL
}

func testShop(opt WebhookOptions) *Shop {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	if opt.Backoff == 0 {
		opt.Backoff = time.Microsecond
	}
	return New(Options{Now: func() time.Time { return at }, Seed: 3, Webhooks: opt})
}

func testOrder() Order {
	v, p, sku := int64(11), int64(12), "TEA"
	return Order{FinancialStatus: "pending", LineItems: []LineItem{{VariantID: &v, ProductID: &p, SKU: &sku, Name: "Tea", Quantity: 2, Price: "4.50"}}}
}

func subscribeAll(s *Shop, url string) {
	for _, topic := range []string{"orders/create", "orders/updated", "orders/paid", "orders/cancelled", "refunds/create"} {
		s.Subscribe(topic, url)
	}
}

func TestWebhooks_signedOrdersTheConnectorReads(t *testing.T) {
	s := testShop(WebhookOptions{})
	rc, url := newReceiver(t, s, s.WebhookSecret())
	subscribeAll(s, url)
	o := s.AddOrder(testOrder())
	if _, err := s.UpdateOrder(o.ID, func(o *Order) { o.FinancialStatus = "paid" }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Refund(o.ID, "4.50", RefundLine{LineItemID: o.LineItems[0].ID, Quantity: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CancelOrder(o.ID, "customer"); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	var topics []string
	for _, m := range rc.messages {
		topics = append(topics, m.Topic)
	}
	want := []string{"orders/create", "orders/updated", "refunds/create", "orders/updated", "orders/cancelled", "orders/updated"}
	if len(rc.errs) != 0 || !equal(topics, want) {
		t.Fatalf("topics %v (errors %v), want %v", topics, rc.errs, want)
	}
	if rc.messages[2].Fetch != true || rc.messages[2].ExternalID != rc.orders[0].Order.ExternalID {
		t.Errorf("refunds/create must name its order for a fetch: %+v", rc.messages[2])
	}
	statuses := []string{}
	for _, o := range rc.orders {
		statuses = append(statuses, string(o.Order.Status))
	}
	if !equal(statuses, []string{"awaiting_payment", "paid", "paid", "cancelled", "cancelled"}) {
		t.Errorf("statuses %v", statuses)
	}
}

func TestWebhooks_wrongSecretIsBadSignature(t *testing.T) {
	s := testShop(WebhookOptions{Attempts: 1})
	rc, url := newReceiver(t, s, "not-the-secret")
	s.Subscribe("orders/create", url)
	s.AddOrder(testOrder())
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if len(rc.errs) != 1 || channel.KindOf(rc.errs[0]) != channel.BadSignature {
		t.Fatalf("want one BadSignature, got %v", rc.errs)
	}
	if d := s.Deliveries(); len(d) != 1 || d[0].Status != http.StatusUnauthorized {
		t.Fatalf("deliveries %+v", d)
	}
}

func TestWebhooks_retriedWithTheSameID(t *testing.T) {
	s := testShop(WebhookOptions{Attempts: 4})
	rc, url := newReceiver(t, s, s.WebhookSecret())
	rc.fail = 2
	s.Subscribe("orders/create", url)
	s.AddOrder(testOrder())
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	d := s.Deliveries()
	if len(d) != 3 || d[0].Status != 500 || d[1].Status != 500 || d[2].Status != 200 || d[2].Attempt != 3 {
		t.Fatalf("want two failures then a success, got %+v", d)
	}
	if d[0].WebhookID != d[2].WebhookID || len(rc.messages) != 1 {
		t.Fatalf("a retry keeps its X-Shopify-Webhook-Id: %s vs %s", d[0].WebhookID, d[2].WebhookID)
	}
}

func TestWebhooks_givesUpAfterTheAttempts(t *testing.T) {
	s := testShop(WebhookOptions{Attempts: 3})
	rc, url := newReceiver(t, s, s.WebhookSecret())
	rc.fail = 100
	s.Subscribe("orders/create", url)
	s.AddOrder(testOrder())
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if d := s.Deliveries(); len(d) != 3 || s.Pending() != 0 {
		t.Fatalf("want 3 attempts and nothing pending, got %d, %d", len(d), s.Pending())
	}
}

func TestWebhooks_duplicatesShareTheID(t *testing.T) {
	s := testShop(WebhookOptions{Duplicate: 1})
	rc, url := newReceiver(t, s, s.WebhookSecret())
	s.Subscribe("orders/create", url)
	s.AddOrder(testOrder())
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if len(rc.messages) != 2 || rc.messages[0].ID != rc.messages[1].ID {
		t.Fatalf("want the same message twice, got %+v", rc.messages)
	}
}

func TestWebhooks_reordered(t *testing.T) {
	s := testShop(WebhookOptions{Reorder: true})
	rc, url := newReceiver(t, s, s.WebhookSecret())
	s.Subscribe("orders/create", url)
	var sent []string
	for range 8 {
		o := s.AddOrder(testOrder())
		sent = append(sent, o.AdminGraphqlAPIID)
	}
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range rc.orders {
		got = append(got, "gid://shopify/Order/"+o.Order.ExternalID)
	}
	if len(got) != len(sent) || equal(got, sent) {
		t.Fatalf("want all %d orders in another order, got %v", len(sent), got)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestWebhook_renderedForHand(t *testing.T) {
	s := testShop(WebhookOptions{})
	o := s.AddOrder(testOrder())
	conn, err := chshopify.New(s.Config("s1", "http://unused", nil))
	if err != nil {
		t.Fatal(err)
	}
	h, body, err := s.Webhook("orders/updated", o.ID)
	if err != nil {
		t.Fatal(err)
	}
	m, err := conn.VerifyWebhook(h, body)
	if err != nil || m.Topic != "orders/updated" || m.ExternalID == "" {
		t.Fatalf("got %+v, %v", m, err)
	}
	if s.Pending() != 1 { // orders/create alone: the rendered one is not queued
		t.Fatalf("pending %d", s.Pending())
	}
}
