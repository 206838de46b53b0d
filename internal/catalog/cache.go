package catalog

import (
	"sync"
	"time"
)

// ListingTTL is how long a found listing mapping is trusted without asking
// the database. A mapping changed on this node is forgotten at once; one
// changed on another node sharing PostgreSQL takes effect here within the
// TTL. A listing that was not found is never cached, so adding a missing
// mapping and retrying held orders works immediately everywhere.
const ListingTTL = 5 * time.Second

// cache keeps the master data order ingestion reads on every line: SKUs
// (which never change once created: there is no update path) and found
// listing mappings. Without it, mapping costs a read transaction per line.
type cache struct {
	skus     sync.Map // code → SKU
	listings sync.Map // listingKey → cachedListing
}

type listingKey struct{ channel, shop, item, sku string }

type cachedListing struct {
	code    string
	expires time.Time
}

func (c *cache) sku(code string) (SKU, bool) {
	v, ok := c.skus.Load(code)
	if !ok {
		return SKU{}, false
	}
	return v.(SKU), true
}

func (c *cache) putSKU(s SKU) { c.skus.Store(s.Code, s) }

func (c *cache) listing(channel, shop, item, sku string, now time.Time) (string, bool) {
	v, ok := c.listings.Load(listingKey{channel, shop, item, sku})
	if !ok || now.After(v.(cachedListing).expires) {
		return "", false
	}
	return v.(cachedListing).code, true
}

func (c *cache) putListing(channel, shop, item, skuID string, s SKU, now time.Time) {
	c.putSKU(s)
	c.listings.Store(listingKey{channel, shop, item, skuID}, cachedListing{code: s.Code, expires: now.Add(ListingTTL)})
}

func (c *cache) forgetListing(channel, shop, item, sku string) {
	c.listings.Delete(listingKey{channel, shop, item, sku})
}
