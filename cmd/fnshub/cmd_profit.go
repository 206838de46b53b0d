package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/fnshub/fnshub/internal/analytics"
	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/profit"
	"github.com/fnshub/fnshub/internal/profit/profitdb"
)

type profitFlags struct {
	by, from, to, shop, channel, campaign string
	hasCampaign, asJSON                   bool
}

func profitCmd() command {
	var verb string
	var f profitFlags
	return command{name: "profit", verb: "report", chosen: &verb,
		args:    "report --from YYYY-MM-DD --to YYYY-MM-DD [--by channel,day] [--shop ID] [--channel C] [--campaign X] [--json]",
		summary: "profit by order line summed by shop, channel, campaign, day or SKU",
		help: "Profit per order line (docs/adr/0050-profit.md): revenue net of VAT, discounts funded by the shop and by the\n" +
			"platform, commission and fees estimated at order time from the shop's contract and actual once its settlement is\n" +
			"reconciled (fees in effect: actual where known), shipping, cost of goods as posted at shipment, returns, net\n" +
			"margin and margin rate, in the shop's currency. Orders count on the day (merchant zone) they were created.\n" +
			"report: --by is a comma-separated list of shop, channel, campaign, day and sku (sku not with campaign),\n" +
			"default channel,day; --json prints what GET /api/v1/profit answers.",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&f.by, "by", "channel,day", "report: the dimensions to group by")
			fs.StringVar(&f.from, "from", "", "report: the first day, YYYY-MM-DD")
			fs.StringVar(&f.to, "to", "", "report: the last day, YYYY-MM-DD")
			fs.StringVar(&f.shop, "shop", "", "report: only this shop")
			fs.StringVar(&f.channel, "channel", "", "report: only this channel")
			fs.Func("campaign", "report: only this campaign", func(v string) error { f.campaign, f.hasCampaign = v, true; return nil })
			fs.BoolVar(&f.asJSON, "json", false, "report: print JSON")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			group, err := profit.ParseGroup(f.by)
			if err != nil {
				return usageErr("--by: %v", err)
			}
			rg, err := profitRange(cfg.Location(), f.from, f.to)
			if err != nil {
				return err
			}
			return withHub(ctx, env, cfg, func(h *hub) error { return runProfitReport(ctx, env, h, rg, group, f) })
		}}
}

func profitRange(loc *time.Location, from, to string) (analytics.Range, error) {
	day := func(flag, v string) (time.Time, error) {
		if v == "" {
			return time.Time{}, usageErr("--%s is required: a day like 2026-11-01", flag)
		}
		d, err := time.ParseInLocation(time.DateOnly, v, loc)
		if err != nil {
			return time.Time{}, usageErr("--%s %q must be a day like 2026-11-01", flag, v)
		}
		return d, nil
	}
	f, err := day("from", from)
	if err != nil {
		return analytics.Range{}, err
	}
	t, err := day("to", to)
	if err != nil {
		return analytics.Range{}, err
	}
	if t.Before(f) {
		return analytics.Range{}, usageErr("--to %s is before --from %s; give the first day as --from", to, from)
	}
	return analytics.Range{From: f, To: t, Loc: loc}, nil
}

