package httpapi

import (
	"net/http"
	"time"

	"github.com/fnshub/fnshub/internal/analytics"
	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
)

// Analytics is what the dashboard reads: the rollups and the held orders.
type Analytics interface {
	analytics.Store
	analytics.Exceptions
}

// maxOverviewDays bounds an overview's range: three years of hourly rows
// per shop is still a read of a few hundred thousand rows.
const maxOverviewDays = 3 * 366

// analyticsOverview answers GMV, orders, refunds, revenue and COGS for a
// range of days in the merchant's zone, from the rollups
// (docs/adr/0042-analytics-rollups.md).
func (s *Server) analyticsOverview(w http.ResponseWriter, r *http.Request) error {
	if s.Analytics == nil {
		return fault.New(fault.Unavailable, "analytics_unavailable", "this server keeps no analytics")
	}
	rg, err := s.overviewRange(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	shops, err := s.shopScope(r, q["shop"])
	if err != nil {
		return err
	}
	lo, hi := rg.Hours()
	f := analytics.Filter{FromHour: lo, ToHour: hi, Shops: shops, Channels: q["channel"]}
	if off, ok := rg.FixedOffset(); ok {
		f.DaysAt = &off // days summed by the database: a row per day, not per hour
	}
	rows, err := s.Analytics.Rows(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, analytics.Summarise(rg, rows))
	return nil
}

func (s *Server) overviewRange(r *http.Request) (analytics.Range, error) {
	day := func(name string) (time.Time, error) {
		v := r.URL.Query().Get(name)
		if v == "" {
			return time.Time{}, fault.Invalidf(name, name+"_missing", "%s is required: a day in the merchant's zone, like 2026-11-01", name)
		}
		d, err := time.ParseInLocation(time.DateOnly, v, s.Location)
		if err != nil {
			return time.Time{}, fault.Invalidf(name, name+"_invalid", "%s=%q must be a day like 2026-11-01", name, v)
		}
		return d, nil
	}
	from, err := day("from")
	if err != nil {
		return analytics.Range{}, err
	}
	to, err := day("to")
	if err != nil {
		return analytics.Range{}, err
	}
	switch {
	case to.Before(from):
		return analytics.Range{}, fault.Invalidf("to", "to_before_from", "to=%s is before from=%s; give the first day as from", to.Format(time.DateOnly), from.Format(time.DateOnly))
	case to.Sub(from) > maxOverviewDays*24*time.Hour:
		return analytics.Range{}, fault.Invalidf("to", "range_too_long", "an overview covers at most %d days; ask for a shorter range", maxOverviewDays)
	}
	return analytics.Range{From: from, To: to, Loc: s.Location}, nil
}

// Alerts is GET /api/v1/analytics/alerts (contracts.md §5).
type Alerts struct {
	Stock      []StockAlert          `json:"stock"`
	Exceptions []analytics.Exception `json:"exceptions"`
	Connectors []ConnectorAlert      `json:"connectors"`
	// Receivables and Payables are there for the roles that read the
	// books (docs/adr/0051): receivables overdue, bills due soon.
	Receivables []DueAlert `json:"receivables,omitempty"`
	Payables    []DueAlert `json:"payables,omitempty"`
}

// StockAlert is a SKU's stock in a warehouse at or under its safety stock.
type StockAlert struct {
	SKU       string `json:"sku"`
	Warehouse string `json:"warehouse"`
	OnHand    int64  `json:"on_hand"`
	Reserved  int64  `json:"reserved"`
	Available int64  `json:"available"`
	Safety    int64  `json:"safety"`
}

// ConnectorAlert is a shop's connector health in a line.
type ConnectorAlert struct {
	Shop   string `json:"shop"`
	Status string `json:"status"`
	Detail string `json:"detail"`
}

// analyticsAlerts answers what needs attention: stock at or under safety
// stock, held orders by reason, and the shops' connector health.
func (s *Server) analyticsAlerts(w http.ResponseWriter, r *http.Request) error {
	if s.Analytics == nil {
		return fault.New(fault.Unavailable, "analytics_unavailable", "this server keeps no analytics")
	}
	shops, err := s.shopScope(r, nil)
	if err != nil {
		return err
	}
	out := Alerts{Stock: []StockAlert{}, Connectors: []ConnectorAlert{}}
	if out.Stock, err = s.stockAlerts(r); err != nil {
		return err
	}
	if out.Exceptions, err = s.Analytics.Exceptions(r.Context(), shops); err != nil {
		return err
	}
	if out.Exceptions == nil {
		out.Exceptions = []analytics.Exception{}
	}
	if s.Health != nil {
		hs, err := s.Health.All(r.Context())
		if err != nil {
			return err
		}
		out.Connectors = connectorAlerts(hs, shops)
	}
	if err := s.dueAlerts(r, shops, &out); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) stockAlerts(r *http.Request) ([]StockAlert, error) {
	out := []StockAlert{}
	safeties, err := s.Stock.SafetyStocks(r.Context())
	if err != nil || len(safeties) == 0 {
		return out, err
	}
	safety := map[string]int64{}
	for _, ss := range safeties {
		safety[ss.SKU] = ss.Quantity
	}
	levels, err := s.Stock.Levels(r.Context())
	if err != nil {
		return nil, err
	}
	for _, l := range levels {
		if q, ok := safety[l.SKU]; ok && q > 0 && l.Available() <= q {
			out = append(out, stockAlert(l, q))
		}
	}
	return out, nil
}

func stockAlert(l inventory.Level, safety int64) StockAlert {
	return StockAlert{SKU: l.SKU, Warehouse: l.Warehouse, OnHand: l.OnHand, Reserved: l.Reserved, Available: l.Available(), Safety: safety}
}

func connectorAlerts(hs []app.Health, shops []string) []ConnectorAlert {
	out := []ConnectorAlert{}
	allowed := map[string]bool{}
	for _, id := range shops {
		allowed[id] = true
	}
	for _, h := range hs {
		if shops != nil && !allowed[h.Shop] {
			continue
		}
		detail := ""
		for i, reason := range h.Reasons {
			if i > 0 {
				detail += "; "
			}
			detail += reason.Message
		}
		out = append(out, ConnectorAlert{Shop: h.Shop, Status: string(h.Status), Detail: detail})
	}
	return out
}
