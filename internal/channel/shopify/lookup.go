package shopify

import (
	"context"

	"github.com/fnshub/fnshub/internal/channel"
)

// inventoryItem resolves a variant to its inventory item, which is what
// Shopify keeps quantities on. The pair never changes, so it is cached for
// the connector's life.
func (c *Connector) inventoryItem(ctx context.Context, variant string) (string, error) {
	gid := toGID("ProductVariant", variant)
	c.mu.Lock()
	item, ok := c.items[gid]
	c.mu.Unlock()
	if ok {
		return item, nil
	}
	var data struct {
		Variant *struct {
			InventoryItem struct {
				ID string `json:"id"`
			} `json:"inventoryItem"`
		} `json:"productVariant"`
	}
	if err := c.call(ctx, "VariantInventoryItem", queryVariantItem, map[string]any{"id": gid}, &data); err != nil {
		return "", err
	}
	if data.Variant == nil || data.Variant.InventoryItem.ID == "" {
		return "", &channel.Error{Kind: channel.NotFound, Platform: "shopify", Message: "no variant " + legacyID(gid)}
	}
	item = data.Variant.InventoryItem.ID
	c.mu.Lock()
	c.items[gid] = item
	c.mu.Unlock()
	return item, nil
}

// locationFor is the push's location, else the shop's location_id
// setting, else the shop's primary location (read once).
func (c *Connector) locationFor(ctx context.Context, loc string) (string, error) {
	if loc != "" {
		return toGID("Location", loc), nil
	}
	c.mu.Lock()
	known := c.location
	c.mu.Unlock()
	if known != "" {
		return known, nil
	}
	var data struct {
		Location *struct {
			ID string `json:"id"`
		} `json:"location"`
	}
	if err := c.call(ctx, "PrimaryLocation", queryPrimaryLocation, nil, &data); err != nil {
		return "", err
	}
	if data.Location == nil || data.Location.ID == "" {
		return "", &channel.Error{Kind: channel.Rejected, Platform: "shopify", Message: "the shop has no primary location; set location_id"}
	}
	c.mu.Lock()
	c.location = data.Location.ID
	c.mu.Unlock()
	return data.Location.ID, nil
}
