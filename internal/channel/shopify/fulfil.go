package shopify

import (
	"context"
	"strconv"

	"github.com/fnshub/fnshub/internal/channel"
)

// fulfillmentState is what the order's fulfillment orders and
// fulfillments say before a write-back.
type fulfillmentState struct {
	Order *struct {
		Fulfillments []struct {
			TrackingInfo []struct {
				Number string `json:"number"`
			} `json:"trackingInfo"`
		} `json:"fulfillments"`
		FulfillmentOrders struct {
			Nodes []struct {
				ID        string `json:"id"`
				Status    string `json:"status"`
				LineItems struct {
					Nodes []struct {
						ID                string `json:"id"`
						RemainingQuantity int64  `json:"remainingQuantity"`
						LineItem          struct {
							ID string `json:"id"`
						} `json:"lineItem"`
					} `json:"nodes"`
				} `json:"lineItems"`
			} `json:"nodes"`
		} `json:"fulfillmentOrders"`
	} `json:"order"`
}

type foLineInput struct {
	ID       string `json:"id"`
	Quantity int64  `json:"quantity"`
}

type foInput struct {
	FulfillmentOrderID string        `json:"fulfillmentOrderId"`
	Lines              []foLineInput `json:"fulfillmentOrderLineItems,omitempty"` // empty: all that remains
}

// PushShipment fulfils the order (or the given lines) with the carrier and
// tracking number. It is idempotent: a shipment whose tracking number is
// on a fulfillment already, or an order with nothing left to fulfil, is
// answered nil. Errors: NotFound for an unknown order, Rejected for a
// userError or lines the order does not have open, and the kinds of call.
func (c *Connector) PushShipment(ctx context.Context, s channel.Shipment) error {
	var st fulfillmentState
	if err := c.call(ctx, "FulfillmentOrders", queryFulfillmentOrders, map[string]any{"id": toGID("Order", s.ExternalID)}, &st); err != nil {
		return err
	}
	if st.Order == nil {
		return &channel.Error{Kind: channel.NotFound, Platform: "shopify", Message: "no order " + s.ExternalID}
	}
	if st.shipped(s.TrackingNo) {
		return nil
	}
	groups, err := st.lines(s.Lines)
	if err != nil || len(groups) == 0 {
		return err // no groups: nothing remains open, the order is fulfilled already
	}
	return c.createFulfillment(ctx, s, groups)
}

func (st fulfillmentState) shipped(tracking string) bool {
	for _, f := range st.Order.Fulfillments {
		for _, t := range f.TrackingInfo {
			if tracking != "" && t.Number == tracking {
				return true
			}
		}
	}
	return false
}

// openFO reports whether a fulfillment order can still be fulfilled.
func openFO(status string) bool { return status == "OPEN" || status == "IN_PROGRESS" }

// lines groups what to fulfil by fulfillment order: everything open for a
// whole-order shipment, else each wanted line item's quantity taken from
// the fulfillment orders that still hold it.
func (st fulfillmentState) lines(want []channel.ShipmentLine) ([]foInput, error) {
	need := map[string]int64{}
	for _, l := range want {
		need[legacyID(l.ExternalLineID)] += l.Quantity
	}
	var out []foInput
	for _, fo := range st.Order.FulfillmentOrders.Nodes {
		if !openFO(fo.Status) {
			continue
		}
		in := foInput{FulfillmentOrderID: fo.ID}
		open := int64(0)
		for _, li := range fo.LineItems.Nodes {
			open += li.RemainingQuantity
			id := legacyID(li.LineItem.ID)
			if q := min(need[id], li.RemainingQuantity); q > 0 {
				in.Lines = append(in.Lines, foLineInput{ID: li.ID, Quantity: q})
				need[id] -= q
			}
		}
		if (len(want) == 0 && open > 0) || len(in.Lines) > 0 {
			out = append(out, in)
		}
	}
	for id, q := range need {
		if q > 0 && len(out) > 0 {
			return nil, &channel.Error{Kind: channel.Rejected, Platform: "shopify",
				Message: "line item " + id + " has " + strconv.FormatInt(q, 10) + " more units than remain to fulfil"}
		}
	}
	return out, nil
}

func (c *Connector) createFulfillment(ctx context.Context, s channel.Shipment, groups []foInput) error {
	op, doc, field := "FulfillmentCreate", mutationFulfillmentCreate, "fulfillmentCreate"
	if !c.since("2024-07") {
		op, doc, field = "FulfillmentCreateV2", mutationFulfillmentCreateV2, "fulfillmentCreateV2"
	}
	vars := map[string]any{"fulfillment": map[string]any{
		// The hub's own notices, or the merchant's Shopify settings, tell
		// the buyer; a write-back that emailed too would send it twice.
		"notifyCustomer":              false,
		"trackingInfo":                map[string]string{"company": trackingCompany(s.Carrier), "number": s.TrackingNo},
		"lineItemsByFulfillmentOrder": groups,
	}}
	var data map[string]struct {
		UserErrors []userError `json:"userErrors"`
	}
	if err := c.call(ctx, op, doc, vars, &data); err != nil {
		return err
	}
	if ue := data[field].UserErrors; len(ue) > 0 {
		return rejected(field, ue)
	}
	return nil
}
