package shopify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
)

// Topics the hub takes. orders/* carry the REST order JSON; refunds/create
// carries a refund, which names the order without its new state.
var topics = map[string]bool{
	"orders/create": true, "orders/updated": true, "orders/paid": true,
	"orders/cancelled": true, "refunds/create": true,
}

// Sign returns the X-Shopify-Hmac-Sha256 value of body under secret:
// base64 of HMAC-SHA256 over the raw bytes. The simulator signs with it.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// VerifyWebhook checks the signature over the raw body in constant time,
// then reads the envelope from the X-Shopify-* headers and the order id
// from the body. Errors: BadSignature for a missing or wrong signature;
// Rejected for a topic the hub does not take, another shop's message, or
// a body without an order id.
func (c *Connector) VerifyWebhook(h http.Header, body []byte) (channel.Message, error) {
	got, err := base64.StdEncoding.DecodeString(h.Get("X-Shopify-Hmac-Sha256"))
	m := hmac.New(sha256.New, c.secret)
	m.Write(body)
	if err != nil || !hmac.Equal(got, m.Sum(nil)) {
		return channel.Message{}, &channel.Error{Kind: channel.BadSignature, Platform: "shopify", Message: "X-Shopify-Hmac-Sha256 does not match the body"}
	}
	msg := channel.Message{ID: h.Get("X-Shopify-Webhook-Id"), Topic: h.Get("X-Shopify-Topic")}
	switch domain := strings.ToLower(h.Get("X-Shopify-Shop-Domain")); {
	case domain != c.domain:
		return msg, rejectWebhook("sent for shop " + clip(domain) + ", not " + c.domain)
	case !topics[msg.Topic]:
		return msg, rejectWebhook("topic " + clip(msg.Topic) + " is not one fnshub takes")
	case msg.ID == "":
		return msg, rejectWebhook("X-Shopify-Webhook-Id is missing")
	}
	if t, err := time.Parse(time.RFC3339Nano, h.Get("X-Shopify-Triggered-At")); err == nil {
		msg.SentAt = t.UTC()
	}
	if msg.ExternalID, err = orderIDOf(msg.Topic, body); err != nil {
		return msg, err
	}
	msg.Fetch = msg.Topic == "refunds/create"
	return msg, nil
}

// orderIDOf reads the order a payload concerns: id for an order, order_id
// for a refund.
func orderIDOf(topic string, body []byte) (string, error) {
	var v struct {
		ID      json.Number `json:"id"`
		OrderID json.Number `json:"order_id"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		return "", rejectWebhook("body is not a Shopify payload: " + err.Error())
	}
	id := v.ID
	if topic == "refunds/create" {
		id = v.OrderID
	}
	if _, err := id.Int64(); err != nil {
		return "", rejectWebhook("body has no numeric order id")
	}
	return id.String(), nil
}

// ReadWebhook maps a verified orders/* message to its order. A
// refunds/create message carries the refund, not the order's new totals
// and status, so it returns no order and the caller fetches it
// (Message.Fetch). Errors: Rejected for a body the mapper cannot read.
func (c *Connector) ReadWebhook(m channel.Message, body []byte) ([]channel.Order, error) {
	if m.Fetch || m.Topic == "refunds/create" {
		return nil, nil
	}
	d, err := readREST(body)
	if err != nil {
		return nil, badOrder(err)
	}
	o, err := c.toOrder(d, body)
	if err != nil {
		return nil, badOrder(err)
	}
	return []channel.Order{o}, nil
}

func rejectWebhook(msg string) error {
	return &channel.Error{Kind: channel.Rejected, Platform: "shopify", Message: msg}
}
