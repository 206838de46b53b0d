package channel

import (
	"fmt"
	"sort"
	"sync"
)

// Config is what a connector is built from: one shop, its settings and its
// opened secrets, and the HTTP client that shop's calls go through.
type Config struct {
	Shop     string            // the shop's id in fnshub
	Channel  string            // its channel kind: "shopify", "tmall" …
	Settings map[string]string // the platform's non-secret settings (shop_domain, app_key, api_version …)
	Secrets  map[string]string // opened secrets (access_token, app_secret, webhook_secret …); never logged
	// BaseURL overrides the platform's API address (the simulators and
	// tests point a real connector at a local server this way); "" means
	// the platform's production address.
	BaseURL string
	HTTP    *Client // the shop's client: its rate limit, retries and breaker
	// Decode reads fnshub's own order JSON with the API's rules (the body
	// of POST /api/v1/orders), for a connector whose senders speak it
	// (generic). Errors: Invalid, naming the field.
	Decode func(body []byte) (Order, error)
}

// Platform is one connector's entry in the registry.
type Platform struct {
	Name     string   // "shopify", "taobao"
	Channels []string // the shop channel kinds it serves ("taobao", "tmall"); none: any shop (generic)
	Limits   Limits   // the platform's published call rate per shop
	Settings []string // setting names a shop must have
	Secrets  []string // secret names a shop must have
	New      func(Config) (Connector, error)
	// PushOnly says the platform has no API to pull orders from (generic):
	// its senders push every order.
	PushOnly bool
}

var (
	mu        sync.RWMutex
	platforms = map[string]Platform{} // by channel kind
	byName    = map[string]Platform{}
)

// Register adds a platform under its name and for each of its channel
// kinds. It panics on a name or kind registered twice: that is a wiring
// bug, found at start.
func Register(p Platform) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := byName[p.Name]; dup {
		panic(fmt.Sprintf("channel: platform %s registered twice", p.Name))
	}
	byName[p.Name] = p
	for _, ch := range p.Channels {
		if _, dup := platforms[ch]; dup {
			panic(fmt.Sprintf("channel: %s registered twice", ch))
		}
		platforms[ch] = p
	}
}

// Lookup returns the platform serving a shop channel kind.
func Lookup(channel string) (Platform, bool) {
	mu.RLock()
	defer mu.RUnlock()
	p, ok := platforms[channel]
	return p, ok
}

// ByName returns the platform of that name ("shopify", "generic"), as a
// webhook path names it.
func ByName(name string) (Platform, bool) {
	mu.RLock()
	defer mu.RUnlock()
	p, ok := byName[name]
	return p, ok
}

// Names lists the registered platforms' names, sorted.
func Names() []string {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]string, 0, len(byName))
	for name := range byName {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}
