// Package shopify is the Shopify connector: the GraphQL Admin API for
// orders, stock and fulfillments, and Shopify's webhooks, whose payloads are
// the REST order JSON (docs/adr/0031-shopify-connector.md).
//
// Both shapes of an order — a GraphQL node pulled or fetched, and the REST
// JSON a webhook carries — are read into one neutral form (doc) and mapped
// to the canonical order by one function, so the same order reads the same
// whichever way it arrived.
package shopify

import (
	"fmt"
	"strings"
	"sync"

	"github.com/fnshub/fnshub/internal/channel"
)

// DefaultAPIVersion is the Admin API version a shop without an api_version
// setting is spoken to in. Shopify supports a version for twelve months and
// serves the oldest supported one to a caller of an older version, so the
// pin moves with releases; 2026-07 is the newest stable version whose
// inventory and fulfillment inputs the connector was written against.
const DefaultAPIVersion = "2026-07"

// Setting and secret names a shop's configuration carries.
const (
	SettingShopDomain = "shop_domain" // acme.myshopify.com
	SettingAPIVersion = "api_version" // YYYY-MM; DefaultAPIVersion when unset
	SettingLocationID = "location_id" // numeric or GID; the primary location when unset
	SecretToken       = "access_token"
	SecretWebhook     = "webhook_secret" // the app's client secret
)

// limits is a call rate, which is what channel.Limits can say. Shopify's
// GraphQL limit is in cost points (a bucket of 1,000 restoring 100 a second
// on a Standard plan), not calls; the connector's calls cost 10 to 300
// points, so two calls a second with a burst of ten stays under it for the
// usual mix, and a THROTTLED answer carries the exact wait when it does not.
var limits = channel.Limits{Rate: 2, Burst: 10}

func init() {
	channel.Register(channel.Platform{
		Name:     "shopify",
		Channels: []string{"shopify"},
		Limits:   limits,
		Settings: []string{SettingShopDomain},
		Secrets:  []string{SecretToken, SecretWebhook},
		New:      func(cfg channel.Config) (channel.Connector, error) { return New(cfg) },
	})
}

// Connector is one Shopify shop's connector. It is safe for concurrent use.
type Connector struct {
	shop     string // fnshub's shop id
	channel  string
	domain   string
	version  string
	location string // GID; "" until resolved
	token    string
	secret   []byte
	endpoint string
	http     *channel.Client

	mu    sync.Mutex
	items map[string]string // variant GID → inventory item GID
}

// New builds a shop's connector from its configuration. Errors: a missing
// shop_domain, access_token or webhook_secret, or a malformed api_version.
func New(cfg channel.Config) (*Connector, error) {
	domain := strings.ToLower(strings.TrimSpace(cfg.Settings[SettingShopDomain]))
	version := cfg.Settings[SettingAPIVersion]
	if version == "" {
		version = DefaultAPIVersion
	}
	switch {
	case domain == "" || strings.ContainsAny(domain, "/: "):
		return nil, fmt.Errorf("shopify: setting %s must be the shop's host, e.g. acme.myshopify.com", SettingShopDomain)
	case !validVersion(version):
		return nil, fmt.Errorf("shopify: setting %s must be a release such as %s, not %q", SettingAPIVersion, DefaultAPIVersion, version)
	case cfg.Secrets[SecretToken] == "":
		return nil, fmt.Errorf("shopify: secret %s is missing", SecretToken)
	case cfg.Secrets[SecretWebhook] == "":
		return nil, fmt.Errorf("shopify: secret %s is missing", SecretWebhook)
	}
	base := strings.TrimSuffix(cfg.BaseURL, "/")
	if base == "" {
		base = "https://" + domain
	}
	client := cfg.HTTP
	if client == nil {
		client = channel.NewClient(channel.ClientOptions{Platform: "shopify", Limits: limits})
	}
	ch := cfg.Channel
	if ch == "" {
		ch = "shopify"
	}
	c := &Connector{
		shop: cfg.Shop, channel: ch, domain: domain, version: version,
		token: cfg.Secrets[SecretToken], secret: []byte(cfg.Secrets[SecretWebhook]),
		endpoint: base + "/admin/api/" + version + "/graphql.json",
		http:     client, items: map[string]string{},
	}
	if loc := cfg.Settings[SettingLocationID]; loc != "" {
		c.location = toGID("Location", loc)
	}
	return c, nil
}

// validVersion accepts YYYY-MM and "unstable".
func validVersion(v string) bool {
	if v == "unstable" {
		return true
	}
	if len(v) != 7 || v[4] != '-' {
		return false
	}
	for i, r := range v {
		if i != 4 && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// since reports whether the shop's API version is release or later.
// "unstable" is later than every release.
func (c *Connector) since(release string) bool {
	return c.version == "unstable" || c.version >= release
}