func runProfitReport(ctx context.Context, env cliEnv, h *hub, rg analytics.Range, group []string, f profitFlags) error {
	lo, hi := rg.Hours()
	flt := profit.Filter{FromHour: lo, ToHour: hi, Group: group}
	if f.shop != "" {
		flt.Shops = []string{f.shop}
	}
	if f.channel != "" {
		flt.Channels = []string{f.channel}
	}
	if f.hasCampaign {
		flt.Campaign = &f.campaign
	}
	if off, ok := rg.FixedOffset(); ok {
		flt.DaysAt = &off
	}
	rows, err := profitdb.New(h.db).Report(ctx, flt)
	if err != nil {
		return err
	}
	rep := profit.Summarise(rg, group, rows)
	if profit.WantsSpend(group, flt.Shops) {
		spend, err := profitdb.New(h.db).SpendOf(ctx, rep.From, rep.To, flt.Channels, flt.Has(profit.ByDay))
		if err != nil {
			return err
		}
		profit.AttachSpend(&rep, spend)
	}
	if f.asJSON {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	head := append(append([]string{}, group...), "currency", "lines", "revenue", "discount_shop", "discount_platform", "est_fees", "act_fees",
		"fees", "shipping", "cogs", "returns", "net_margin", "margin_rate", "spend", "roi")
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, r := range rep.Rows {
		var cells []string
		for _, g := range group {
			cells = append(cells, map[string]string{profit.ByShop: r.Shop, profit.ByChannel: r.Channel, profit.ByCampaign: r.Campaign,
				profit.ByDay: r.Day, profit.BySKU: r.SKU}[g])
		}
		cells = append(cells, r.Currency, fmt.Sprint(r.Lines), r.Revenue, r.DiscountShop, r.DiscountPlatform, r.EstCommission+"+"+r.EstFees,
			r.ActCommission+"+"+r.ActFees+"+"+r.ActAdjust, r.Fees, r.Shipping, r.COGS, r.Returns, r.NetMargin, r.MarginRate, r.Spend, r.ROI)
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}

func profitSpendCmd() command {
	var verb, file, channel, from, to, campaign string
	var hasCampaign, asJSON bool
	return command{name: "profit spend", verb: "import|list", chosen: &verb, operand: &file,
		args:    "import --channel C FILE.csv | list [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--channel C] [--campaign X] [--json]",
		summary: "import a channel's ad spend per campaign and day, for ROI per campaign, or list what was imported",
		help: "import: reads a CSV (UTF-8 or GBK) whose header row names date, campaign, spend and currency (or 日期, 活动/计划,\n" +
			"花费/消耗, 币种; any order, other columns ignored), a row per campaign and day in the merchant's zone. Each\n" +
			"channel, campaign and day is kept once: importing the same file again changes nothing and says so; a day\n" +
			"imported before with another amount refuses the whole file. `fnshub profit report --by campaign` shows the\n" +
			"spend and ROI (net margin / spend).\n" +
			"list: prints the spend kept, a row per day, channel and campaign (day, channel, campaign, amount, currency,\n" +
			"imported at); --json prints the rows as GET /api/v1/profit/spend gives its items.",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&channel, "channel", "", "import: the channel the spend is for, like tmall; list: only this channel")
			fs.StringVar(&from, "from", "", "list: the first day, YYYY-MM-DD")
			fs.StringVar(&to, "to", "", "list: the last day, YYYY-MM-DD")
			fs.Func("campaign", "list: only this campaign", func(v string) error { campaign, hasCampaign = v, true; return nil })
			fs.BoolVar(&asJSON, "json", false, "list: print JSON")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			if verb == "list" {
				if file != "" {
					return usageErr("list takes no file")
				}
				q := profit.SpendQuery{From: from, To: to}
				for _, d := range []struct{ name, v string }{{"from", from}, {"to", to}} {
					if _, err := time.Parse(time.DateOnly, d.v); d.v != "" && err != nil {
						return usageErr("--%s %q must be a day like 2026-11-01", d.name, d.v)
					}
				}
				if channel != "" {
					q.Channels = []string{channel}
				}
				if hasCampaign {
					q.Campaign = &campaign
				}
				return withHub(ctx, env, cfg, func(h *hub) error { return listSpend(ctx, env, cfg, profitdb.New(h.db), q, asJSON) })
			}
			if file == "" {
				return usageErr("name the file to import: fnshub profit spend import --channel C FILE.csv")
			}
			data, err := os.ReadFile(file)
			if err != nil {
				return err
			}
			rows, err := profit.ParseSpend(channel, data)
			if err != nil {
				return err
			}
			return withHub(ctx, env, cfg, func(h *hub) error {
				out, err := profitdb.New(h.db).ImportSpend(ctx, rows, time.Now())
				if err != nil {
					return err
				}
				if out.Imported == 0 && out.Duplicates > 0 {
					fmt.Fprintf(env.stdout, "duplicate: all %d rows were imported before; nothing changed\n", out.Duplicates)
					return nil
				}
				fmt.Fprintf(env.stdout, "imported %d rows of %s ad spend (%d imported before)\n", out.Imported, channel, out.Duplicates)
				return nil
			})
		}}
}

