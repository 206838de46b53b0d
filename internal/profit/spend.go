package profit

import (
	"fmt"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/sheet"
)

// Spend is a channel's ad spend on a campaign in a day (the merchant's
// zone, as the ad platforms report it). The channel, campaign and day are
// its natural key: it is kept once.
type Spend struct {
	Channel  string
	Campaign string
	Day      string // YYYY-MM-DD
	Amount   money.Amount
}

// MaxSpendRows bounds one import.
const MaxSpendRows = 200_000

// The header names a spend file's columns may have, by column.
var spendHeaders = map[string][]string{
	"date":     {"date", "day", "日期", "时间"},
	"campaign": {"campaign", "campaign name", "活动", "活动名称", "计划", "计划名称", "推广计划"},
	"spend":    {"spend", "cost", "amount", "花费", "消耗", "消费", "金额"},
	"currency": {"currency", "币种", "货币"},
}

// ParseSpend reads a CSV of one channel's ad spend: a header row naming
// date, campaign, spend and currency (in any order, in English or
// Chinese; other columns ignored), then a row per campaign and day. UTF-8
// or GBK. The same campaign and day twice in a file is refused. Errors:
// Invalid, naming the row and column and how to fix it; nothing is
// returned with an error.
func ParseSpend(channel string, data []byte) ([]Spend, error) {
	if !order.ValidChannel(channel) {
		return nil, fault.Invalidf("channel", "channel_invalid", "channel %q: give the channel code the spend is for, like tmall", channel)
	}
	rows, err := sheet.ReadCSV(data)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, fault.Invalidf("file", "spend_empty", "the file is empty: give a header row (date, campaign, spend, currency) and a row per campaign and day")
	}
	col, err := spendColumns(rows[0])
	if err != nil {
		return nil, err
	}
	if len(rows)-1 > MaxSpendRows {
		return nil, fault.Invalidf("file", "spend_too_long", "%d rows; import at most %d at a time", len(rows)-1, MaxSpendRows)
	}
	seen := map[[2]string]int{}
	var out []Spend
	for i, row := range rows[1:] {
		n := i + 2
		if blank(row) {
			continue
		}
		s, err := spendRow(channel, row, col, n)
		if err != nil {
			return nil, err
		}
		k := [2]string{s.Campaign, s.Day}
		if first, dup := seen[k]; dup {
			return nil, fault.Invalidf("file", "spend_repeated", "row %d: campaign %q on %s is on row %d too; give each campaign and day once", n, s.Campaign, s.Day, first)
		}
		seen[k] = n
		out = append(out, s)
	}
	return out, nil
}

func spendColumns(header []string) (map[string]int, error) {
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		for name, aliases := range spendHeaders {
			for _, a := range aliases {
				if h == a {
					if _, dup := col[name]; dup {
						return nil, fault.Invalidf("file", "spend_header", "row 1: two columns are %s; keep one", name)
					}
					col[name] = i
				}
			}
		}
	}
	for _, name := range []string{"date", "campaign", "spend", "currency"} {
		if _, ok := col[name]; !ok {
			return nil, fault.Invalidf("file", "spend_header", "row 1: no %s column; name the columns date, campaign, spend and currency", name)
		}
	}
	return col, nil
}

func spendRow(channel string, row []string, col map[string]int, n int) (Spend, error) {
	cell := func(name string) string {
		if i := col[name]; i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	bad := func(name, format string, args ...any) error {
		return fault.Invalidf("file", "spend_row_invalid", "row %d, column %d (%s): %s", n, col[name]+1, name, fmt.Sprintf(format, args...))
	}
	day := strings.ReplaceAll(cell("date"), "/", "-")
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return Spend{}, bad("date", "%q is not a day; write it like 2026-11-11", cell("date"))
	}
	campaign := cell("campaign")
	if campaign == "" || len(campaign) > order.MaxCampaignLen {
		return Spend{}, bad("campaign", "give the campaign's name, at most %d bytes", order.MaxCampaignLen)
	}
	cur, err := money.ParseCurrency(cell("currency"))
	if err != nil {
		return Spend{}, bad("currency", "%q: %v", cell("currency"), err)
	}
	amount, err := money.Parse(strings.ReplaceAll(cell("spend"), ",", ""), cur)
	if err != nil {
		return Spend{}, bad("spend", "%q: %v", cell("spend"), err)
	}
	if amount.Sign() < 0 {
		return Spend{}, bad("spend", "%s is negative; spend is what was paid", amount)
	}
	return Spend{Channel: channel, Campaign: campaign, Day: d.Format(time.DateOnly), Amount: amount}, nil
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// SpendImport says what an import kept: new rows, and rows kept before
// with the same amount.
type SpendImport struct {
	Imported   int `json:"imported"`
	Duplicates int `json:"duplicates"`
}

// SpendRow is spend summed by channel, campaign, currency (and day).
type SpendRow struct {
	Day, Channel, Campaign, Currency string
	Minor                            int64
}
