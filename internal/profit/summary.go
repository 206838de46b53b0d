package profit

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"

	"github.com/fnshub/fnshub/internal/analytics"
	"github.com/fnshub/fnshub/internal/money"
)

// Report is a profit report as the API and CLI give it.
type Report struct {
	From  string      `json:"from"`
	To    string      `json:"to"`
	Zone  string      `json:"zone"`
	Group []string    `json:"group"`
	Rows  []ReportRow `json:"rows"`
}

// ReportRow is one group: its dimensions ("" when not grouped by), its
// figures in the currency's major units, and where they come from.
type ReportRow struct {
	Day              string `json:"day,omitempty"`
	Shop             string `json:"shop,omitempty"`
	Channel          string `json:"channel,omitempty"`
	Campaign         string `json:"campaign,omitempty"`
	SKU              string `json:"sku,omitempty"`
	Currency         string `json:"currency"`
	Lines            int64  `json:"lines"`
	Revenue          string `json:"revenue"`
	DiscountShop     string `json:"discount_shop"`
	DiscountPlatform string `json:"discount_platform"`
	EstCommission    string `json:"est_commission"`
	EstFees          string `json:"est_fees"`
	ActCommission    string `json:"act_commission"`
	ActFees          string `json:"act_fees"`
	ActAdjust        string `json:"act_adjust"`
	ActualLines      int64  `json:"actual_lines"`
	Fees             string `json:"fees"`
	Shipping         string `json:"shipping"`
	EstShipping      string `json:"est_shipping"`
	ActShipping      string `json:"act_shipping"`
	COGS             string `json:"cogs"`
	Returns          string `json:"returns"`
	NetMargin        string `json:"net_margin"`
	MarginRate       string `json:"margin_rate"`
	// Spend and ROI (net margin / spend) of a campaign row, from the
	// imported ad spend; absent when the report is not by campaign.
	Spend string `json:"spend,omitempty"`
	ROI   string `json:"roi,omitempty"`
	Links Links  `json:"links"`
}

// Links drill down from a row: the orders of its shop and days, the
// orders behind its figures (its channel, campaign and SKU too, each with
// its share of them), and the ledger movements of revenue and cost of
// goods of its shop, channel and days.
type Links struct {
	Orders       string `json:"orders"`
	ProfitOrders string `json:"profit_orders,omitempty"`
	Revenue      string `json:"revenue_entries"`
	COGS         string `json:"cogs_entries"`
}

// Summarise folds rows (per hour, or per day when the store folded them)
// into the days of r and formats them, sorted by their dimensions.
func Summarise(r analytics.Range, group []string, rows []Row) Report {
	type key struct{ day, shop, channel, campaign, sku, cur string }
	byKey := map[key]Figures{}
	byDay := slices.Contains(group, ByDay)
	for _, row := range rows {
		k := key{"", row.Shop, row.Channel, row.Campaign, row.SKU, row.Currency}
		if byDay {
			k.day = r.DayOf(row.Hour)
		}
		byKey[k] = byKey[k].Add(row.Figures)
	}
	out := Report{From: r.From.Format("2006-01-02"), To: r.To.Format("2006-01-02"), Zone: r.Loc.String(), Group: group, Rows: []ReportRow{}}
	for k, f := range byKey {
		from, to := out.From, out.To
		if k.day != "" {
			from, to = k.day, k.day
		}
		row := Format(f, k.cur)
		row.Day, row.Shop, row.Channel, row.Campaign, row.SKU = k.day, k.shop, k.channel, k.campaign, k.sku
		row.Links = linksOf(row, from, to, slices.Contains(group, ByCampaign))
		out.Rows = append(out.Rows, row)
	}
	slices.SortFunc(out.Rows, func(a, b ReportRow) int {
		return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(a.Shop, b.Shop), cmp.Compare(a.Channel, b.Channel),
			cmp.Compare(a.Campaign, b.Campaign), cmp.Compare(a.SKU, b.SKU), cmp.Compare(a.Currency, b.Currency))
	})
	return out
}

