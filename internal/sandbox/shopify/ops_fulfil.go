package shopify

import (
	"encoding/json"
	"strconv"
)

func (s *Shop) opFulfillmentOrders(vars json.RawMessage) (any, error) {
	var v struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(vars, &v); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orders[gidNumber(v.ID, "Order")]
	if o == nil {
		return map[string]any{"order": nil}, nil
	}
	fulfillments := []any{}
	for _, f := range o.Fulfillments {
		fulfillments = append(fulfillments, map[string]any{"id": gid("Fulfillment", f.ID),
			"trackingInfo": []any{map[string]any{"company": f.TrackingCompany, "number": f.TrackingNumber}}})
	}
	fos := []any{}
	for _, fo := range s.fos[o.ID] {
		lines := []any{}
		for _, l := range fo.Lines {
			lines = append(lines, map[string]any{"id": gid("FulfillmentOrderLineItem", l.ID),
				"remainingQuantity": l.Remaining, "lineItem": map[string]any{"id": gid("LineItem", l.LineItemID)}})
		}
		fos = append(fos, map[string]any{"id": gid("FulfillmentOrder", fo.ID), "status": fo.Status,
			"lineItems": map[string]any{"nodes": lines}})
	}
	return map[string]any{"order": map[string]any{"id": o.AdminGraphqlAPIID, "fulfillments": fulfillments,
		"fulfillmentOrders": map[string]any{"nodes": fos}}}, nil
}

type fulfillmentRequest struct {
	Fulfillment struct {
		TrackingInfo struct {
			Company string `json:"company"`
			Number  string `json:"number"`
		} `json:"trackingInfo"`
		Groups []struct {
			FulfillmentOrderID string `json:"fulfillmentOrderId"`
			Lines              []struct {
				ID       string `json:"id"`
				Quantity int64  `json:"quantity"`
			} `json:"fulfillmentOrderLineItems"`
		} `json:"lineItemsByFulfillmentOrder"`
	} `json:"fulfillment"`
}

// take is one fulfillment order line and the units to ship from it.
type take struct {
	fo   *fulfillmentOrder
	line *foLine
	qty  int64
}

// fulfil answers fulfillmentCreate (or its V2) under the payload field.
func fulfil(field string) func(*Shop, json.RawMessage) (any, error) {
	return func(s *Shop, vars json.RawMessage) (any, error) {
		var req fulfillmentRequest
		if err := json.Unmarshal(vars, &req); err != nil {
			return nil, err
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		takes, order, ue := s.takes(req)
		if ue != nil {
			return map[string]any{field: map[string]any{"fulfillment": nil, "userErrors": []userError{*ue}}}, nil
		}
		f := s.ship(order, takes, req)
		return map[string]any{field: map[string]any{"fulfillment": map[string]any{"id": gid("Fulfillment", f.ID), "status": "SUCCESS"},
			"userErrors": []userError{}}}, nil
	}
}

// takes checks a fulfillment request against the fulfillment orders: all
// of one order, open, and asking no more than remains.
func (s *Shop) takes(req fulfillmentRequest) ([]take, *Order, *userError) {
	bad := func(msg string) ([]take, *Order, *userError) {
		return nil, nil, &userError{Field: []string{"fulfillment", "lineItemsByFulfillmentOrder"}, Message: msg}
	}
	var out []take
	var order *Order
	for _, g := range req.Fulfillment.Groups {
		fo := s.fulfillmentOrder(gidNumber(g.FulfillmentOrderID, "FulfillmentOrder"))
		switch {
		case fo == nil:
			return bad("Fulfillment order does not exist.")
		case fo.Status != "OPEN" && fo.Status != "IN_PROGRESS":
			return bad("Fulfillment order " + strconv.FormatInt(fo.ID, 10) + " has an unfulfillable status= " + fo.Status + ".")
		case order != nil && order.ID != fo.OrderID:
			return bad("Fulfillment orders must belong to the same order.")
		}
		order = s.orders[fo.OrderID]
		if len(g.Lines) == 0 {
			for _, l := range fo.Lines {
				if l.Remaining > 0 {
					out = append(out, take{fo, l, l.Remaining})
				}
			}
		}
		for _, want := range g.Lines {
			l := lineOfFO(fo, gidNumber(want.ID, "FulfillmentOrderLineItem"))
			if l == nil || want.Quantity <= 0 || want.Quantity > l.Remaining {
				return bad("Invalid fulfillment order line item quantity requested.")
			}
			out = append(out, take{fo, l, want.Quantity})
		}
	}
	if len(out) == 0 {
		return bad("Nothing remains to fulfill.")
	}
	return out, order, nil
}

// ship records the fulfillment on the order and its fulfillment orders.
func (s *Shop) ship(o *Order, takes []take, req fulfillmentRequest) Fulfillment {
	f := Fulfillment{ID: s.id(), OrderID: o.ID, Status: "success", CreatedAt: s.stamp(),
		TrackingCompany: req.Fulfillment.TrackingInfo.Company, TrackingNumber: req.Fulfillment.TrackingInfo.Number}
	for _, t := range takes {
		t.line.Remaining -= t.qty
		li := lineOf(o, t.line.LineItemID)
		li.FulfillableQuantity -= t.qty
		shipped := *li
		shipped.Quantity = t.qty
		f.LineItems = append(f.LineItems, shipped)
	}
	left := int64(0)
	for _, fo := range s.fos[o.ID] {
		open := int64(0)
		for _, l := range fo.Lines {
			open += l.Remaining
		}
		if fo.Status == "OPEN" || fo.Status == "IN_PROGRESS" {
			fo.Status = map[bool]string{true: "CLOSED", false: "IN_PROGRESS"}[open == 0]
		}
		left += open
	}
	status := "partial"
	if left == 0 {
		status = "fulfilled"
	}
	o.FulfillmentStatus = &status
	o.Fulfillments = append(o.Fulfillments, f)
	s.touch(o)
	if left == 0 {
		s.queue("orders/fulfilled", o)
	}
	return f
}

func (s *Shop) fulfillmentOrder(id int64) *fulfillmentOrder {
	for _, fos := range s.fos {
		for _, fo := range fos {
			if fo.ID == id {
				return fo
			}
		}
	}
	return nil
}

func lineOfFO(fo *fulfillmentOrder, id int64) *foLine {
	for _, l := range fo.Lines {
		if l.ID == id {
			return l
		}
	}
	return nil
}