// listSpend prints every kept spend row q selects, a page at a time.
func listSpend(ctx context.Context, env cliEnv, cfg config.Config, s *profitdb.Store, q profit.SpendQuery, asJSON bool) error {
	q.Limit = profit.MaxSpendPage
	items := []profit.SpendJSON{}
	for {
		page, err := s.ListSpend(ctx, q)
		if err != nil {
			return err
		}
		for _, r := range page {
			items = append(items, r.JSON(cfg.Location()))
		}
		if len(page) < q.Limit {
			break
		}
		last := page[len(page)-1]
		q.After = &profit.SpendKey{Day: last.Day, Channel: last.Channel, Campaign: last.Campaign}
	}
	if asJSON {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(items)
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "day\tchannel\tcampaign\tamount\tcurrency\timported_at")
	for _, r := range items {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Day, r.Channel, r.Campaign, r.Amount.String(), r.Amount.Currency(), r.ImportedAt.Format(time.RFC3339))
	}
	return tw.Flush()
}

func profitRatesCmd() command {
	var verb string
	var r profit.CarrierRate
	var first, extra, flat string
	return command{name: "profit rates", verb: "set", chosen: &verb,
		args:    "set --carrier C|* --province P|* --first-g G --first A --extra-g G --extra A [--flat A] [--currency CNY]",
		summary: "set a carrier's shipping rate, which estimates orders' shipping cost",
		help: "set: keeps the rate of a carrier (SF, ZTO …, or * for any) to a ship-to province (浙江省 …, or * for any): --first\n" +
			"for the first --first-g grams, then --extra for each further --extra-g grams or part; --flat per order when no\n" +
			"SKU of the order has a weight in the catalog. An order's rate is its carrier's for its province, else its\n" +
			"carrier's for any, else any carrier's for its province, else any. Orders written from then on use it.",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&r.Carrier, "carrier", "", "set: the carrier, or *")
			fs.StringVar(&r.Province, "province", profit.AnyProvince, "set: the ship-to province, or *")
			fs.Int64Var(&r.FirstG, "first-g", 1000, "set: grams the first price covers")
			fs.StringVar(&first, "first", "", "set: the first weight's price, like 12.00")
			fs.Int64Var(&r.ExtraG, "extra-g", 1000, "set: grams of each further step")
			fs.StringVar(&extra, "extra", "0", "set: each further step's price")
			fs.StringVar(&flat, "flat", "0", "set: the price per order when no SKU has a weight")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			// Prices are in the books' currency (--currency, FNSHUB_CURRENCY).
			cur, err := money.ParseCurrency(cfg.Currency)
			if err != nil {
				return usageErr("--currency: %v", err)
			}
			r.Currency = cur
			for _, p := range []struct {
				name, v string
				into    *int64
			}{{"first", first, &r.First}, {"extra", extra, &r.Extra}, {"flat", flat, &r.Flat}} {
				a, err := money.Parse(p.v, cur)
				if err != nil {
					return usageErr("--%s %q: %v", p.name, p.v, err)
				}
				*p.into = a.Minor()
			}
			if err := r.Validate(); err != nil {
				return usageErr("%v", err)
			}
			return withHub(ctx, env, cfg, func(h *hub) error {
				if err := profitdb.New(h.db).SetCarrierRate(ctx, r); err != nil {
					return err
				}
				fmt.Fprintf(env.stdout, "set %s\n", r)
				return nil
			})
		}}
}
