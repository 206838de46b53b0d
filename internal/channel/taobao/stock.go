package taobao

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"

	"github.com/fnshub/fnshub/internal/channel"
)

const methodQuantity = "taobao.item.quantity.update"

// Quantity update types of taobao.item.quantity.update.
const (
	quantityFull  = "1" // 全量: set the quantity
	quantityDelta = "2" // 增量: add to it (negative takes away; TOP keeps it ≥ 0)
)

// PushStock sets a listing's quantity. TOP has no compare-and-set
// (CompareAndSet), so with Expected known the push is a delta, Quantity −
// Expected: units the platform sold since Expected was read stay taken
// off, where a full set would hand them out again. Without Expected it
// sets the quantity in full. A zero delta changes nothing and is not sent.
// The result is what TOP reports for the SKU (or the item without one).
//
// Errors: *channel.Error of the kinds call returns; Rejected for a negative
// quantity; NotFound for an item or SKU TOP does not know (verify).
func (k *Connector) PushStock(ctx context.Context, s channel.StockPush) (channel.StockResult, error) {
	if s.Quantity < 0 || s.ExternalItemID == "" {
		return channel.StockResult{}, &channel.Error{Kind: channel.Rejected, Platform: platform,
			Message: fmt.Sprintf("a stock push needs num_iid and a quantity ≥ 0 (got %q, %d)", s.ExternalItemID, s.Quantity)}
	}
	params := url.Values{"num_iid": {s.ExternalItemID}, "type": {quantityFull}, "quantity": {strconv.FormatInt(s.Quantity, 10)}}
	if s.ExternalSKUID != "" {
		params.Set("sku_id", s.ExternalSKUID)
	}
	if s.Expected != nil {
		delta := s.Quantity - *s.Expected
		if delta == 0 {
			return channel.StockResult{Quantity: s.Quantity}, nil
		}
		params.Set("type", quantityDelta)
		params.Set("quantity", strconv.FormatInt(delta, 10))
	}
	body, err := k.call(ctx, methodQuantity, params)
	if err != nil {
		return channel.StockResult{}, err
	}
	q, said, err := quantityOf(body, s.ExternalSKUID)
	if err != nil {
		return channel.StockResult{}, err
	}
	if !said {
		q = s.Quantity
	}
	return channel.StockResult{Quantity: q}, nil
}

// quantityOf reads item_quantity_update_response.item: the SKU's quantity
// from item.skus.sku[] when a SKU was pushed, else the item's num;
// said is false when the answer says neither.
func quantityOf(body []byte, skuID string) (q int64, said bool, err error) {
	var res struct {
		Item struct {
			Num  *json.Number `json:"num"`
			Skus struct {
				Sku []struct {
					SkuID    json.Number `json:"sku_id"`
					Quantity json.Number `json:"quantity"`
				} `json:"sku"`
			} `json:"skus"`
		} `json:"item"`
	}
	if err := json.Unmarshal(body, &res); err != nil {
		return 0, false, malformed(methodQuantity, err)
	}
	n := res.Item.Num
	if skuID != "" {
		n = nil
		for _, sku := range res.Item.Skus.Sku {
			if sku.SkuID.String() == skuID {
				n = &sku.Quantity
			}
		}
	}
	if n == nil {
		return 0, false, nil
	}
	if q, err = n.Int64(); err != nil {
		return 0, false, malformed(methodQuantity+" quantity", err)
	}
	return q, true, nil
}
