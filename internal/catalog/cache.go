package catalog

import (
	"sync"
	"time"
)

// ListingTTL is how long a found listing mapping is trusted without asking
// the database. A mapping changed or removed on this node is forgotten at
// once; one changed on another node sharing PostgreSQL takes effect here
// within the TTL. A listing that was not found is never cached, so adding a
// missing mapping and retrying held orders works immediately everywhere.
const ListingTTL = 5 * time.Second

// SKUTTL is how long a read SKU is trusted without asking the database, for
// the same reason: a SKU updated on this node is forgotten at once, one
// updated on another node (a new tax rate, say) is seen here within the TTL.
// A read that raced an update on this node may put the old SKU back, which
// then lives no longer than on another node.
const SKUTTL = 5 * time.Second

// cache keeps the master data order ingestion reads on every line: SKUs
// and found listing mappings, each for a few seconds. Without it, mapping
// costs a read transaction per line. Expired entries stay until they are
// read again or replaced, so the cache holds at most one entry per SKU and
// per listing ever read, as it did when SKUs were cached forever.
type cache struct {
	skus     sync.Map // code → cachedSKU
	listings sync.Map // listingKey → cachedListing
}

type listingKey struct{ channel, shop, item, sku string }

type cachedSKU struct {
	sku     SKU
	expires time.Time
}

type cachedListing struct {
	code    string
	expires time.Time
}

func (c *cache) sku(code string, now time.Time) (SKU, bool) {
	v, ok := c.skus.Load(code)
	if !ok || now.After(v.(cachedSKU).expires) {
		return SKU{}, false
	}
	return v.(cachedSKU).sku, true
}

func (c *cache) putSKU(s SKU, now time.Time) {
	c.skus.Store(s.Code, cachedSKU{sku: s, expires: now.Add(SKUTTL)})
}

func (c *cache) forgetSKU(code string) { c.skus.Delete(code) }

func (c *cache) listing(channel, shop, item, sku string, now time.Time) (string, bool) {
	v, ok := c.listings.Load(listingKey{channel, shop, item, sku})
	if !ok || now.After(v.(cachedListing).expires) {
		return "", false
	}
	return v.(cachedListing).code, true
}

func (c *cache) putListing(channel, shop, item, skuID string, s SKU, now time.Time) {
	c.putSKU(s, now)
	c.listings.Store(listingKey{channel, shop, item, skuID}, cachedListing{code: s.Code, expires: now.Add(ListingTTL)})
}

func (c *cache) forgetListing(channel, shop, item, sku string) {
	c.listings.Delete(listingKey{channel, shop, item, sku})
}
