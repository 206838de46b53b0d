// Package generic is the connector for channels fnshub has no platform
// connector for: self-built sites, mini-programs and POS systems push
// fnshub's own order JSON (the body of POST /api/v1/orders) to
// POST /hooks/generic/{shopID}, signed with the shop's webhook secret
// (docs/adr/0032-webhook-intake.md).
//
// The recipe, for a merchant's developer:
//
//	X-Fnshub-Hmac-Sha256: base64(HMAC-SHA256(key = webhook_secret, message = the raw body))
//	X-Fnshub-Delivery-Id: an id unique per delivery, reused on a retry (optional)
//
// Without a delivery id, the body's SHA-256 is the id: the same body sent
// twice is one delivery.
package generic

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"

	"github.com/fnshub/fnshub/internal/channel"
)

// The headers a generic push message carries.
const (
	SignatureHeader = "X-Fnshub-Hmac-Sha256"
	DeliveryHeader  = "X-Fnshub-Delivery-Id"
)

// Topic is the one topic of the generic channel: a version of an order.
const Topic = "order"

// Name is the platform's name in webhook paths.
const Name = "generic"

// MaxDeliveryID bounds the delivery id a sender may choose.
const MaxDeliveryID = 128

func init() {
	channel.Register(channel.Platform{Name: Name, Secrets: []string{"webhook_secret"}, New: New, PushOnly: true})
}

// Connector reads one shop's pushed orders. It has no platform API to
// call: pulls, stock and shipments are refused as Rejected.
type Connector struct {
	shop   string
	secret []byte
	decode func([]byte) (channel.Order, error)
}

// New builds a shop's generic connector. Errors: Invalid when the shop has
// no webhook secret.
func New(cfg channel.Config) (channel.Connector, error) {
	secret := cfg.Secrets["webhook_secret"]
	if secret == "" {
		return nil, &channel.Error{Kind: channel.Unauthorized, Platform: Name, Code: "webhook_secret_missing",
			Message: "shop " + cfg.Shop + " has no webhook_secret: set one with fnshub shop secret set --shop " + cfg.Shop + " --name webhook_secret"}
	}
	if cfg.Decode == nil {
		panic("generic: Config.Decode is required")
	}
	return &Connector{shop: cfg.Shop, secret: []byte(secret), decode: cfg.Decode}, nil
}

// Sign returns the signature header's value for body.
func Sign(secret, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// VerifyWebhook checks the signature, then reads the body with the API's
// rules, so a sender learns at once which field is wrong (an Invalid error
// naming it) rather than from a refusal later.
func (c *Connector) VerifyWebhook(h http.Header, body []byte) (channel.Message, error) {
	got, err := base64.StdEncoding.DecodeString(h.Get(SignatureHeader))
	if err != nil || !hmac.Equal(got, c.mac(body)) {
		return channel.Message{}, &channel.Error{Kind: channel.BadSignature, Platform: Name, Code: "signature_invalid",
			Message: SignatureHeader + " must be the base64 HMAC-SHA256 of the raw body under the shop's webhook_secret"}
	}
	id := h.Get(DeliveryHeader)
	switch {
	case len(id) > MaxDeliveryID:
		return channel.Message{}, &channel.Error{Kind: channel.Rejected, Platform: Name, Code: "delivery_id_invalid",
			Message: DeliveryHeader + " must be at most 128 bytes"}
	case id == "":
		sum := sha256.Sum256(body)
		id = "sha256:" + hex.EncodeToString(sum[:])
	}
	o, err := c.decode(body)
	if err != nil {
		return channel.Message{}, err
	}
	return channel.Message{ID: id, Topic: Topic, ExternalID: o.Order.ExternalID}, nil
}

func (c *Connector) mac(body []byte) []byte {
	m := hmac.New(sha256.New, c.secret)
	m.Write(body)
	return m.Sum(nil)
}

// ReadWebhook returns the one order version the body is.
func (c *Connector) ReadWebhook(_ channel.Message, body []byte) ([]channel.Order, error) {
	o, err := c.decode(body)
	if err != nil {
		return nil, err
	}
	return []channel.Order{o}, nil
}

func (c *Connector) noAPI(what string) error {
	return &channel.Error{Kind: channel.Rejected, Platform: Name, Code: "no_api",
		Message: "the generic channel has no platform API to " + what + "; its senders push orders to /hooks/generic/" + c.shop}
}

func (c *Connector) PullOrders(context.Context, channel.Window, string) (channel.Page, error) {
	return channel.Page{}, c.noAPI("pull orders from")
}

func (c *Connector) FetchOrder(context.Context, string) (channel.Order, error) {
	return channel.Order{}, c.noAPI("fetch an order from")
}

func (c *Connector) PushStock(context.Context, channel.StockPush) (channel.StockResult, error) {
	return channel.StockResult{}, c.noAPI("push stock to")
}

func (c *Connector) PushShipment(context.Context, channel.Shipment) error {
	return c.noAPI("push a shipment to")
}
