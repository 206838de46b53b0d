package shopify

import (
	"context"
	"slices"
)

// inventoryItems resolves the variants the cache does not hold yet with
// one nodes query, so a batch's first push costs one lookup call, not one
// per variant (at Shopify's 2 calls a second, 50 s for 100 variants). It
// returns the variants (GIDs) Shopify does not know. variants are at most
// maxStockBatch, well under nodes' 250 ids.
func (c *Connector) inventoryItems(ctx context.Context, variants []string) (unknown map[string]bool, err error) {
	var ids []string
	c.mu.Lock()
	for _, v := range variants {
		if v == "" {
			continue
		}
		if gid := toGID("ProductVariant", v); c.items[gid] == "" {
			ids = append(ids, gid)
		}
	}
	c.mu.Unlock()
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) == 0 {
		return nil, nil
	}
	var data struct {
		Nodes []*struct {
			ID            string `json:"id"`
			InventoryItem *struct {
				ID string `json:"id"`
			} `json:"inventoryItem"`
		} `json:"nodes"`
	}
	if err := c.call(ctx, "VariantInventoryItems", queryVariantItems, map[string]any{"ids": ids}, &data); err != nil {
		return nil, err
	}
	unknown = map[string]bool{}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, gid := range ids {
		// nodes answers in the order of ids, null where there is none.
		if i < len(data.Nodes) && data.Nodes[i] != nil && data.Nodes[i].ID == gid && data.Nodes[i].InventoryItem != nil && data.Nodes[i].InventoryItem.ID != "" {
			c.items[gid] = data.Nodes[i].InventoryItem.ID
			continue
		}
		unknown[gid] = true
	}
	return unknown, nil
}
