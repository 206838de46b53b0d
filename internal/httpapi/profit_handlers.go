package httpapi

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/fnshub/fnshub/internal/analytics"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/profit"
	"github.com/fnshub/fnshub/internal/sheet"
)

// profitReport answers GET /api/v1/profit: the profit figures of the days
// from..to grouped as asked, read from the rollup, or from the line facts
// when grouped by SKU (docs/adr/0050-profit.md).
func (s *Server) profitReport(w http.ResponseWriter, r *http.Request) error {
	if s.Profit == nil {
		return fault.New(fault.Unavailable, "profit_unavailable", "this server keeps no profit figures")
	}
	q := r.URL.Query()
	groupText := q.Get("group")
	if groupText == "" {
		groupText = "channel,day"
	}
	group, err := profit.ParseGroup(groupText)
	if err != nil {
		return fault.Invalidf("group", "group_invalid", "group=%q: %v", groupText, err)
	}
	f, rg, err := s.profitFilter(r)
	if err != nil {
		return err
	}
	f.Group = group
	if off, ok := rg.FixedOffset(); ok {
		f.DaysAt = &off // days summed by the database
	}
	rows, err := s.Profit.Report(r.Context(), f)
	if err != nil {
		return err
	}
	rep := profit.Summarise(rg, group, rows)
	if profit.WantsSpend(group, f.Shops) {
		spend, err := s.Profit.SpendOf(r.Context(), rep.From, rep.To, f.Channels, f.Has(profit.ByDay))
		if err != nil {
			return err
		}
		profit.AttachSpend(&rep, spend)
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

// profitFilter reads what a profit read selects: the days from..to in the
// merchant's zone as hours, the caller's shops of those asked, the
// channels, and the campaign when one is named ("" is the orders of none).
func (s *Server) profitFilter(r *http.Request) (profit.Filter, analytics.Range, error) {
	rg, err := s.overviewRange(r)
	if err != nil {
		return profit.Filter{}, rg, err
	}
	q := r.URL.Query()
	shops, err := s.shopScope(r, q["shop"])
	if err != nil {
		return profit.Filter{}, rg, err
	}
	lo, hi := rg.Hours()
	f := profit.Filter{FromHour: lo, ToHour: hi, Shops: shops, Channels: q["channel"]}
	if q.Has("campaign") {
		c := q.Get("campaign")
		f.Campaign = &c
	}
	return f, rg, nil
}

// importSpend answers POST /api/v1/profit/spend?channel=C: a CSV of the
// channel's ad spend per campaign and day, kept once per channel, campaign
// and day; the same file again is all duplicates.
func (s *Server) importSpend(w http.ResponseWriter, r *http.Request) error {
	if s.Profit == nil {
		return fault.New(fault.Unavailable, "profit_unavailable", "this server keeps no profit figures")
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, sheet.MaxBytes+1))
	if err != nil {
		return err
	}
	if len(data) > sheet.MaxBytes {
		return fault.New(fault.Invalid, "file_too_large", "the file is larger than %d MiB; split it", sheet.MaxBytes>>20)
	}
	rows, err := profit.ParseSpend(r.URL.Query().Get("channel"), data)
	if err != nil {
		return err
	}
	out, err := s.Profit.ImportSpend(r.Context(), rows, time.Now())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// orderProfitJSON is one order's profit: its lines, their total, and what
// is behind them.
type orderProfitJSON struct {
	Order    int64              `json:"order"`
	Shop     string             `json:"shop"`
	Channel  string             `json:"channel"`
	Campaign string             `json:"campaign"`
	Total    profit.ReportRow   `json:"total"`
	Lines    []lineProfitJSON   `json:"lines"`
	Actuals  []payoutActualJSON `json:"actuals"`
	Entries  []string           `json:"entries"`
}

type lineProfitJSON struct {
	Line     int    `json:"line"`
	SKU      string `json:"sku"`
	Quantity int64  `json:"quantity"`
	profit.ReportRow
}

type payoutActualJSON struct {
	Payout     string `json:"payout"`
	Line       int    `json:"line"`
	Commission string `json:"commission"`
	Fees       string `json:"fees"`
	Adjust     string `json:"adjust"`
}

// profitOrder reads the facts of the order the path names, as one the
// caller may see: NotFound for an unknown id, an order without facts or
// one of a shop outside the caller's scope.
func (s *Server) profitOrder(r *http.Request) (int64, profit.OrderFacts, error) {
	if s.Profit == nil {
		return 0, profit.OrderFacts{}, fault.New(fault.Unavailable, "profit_unavailable", "this server keeps no profit figures")
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	notFound := fault.New(fault.NotFound, "order_not_found", "no order %s", r.PathValue("id"))
	if err != nil || id <= 0 {
		return 0, profit.OrderFacts{}, notFound
	}
	of, err := s.Profit.Order(r.Context(), id)
	if err != nil {
		return 0, profit.OrderFacts{}, err
	}
	if len(of.Lines) == 0 {
		return 0, profit.OrderFacts{}, notFound
	}
	if err := s.hidden(r, of.Lines[0].Key.Shop, notFound); err != nil {
		return 0, profit.OrderFacts{}, err
	}
	return id, of, nil
}

// orderProfit answers GET /api/v1/profit/orders/{id}: the order's line
// facts, estimate and actual side by side, with links to the ledger
// entries posted for it and the reconciliation runs of its payouts.
func (s *Server) orderProfit(w http.ResponseWriter, r *http.Request) error {
	id, of, err := s.profitOrder(r)
	if err != nil {
		return err
	}
	k := of.Lines[0].Key
	out := orderProfitJSON{Order: id, Shop: k.Shop, Channel: k.Channel, Campaign: k.Campaign, Lines: []lineProfitJSON{},
		Actuals: []payoutActualJSON{}, Entries: []string{}}
	var sum profit.Figures
	for _, l := range of.Lines {
		sum = sum.Add(l.Figures)
		row := profit.Format(l.Figures, k.Currency)
		row.Links = profit.Links{}
		out.Lines = append(out.Lines, lineProfitJSON{Line: l.LineNo, SKU: l.SKU, Quantity: l.Quantity, ReportRow: row})
	}
	out.Total = profit.Format(sum, k.Currency)
	out.Total.Links = profit.Links{Orders: fmt.Sprintf("/api/v1/orders/%d", id)}
	for _, a := range of.Actuals {
		f := func(m int64) string { return profit.Format(profit.Figures{Revenue: m}, k.Currency).Revenue }
		out.Actuals = append(out.Actuals, payoutActualJSON{Payout: fmt.Sprintf("/api/v1/settlements/payouts/%d", a.PayoutID), Line: a.LineNo,
			Commission: f(a.Commission), Fees: f(a.Fees), Adjust: f(a.Adjust)})
	}
	for _, e := range of.Entries {
		out.Entries = append(out.Entries, fmt.Sprintf("/api/v1/ledger/entries/%d", e))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// listSpend answers GET /api/v1/profit/spend: the ad spend kept, a row per
// channel, campaign and day as imported, in (day, channel, campaign)
// order; next_cursor is empty on the last page. Spend has no shop: every
// reader sees all of it, as the import is everyone's.
func (s *Server) listSpend(w http.ResponseWriter, r *http.Request) error {
	if s.Profit == nil {
		return fault.New(fault.Unavailable, "profit_unavailable", "this server keeps no profit figures")
	}
	q := r.URL.Query()
	sq := profit.SpendQuery{From: q.Get("from"), To: q.Get("to"), Channels: q["channel"]}
	for _, d := range []struct{ name, v string }{{"from", sq.From}, {"to", sq.To}} {
		if _, err := time.Parse(time.DateOnly, d.v); d.v != "" && err != nil {
			return fault.Invalidf(d.name, "day_invalid", "%s=%q must be a day like 2026-11-01", d.name, d.v)
		}
	}
	if q.Has("campaign") {
		c := q.Get("campaign")
		sq.Campaign = &c
	}
	limit, err := queryInt(r, "limit", 100)
	if err != nil || limit < 1 || limit > profit.MaxSpendPage {
		return fault.Invalidf("limit", "limit_invalid", "limit must be 1 to %d", profit.MaxSpendPage)
	}
	sq.Limit = int(limit)
	if c := q.Get("cursor"); c != "" {
		k, err := profit.ParseSpendCursor(c)
		if err != nil {
			return err
		}
		sq.After = &k
	}
	rows, err := s.Profit.ListSpend(r.Context(), sq)
	if err != nil {
		return err
	}
	items, next := make([]profit.SpendJSON, 0, len(rows)), ""
	for _, row := range rows {
		items = append(items, row.JSON(s.Location))
	}
	if len(rows) == sq.Limit {
		last := rows[len(rows)-1]
		next = profit.SpendKey{Day: last.Day, Channel: last.Channel, Campaign: last.Campaign}.Cursor()
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "next_cursor": next})
	return nil
}

// shippingCostJSON is the body of PUT /api/v1/orders/{id}/shipping-cost.
type shippingCostJSON struct {
	Amount money.Amount `json:"amount"`
}

// putShippingCost answers PUT /api/v1/orders/{id}/shipping-cost: the
// order's actual shipping cost, entered by hand, in effect in place of the
// carrier-rate estimate, which is kept (docs/adr/0057); the same amount
// again changes nothing. Answers the order's profit as GET
// /api/v1/profit/orders/{id} does.
func (s *Server) putShippingCost(w http.ResponseWriter, r *http.Request) error {
	id, _, err := s.profitOrder(r)
	if err != nil {
		return err
	}
	var in shippingCostJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if _, err := s.Profit.SetShippingCost(r.Context(), id, in.Amount, s.principalOf(r).User.Name, time.Now()); err != nil {
		return err
	}
	return s.orderProfit(w, r)
}
