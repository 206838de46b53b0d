package top

import (
	"net/url"
	"strconv"
)

// quantityUpdate answers taobao.item.quantity.update: type 1 (the default)
// sets the quantity, type 2 adds to it; the result is never below zero.
func (g *Gateway) quantityUpdate(p url.Values) (map[string]any, error) {
	for _, name := range []string{"num_iid", "quantity"} {
		if p.Get(name) == "" {
			return nil, errMissing(name)
		}
	}
	numIID, err1 := strconv.ParseInt(p.Get("num_iid"), 10, 64)
	q, err2 := strconv.ParseInt(p.Get("quantity"), 10, 64)
	if err1 != nil || err2 != nil {
		return nil, errInvalidArgs("num_iid and quantity are whole numbers")
	}
	kind := p.Get("type")
	switch {
	case kind != "" && kind != "1" && kind != "2":
		return nil, errInvalidArgs("type is 1 (full) or 2 (delta)")
	case kind != "2" && q < 0:
		return nil, errInvalidArgs("a full quantity may not be negative")
	}
	key := stockKey{numIID, p.Get("sku_id")}
	g.mu.Lock()
	defer g.mu.Unlock()
	old, ok := g.stock[key]
	if !ok {
		return nil, errBusiness("isv.item-not-exist", "no such item or SKU in this shop")
	}
	if kind == "2" {
		q = max(old+q, 0)
	}
	g.stock[key] = q
	return map[string]any{"item": g.wireItem(numIID, key.skuID)}, nil
}

// wireItem renders an item after an update: num is its whole stock, skus
// the SKU updated. g.mu is held.
func (g *Gateway) wireItem(numIID int64, skuID string) map[string]any {
	var num int64
	for k, q := range g.stock {
		if k.numIID == numIID {
			num += q
		}
	}
	item := map[string]any{"num_iid": numIID, "num": num}
	if skuID != "" {
		id, _ := strconv.ParseInt(skuID, 10, 64)
		item["skus"] = map[string]any{"sku": []map[string]any{{"sku_id": id, "quantity": g.stock[stockKey{numIID, skuID}]}}}
	}
	return item
}