// Format gives f's figures in cur's major units.
func Format(f Figures, cur string) ReportRow {
	c := money.Currency(cur)
	a := func(m int64) string { return money.New(m, c).String() }
	return ReportRow{Currency: cur, Lines: f.Lines, Revenue: a(f.Revenue), DiscountShop: a(f.DiscountShop), DiscountPlatform: a(f.DiscountPlatform),
		EstCommission: a(f.EstCommission), EstFees: a(f.EstFees), ActCommission: a(f.ActCommission), ActFees: a(f.ActFees),
		ActAdjust: a(f.ActAdjust), ActualLines: f.ActualLines, Fees: a(f.Fees), Shipping: a(f.Shipping), EstShipping: a(f.EstShipping),
		ActShipping: a(f.ActShipping), COGS: a(f.COGS),
		Returns: a(f.Returns), NetMargin: a(f.Margin()), MarginRate: analytics.Rate(f.Margin(), f.Revenue)}
}

func linksOf(row ReportRow, from, to string, byCampaign bool) Links {
	q := url.Values{"from": {from}, "to": {to}}
	if row.Shop != "" {
		q.Set("shop", row.Shop)
	}
	if row.SKU != "" {
		q.Set("sku", row.SKU)
	}
	moves := func(account string) string {
		m := url.Values{"from": {from}, "to": {to}}
		for _, k := range []string{"shop", "sku"} {
			if v := q.Get(k); v != "" {
				m.Set(k, v)
			}
		}
		if row.Channel != "" {
			m.Set("channel", row.Channel)
		}
		return fmt.Sprintf("/api/v1/ledger/accounts/%s/movements?%s", account, m.Encode())
	}
	behind := url.Values{"from": {from}, "to": {to}}
	for k, v := range map[string]string{"shop": row.Shop, "channel": row.Channel, "sku": row.SKU} {
		if v != "" {
			behind.Set(k, v)
		}
	}
	if byCampaign {
		behind.Set("campaign", row.Campaign) // "" is the orders of no campaign
	}
	return Links{Orders: "/api/v1/orders?" + q.Encode(), ProfitOrders: "/api/v1/profit/orders?" + behind.Encode(),
		Revenue: moves("6001"), COGS: moves("6401")}
}

// WantsSpend reports whether a report grouped by group can carry ad spend:
// spend is per channel, campaign and day, so a report by campaign and
// perhaps channel and day, over every shop.
func WantsSpend(group []string, shops []string) bool {
	return shops == nil && slices.Contains(group, ByCampaign) && !slices.Contains(group, ByShop) && !slices.Contains(group, BySKU)
}

// AttachSpend sets each campaign row's spend and ROI; spend of a campaign
// with no sales in the range gets a row of its own (its margin is zero).
func AttachSpend(rep *Report, spend []SpendRow) {
	type key struct{ day, channel, campaign, cur string }
	byDay, byChannel := slices.Contains(rep.Group, ByDay), slices.Contains(rep.Group, ByChannel)
	sums := map[key]int64{}
	for _, s := range spend {
		k := key{"", "", s.Campaign, s.Currency}
		if byDay {
			k.day = s.Day
		}
		if byChannel {
			k.channel = s.Channel
		}
		sums[k] += s.Minor
	}
	margins := map[key]int64{}
	for i := range rep.Rows {
		r := &rep.Rows[i]
		k := key{r.Day, r.Channel, r.Campaign, r.Currency}
		m, _ := money.Parse(r.NetMargin, money.Currency(r.Currency))
		margins[k] = m.Minor()
		if sp, ok := sums[k]; ok {
			r.Spend, r.ROI = money.New(sp, money.Currency(r.Currency)).String(), roi(m.Minor(), sp)
		}
	}
	for k, sp := range sums {
		if _, ok := margins[k]; ok {
			continue
		}
		row := Format(Figures{}, k.cur)
		row.Day, row.Channel, row.Campaign = k.day, k.channel, k.campaign
		row.Spend, row.ROI = money.New(sp, money.Currency(k.cur)).String(), roi(0, sp)
		rep.Rows = append(rep.Rows, row)
	}
	slices.SortFunc(rep.Rows, func(a, b ReportRow) int {
		return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(a.Shop, b.Shop), cmp.Compare(a.Channel, b.Channel),
			cmp.Compare(a.Campaign, b.Campaign), cmp.Compare(a.SKU, b.SKU), cmp.Compare(a.Currency, b.Currency))
	})
}

// roi is margin / spend to four decimals; "" without spend.
func roi(margin, spend int64) string {
	if spend == 0 {
		return ""
	}
	return analytics.Rate(margin, spend)
}
