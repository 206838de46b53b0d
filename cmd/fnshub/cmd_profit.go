package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/fnshub/fnshub/internal/analytics"
	"github.com/fnshub/fnshub/internal/config"
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
	if f.asJSON {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	head := append(append([]string{}, group...), "currency", "lines", "revenue", "discount_shop", "discount_platform", "est_fees", "act_fees",
		"fees", "shipping", "cogs", "returns", "net_margin", "margin_rate")
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, r := range rep.Rows {
		var cells []string
		for _, g := range group {
			cells = append(cells, map[string]string{profit.ByShop: r.Shop, profit.ByChannel: r.Channel, profit.ByCampaign: r.Campaign,
				profit.ByDay: r.Day, profit.BySKU: r.SKU}[g])
		}
		cells = append(cells, r.Currency, fmt.Sprint(r.Lines), r.Revenue, r.DiscountShop, r.DiscountPlatform, r.EstCommission+"+"+r.EstFees,
			r.ActCommission+"+"+r.ActFees+"+"+r.ActAdjust, r.Fees, r.Shipping, r.COGS, r.Returns, r.NetMargin, r.MarginRate)
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}
