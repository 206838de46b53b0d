package shopify

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/channel"
)

// PullOrders returns one page of the orders updated in w, oldest update
// first. The cursor is Shopify's endCursor: the search query is baked into
// it, so the same window must be passed with it.
func (c *Connector) PullOrders(ctx context.Context, w channel.Window, cursor string) (channel.Page, error) {
	vars := map[string]any{"first": ordersPerPage, "query": windowQuery(w)}
	if cursor != "" {
		vars["after"] = cursor
	}
	var data struct {
		Orders struct {
			PageInfo pageInfo          `json:"pageInfo"`
			Nodes    []json.RawMessage `json:"nodes"`
		} `json:"orders"`
	}
	if err := c.call(ctx, "Orders", queryOrders, vars, &data); err != nil {
		return channel.Page{}, err
	}
	page := channel.Page{}
	for _, node := range data.Orders.Nodes {
		o, err := c.nodeOrder(ctx, node)
		if err != nil {
			return channel.Page{}, err
		}
		page.Orders = append(page.Orders, o)
	}
	if data.Orders.PageInfo.HasNextPage {
		page.Next = data.Orders.PageInfo.EndCursor
	}
	return page, nil
}

// windowQuery is Shopify's search syntax for [From, To). Shopify keeps
// updated_at to the second, so From is cut down and To rounded up to a
// whole second: the window can only grow, and callers overlap windows.
func windowQuery(w channel.Window) string {
	from := w.From.UTC().Truncate(time.Second)
	to := w.To.UTC()
	if !to.Equal(to.Truncate(time.Second)) {
		to = to.Truncate(time.Second).Add(time.Second)
	}
	return fmt.Sprintf("updated_at:>='%s' updated_at:<'%s'", from.Format(time.RFC3339), to.Format(time.RFC3339))
}

// FetchOrder returns one order by its numeric id or GID. Errors: NotFound
// when Shopify answers a null order; the kinds of call.
func (c *Connector) FetchOrder(ctx context.Context, externalID string) (channel.Order, error) {
	var data struct {
		Order json.RawMessage `json:"order"`
	}
	if err := c.call(ctx, "Order", queryOrder, map[string]any{"id": toGID("Order", externalID)}, &data); err != nil {
		return channel.Order{}, err
	}
	if len(data.Order) == 0 || string(data.Order) == "null" {
		return channel.Order{}, &channel.Error{Kind: channel.NotFound, Platform: "shopify", Message: "no order " + externalID}
	}
	return c.nodeOrder(ctx, data.Order)
}

// nodeOrder maps an Order node, reading the rest of its lines first when
// it has more than one page of them.
func (c *Connector) nodeOrder(ctx context.Context, node json.RawMessage) (channel.Order, error) {
	d, o, err := readGraphQL(node)
	if err != nil {
		return channel.Order{}, badOrder(err)
	}
	for p := o.LineItems.PageInfo; p.HasNextPage; {
		var more []docLine
		if more, p, err = c.moreLines(ctx, o.ID, p.EndCursor); err != nil {
			return channel.Order{}, err
		}
		d.Lines = append(d.Lines, more...)
	}
	out, err := c.toOrder(d, node)
	if err != nil {
		return channel.Order{}, badOrder(err)
	}
	return out, nil
}

func (c *Connector) moreLines(ctx context.Context, id, after string) ([]docLine, pageInfo, error) {
	var data struct {
		Order *struct {
			LineItems gqlLineItems `json:"lineItems"`
		} `json:"order"`
	}
	if err := c.call(ctx, "OrderLines", queryOrderLines, map[string]any{"id": id, "after": after}, &data); err != nil {
		return nil, pageInfo{}, err
	}
	if data.Order == nil {
		return nil, pageInfo{}, &channel.Error{Kind: channel.NotFound, Platform: "shopify", Message: "order " + legacyID(id) + " went away while reading its lines"}
	}
	li := data.Order.LineItems
	if li.PageInfo.HasNextPage && li.PageInfo.EndCursor == after {
		return nil, pageInfo{}, &channel.Error{Kind: channel.Unavailable, Platform: "shopify", Message: "line cursor did not advance"}
	}
	return gqlLines(li.Nodes), li.PageInfo, nil
}

// badOrder is an order Shopify sent that the mapper cannot read: the same
// answer would be refused again, so it is Rejected, naming the field.
func badOrder(err error) error {
	return &channel.Error{Kind: channel.Rejected, Platform: "shopify", Message: "order: " + err.Error()}
}
