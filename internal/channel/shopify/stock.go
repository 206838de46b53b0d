package shopify

import (
	"context"
	"crypto/rand"
	"errors"

	"github.com/fnshub/fnshub/internal/channel"
)

// PushStock sets a variant's available quantity at a location with
// inventorySetQuantities. With Expected set, Shopify's compare-and-swap
// guards the write, and a mismatch changes nothing: the connector re-reads
// the quantity and answers a Conflict carrying it (channel.Connector's
// contract), so the caller decides what to write against it — the hub's
// stock push writes its target once more (ADR 33).
// Errors: Rejected (no variant id, a negative quantity, a userError),
// NotFound (unknown variant or inventory item), Conflict, and the kinds of
// call.
func (c *Connector) PushStock(ctx context.Context, s channel.StockPush) (channel.StockResult, error) {
	if s.ExternalSKUID == "" || s.Quantity < 0 {
		return channel.StockResult{}, &channel.Error{Kind: channel.Rejected, Platform: "shopify",
			Message: "a Shopify stock push names the variant (ExternalSKUID) and a quantity ≥ 0"}
	}
	item, err := c.inventoryItem(ctx, s.ExternalSKUID)
	if err != nil {
		return channel.StockResult{}, err
	}
	loc, err := c.locationFor(ctx, s.Location)
	if err != nil {
		return channel.StockResult{}, err
	}
	after, err := c.setAvailable(ctx, item, loc, s.Quantity, s.Expected)
	var e *channel.Error
	if !errors.As(err, &e) || e.Kind != channel.Conflict {
		return channel.StockResult{Quantity: after}, err
	}
	current, rerr := c.available(ctx, item, loc)
	if rerr != nil {
		return channel.StockResult{}, rerr
	}
	e.Current = &current
	return channel.StockResult{}, e
}

type quantityInput struct {
	InventoryItemID    string `json:"inventoryItemId"`
	LocationID         string `json:"locationId"`
	Quantity           int64  `json:"quantity"`
	ChangeFromQuantity *int64 `json:"changeFromQuantity"` // always sent: null sets blindly (2026-04 on)
}

type quantityInputCompare struct {
	InventoryItemID string `json:"inventoryItemId"`
	LocationID      string `json:"locationId"`
	Quantity        int64  `json:"quantity"`
	CompareQuantity *int64 `json:"compareQuantity,omitempty"`
}

type setInput struct {
	Name                  string `json:"name"`
	Reason                string `json:"reason"`
	ReferenceDocumentURI  string `json:"referenceDocumentUri"`
	IgnoreCompareQuantity *bool  `json:"ignoreCompareQuantity,omitempty"`
	Quantities            any    `json:"quantities"`
}

// setAvailable sends one inventorySetQuantities and returns the quantity
// after it. A stale compare is a Conflict (its Current unknown here).
func (c *Connector) setAvailable(ctx context.Context, item, loc string, qty int64, expected *int64) (int64, error) {
	in := setInput{Name: "available", Reason: "correction", ReferenceDocumentURI: c.reference()}
	op, doc, vars := "SetAvailable", mutationSetAvailable, map[string]any{"input": &in}
	if c.since("2026-04") {
		in.Quantities = []quantityInput{{item, loc, qty, expected}}
		vars["key"] = idempotencyKey()
	} else {
		ignore := expected == nil
		in.IgnoreCompareQuantity = &ignore
		in.Quantities = []quantityInputCompare{{item, loc, qty, expected}}
		op, doc = "SetAvailableCompare", mutationSetAvailableCompare
	}
	var data struct {
		Set struct {
			Group *struct {
				Changes []struct {
					Name                string `json:"name"`
					QuantityAfterChange *int64 `json:"quantityAfterChange"`
				} `json:"changes"`
			} `json:"inventoryAdjustmentGroup"`
			UserErrors []userError `json:"userErrors"`
		} `json:"inventorySetQuantities"`
	}
	if err := c.call(ctx, op, doc, vars, &data); err != nil {
		return 0, err
	}
	if ue := data.Set.UserErrors; len(ue) > 0 {
		return 0, c.stockRefusal(ue)
	}
	if g := data.Set.Group; g != nil {
		for _, ch := range g.Changes {
			if ch.Name == "available" && ch.QuantityAfterChange != nil {
				return *ch.QuantityAfterChange, nil
			}
		}
	}
	return qty, nil // no available change reported (the quantity already was qty): report what was set
}

func (c *Connector) stockRefusal(ue []userError) error {
	switch ue[0].Code {
	case "COMPARE_QUANTITY_STALE", "CHANGE_FROM_QUANTITY_STALE":
		return &channel.Error{Kind: channel.Conflict, Platform: "shopify", Code: ue[0].Code, Message: clip(ue[0].Message)}
	case "INVALID_INVENTORY_ITEM":
		return &channel.Error{Kind: channel.NotFound, Platform: "shopify", Code: ue[0].Code, Message: clip(ue[0].Message)}
	}
	return rejected("inventorySetQuantities", ue)
}

// reference names fnshub in the shop's inventory history.
func (c *Connector) reference() string {
	if c.shop == "" {
		return "gid://fnshub/StockSync/shop"
	}
	return "gid://fnshub/StockSync/" + c.shop
}

// idempotencyKey is fresh for each set: the client's own retries resend
// the same body, so they share it, while a later push of the same numbers
// is a new change that must not be answered from Shopify's key cache.
func idempotencyKey() string {
	return rand.Text() // 26 random base32 characters; Shopify asks only for a unique string (it suggests a UUID)
}

// available reads a variant's available quantity at a location. Errors:
// Rejected when the item is not stocked there.
func (c *Connector) available(ctx context.Context, item, loc string) (int64, error) {
	var data struct {
		Item *struct {
			Level *struct {
				Quantities []struct {
					Name     string `json:"name"`
					Quantity int64  `json:"quantity"`
				} `json:"quantities"`
			} `json:"inventoryLevel"`
		} `json:"inventoryItem"`
	}
	if err := c.call(ctx, "Available", queryAvailable, map[string]any{"item": item, "location": loc}, &data); err != nil {
		return 0, err
	}
	if data.Item == nil {
		return 0, &channel.Error{Kind: channel.NotFound, Platform: "shopify", Message: "no inventory item " + legacyID(item)}
	}
	if data.Item.Level != nil {
		for _, q := range data.Item.Level.Quantities {
			if q.Name == "available" {
				return q.Quantity, nil
			}
		}
	}
	return 0, &channel.Error{Kind: channel.Rejected, Platform: "shopify", Message: "inventory item " + legacyID(item) + " is not stocked at location " + legacyID(loc)}
}
