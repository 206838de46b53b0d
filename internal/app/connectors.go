package app

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/shop"
)

// Credentials reads a shop's platform settings and opened secrets
// (docs/adr/0029-shop-credentials.md).
type Credentials interface {
	Credentials(ctx context.Context, shopID string) (settings, secrets map[string]string, baseURL string, err error)
}

// ShopConnectors builds shops' connectors from their credentials through
// the channel registry. Each shop keeps one HTTP client per platform for
// the life of the process, so its rate limit, throttle pauses and breaker
// carry from one call to the next.
type ShopConnectors struct {
	creds   Credentials
	decode  func([]byte) (channel.Order, error)
	base    channel.ClientOptions
	mu      sync.Mutex
	clients map[string]*channel.Client // by platform + "/" + shop
}

// NewShopConnectors returns the connector builder. decode reads fnshub's
// own order JSON with the API's rules (the "api" Decoder), for the generic
// channel.
func NewShopConnectors(creds Credentials, decode Decoder) *ShopConnectors {
	return &ShopConnectors{creds: creds, clients: map[string]*channel.Client{},
		decode: func(b []byte) (channel.Order, error) {
			in, err := decode(b)
			if err == nil {
				err = validateUpstream(in.Order) // so the sender hears at once what ingestion would refuse
			}
			return channel.Order{Order: in.Order, BuyerID: in.BuyerID, Contact: in.Contact, PaidTotal: in.PaidTotal, Raw: b}, err
		}}
}

// WithClient sets what every shop's client is built from — its clock,
// per-attempt timeout, transport — before the first is built; the platform
// and its limits still come from the registry. A test on simulated time
// uses it; production takes the defaults.
func (c *ShopConnectors) WithClient(base channel.ClientOptions) *ShopConnectors {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.base = base
	return c
}

// Connector implements Connectors.
func (c *ShopConnectors) Connector(ctx context.Context, sh shop.Shop, platform string) (channel.Connector, error) {
	p, ok := channel.ByName(platform)
	switch {
	case !ok:
		return nil, fault.New(fault.NotFound, "platform_unknown", "fnshub has no connector %q; it has %s", platform, strings.Join(channel.Names(), ", "))
	case len(p.Channels) > 0 && !slices.Contains(p.Channels, sh.Channel):
		return nil, fault.New(fault.NotFound, "platform_mismatch", "shop %s is a %s shop, which the %s connector does not serve", sh.ID, sh.Channel, platform)
	}
	settings, secrets, base, err := c.creds.Credentials(ctx, sh.ID)
	if err != nil {
		return nil, err
	}
	if err := missing(sh.ID, p, settings, secrets); err != nil {
		return nil, err
	}
	return p.New(channel.Config{Shop: sh.ID, Channel: sh.Channel, Settings: settings, Secrets: secrets, BaseURL: base,
		HTTP: c.client(sh.ID, p), Decode: c.decode})
}

// Puller implements Connectors.
func (c *ShopConnectors) Puller(sh shop.Shop) (string, bool) {
	p, ok := channel.Lookup(sh.Channel)
	if !ok || p.PushOnly {
		return "", false
	}
	return p.Name, true
}

func (c *ShopConnectors) client(shopID string, p channel.Platform) *channel.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	key := p.Name + "/" + shopID
	cl := c.clients[key]
	if cl == nil {
		opt := c.base
		opt.Platform, opt.Limits = p.Name, p.Limits
		cl = channel.NewClient(opt)
		c.clients[key] = cl
	}
	return cl
}

// missing names the first setting or secret the platform needs that the
// shop lacks, and how to give it.
func missing(shopID string, p channel.Platform, settings, secrets map[string]string) error {
	for _, name := range p.Settings {
		if settings[name] == "" {
			return fault.New(fault.Conflict, "shop_not_connected", "shop %s has no %s setting, which %s needs: fnshub shop update %s --setting %s=…",
				shopID, name, p.Name, shopID, name)
		}
	}
	for _, name := range p.Secrets {
		if secrets[name] == "" {
			return fault.New(fault.Conflict, "shop_not_connected", "shop %s has no %s secret, which %s needs: fnshub shop secret set --shop %s --name %s",
				shopID, name, p.Name, shopID, name)
		}
	}
	return nil
}

// Stats returns the counters of shopID's client for platform; ok is false
// while no connector of the shop has been built on this node.
func (c *ShopConnectors) Stats(shopID, platform string) (channel.Stats, bool) {
	c.mu.Lock()
	cl := c.clients[platform+"/"+shopID]
	c.mu.Unlock()
	if cl == nil {
		return channel.Stats{}, false
	}
	return cl.Stats(), true
}
