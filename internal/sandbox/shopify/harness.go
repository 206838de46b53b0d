package shopify

import (
	"fmt"
	"net/http"

	"github.com/fnshub/fnshub/internal/channel"
	chshopify "github.com/fnshub/fnshub/internal/channel/shopify"
	"github.com/fnshub/fnshub/internal/settlement/pull"
)

// What a conformance suite or a demo needs besides the API: the config a
// real connector is built from to talk to this store, and a webhook as
// Shopify would send it, to post by hand.

// Config is a shop's connector configuration for this store served at
// baseURL (an httptest.Server's URL), with its domain, token and webhook
// secret; client may be nil.
func (s *Shop) Config(shopID, baseURL string, client *channel.Client) channel.Config {
	return channel.Config{
		Shop: shopID, Channel: "shopify", BaseURL: baseURL, HTTP: client,
		Settings: map[string]string{chshopify.SettingShopDomain: s.opt.Domain},
		Secrets:  map[string]string{chshopify.SecretToken: s.opt.Token, chshopify.SecretWebhook: s.opt.WebhookSecret},
	}
}

// Webhook renders a stored order's webhook for topic (orders/create,
// orders/updated, orders/paid, orders/cancelled) as Shopify would send it
// now — signed, with every X-Shopify-* header — without sending it.
func (s *Shop) Webhook(topic string, orderID int64) (http.Header, []byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orders[orderID]
	if o == nil {
		return nil, nil, fmt.Errorf("sandbox/shopify: no order %d", orderID)
	}
	s.queue(topic, o)
	ev := s.pending[len(s.pending)-1]
	s.pending = s.pending[:len(s.pending)-1]
	return s.headers(ev, s.webhookID()), ev.body, nil
}

// PullConfig is the shop's settlement source configuration for this
// store served at baseURL; client may be nil.
func (s *Shop) PullConfig(shopID, baseURL string, client *channel.Client) pull.Config {
	c := s.Config(shopID, baseURL, client)
	return pull.Config{Shop: shopID, Settings: c.Settings, Secrets: c.Secrets, BaseURL: baseURL, HTTP: client}
}
