package httpapi

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/profit"
)

// profitOrderJSON is one order behind a profit row: its figures over the
// row's lines, in the report's row shape, linking to its profit.
type profitOrderJSON struct {
	Order      int64  `json:"order_id"`
	ExternalID string `json:"external_id"`
	Profit     string `json:"profit"` // the order's own profit, line by line
	profit.ReportRow
}

// profitOrders answers GET /api/v1/profit/orders: the orders behind a
// report row (its links.profit_orders) — the days from..to and the shop,
// channel, campaign and SKU it names — newest first, each with its
// figures over those lines, so a page's figures add up to the row's once
// every page is read. next_cursor is empty on the last page.
func (s *Server) profitOrders(w http.ResponseWriter, r *http.Request) error {
	if s.Profit == nil {
		return fault.New(fault.Unavailable, "profit_unavailable", "this server keeps no profit figures")
	}
	f, _, err := s.profitFilter(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	oq := profit.OrderQuery{Filter: f, SKU: q.Get("sku")}
	limit, err := queryInt(r, "limit", 50)
	if err != nil || limit < 1 || limit > profit.MaxOrderPage {
		return fault.Invalidf("limit", "limit_invalid", "limit must be 1 to %d", profit.MaxOrderPage)
	}
	oq.Limit = int(limit)
	if c := q.Get("cursor"); c != "" {
		if oq.Before, err = strconv.ParseInt(c, 10, 64); err != nil || oq.Before <= 0 {
			return fault.Invalidf("cursor", "cursor_invalid", "cursor=%q: pass the next_cursor of the page before", c)
		}
	}
	rows, err := s.Profit.Orders(r.Context(), oq)
	if err != nil {
		return err
	}
	items, next := make([]profitOrderJSON, 0, len(rows)), ""
	for _, o := range rows {
		row := profit.Format(o.Figures, o.Currency)
		row.Shop, row.Channel, row.Campaign = o.Shop, o.Channel, o.Campaign
		row.Links = profit.Links{Orders: fmt.Sprintf("/api/v1/orders/%d", o.OrderID)}
		items = append(items, profitOrderJSON{Order: o.OrderID, ExternalID: o.ExternalID, Profit: fmt.Sprintf("/api/v1/profit/orders/%d", o.OrderID), ReportRow: row})
	}
	if len(rows) == oq.Limit {
		next = strconv.FormatInt(rows[len(rows)-1].OrderID, 10)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "next_cursor": next})
	return nil
}
