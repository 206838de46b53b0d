package profitdb_test

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/analytics"
	"github.com/fnshub/fnshub/internal/profit"
	"github.com/fnshub/fnshub/internal/profit/profitdb"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// The rollup of a month of 30,000,000 order lines, seeded directly at the
// size the rollups have at that scale (docs/adr/0050-profit.md): 20 shops
// on 6 channels, each selling in 30 campaigns every UTC hour of November
// 2026: 720 × 20 = 14,400 rows of profit_hours and 720 × 20 × 30 =
// 432,000 rows of profit_campaign_hours of ~69 lines each, and their
// 18,600 UTC+8 days in profit_campaign_days (31 days, the first and last
// partial, × 20 × 30).
const (
	benchShops, benchCampaigns, benchChannels = 20, 30, 6
	benchLinesPerRow                          = 30_000_000 / (720 * benchShops * benchCampaigns)
)

func seedMonth(b *testing.B, db *store.DB, from time.Time) {
	ctx := context.Background()
	first := analytics.HourOf(from.UnixMicro())
	row := func(hour int64, n int64) profit.Figures {
		return profit.Figures{Lines: n * benchLinesPerRow, Revenue: n * (690_000 + hour%97), DiscountShop: n * 9_000, DiscountPlatform: n * 1_000,
			EstCommission: n * 34_500, EstFees: n * 4_140, ActCommission: n * 30_000, ActFees: n * 4_000, ActualLines: n * benchLinesPerRow / 2,
			Fees: n * 36_000, Shipping: n * 40_000, COGS: n * 350_000, Returns: n * 20_000, EstShipping: n * 40_000}
	}
	insert := func(table string, keyCols int, args []any) error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			cols := `hour, shop, channel, currency, `
			if keyCols == 5 {
				cols = `hour, shop, channel, campaign, currency, `
			}
			if table == "profit_campaign_days" {
				cols = `day, shop, channel, campaign, currency, `
			}
			_, err := tx.InsertRows(ctx, `INSERT INTO `+table+` (`+cols+strings.Join(profit.Columns, ", ")+`) VALUES `, "", keyCols+len(profit.Columns), args)
			return err
		})
	}
	// The per-day campaign rollup sums the campaign hours by UTC+8 day, as
	// Flush does; the month starts at 00:00 UTC, so its first and last
	// days are partial.
	type dayKey struct {
		day       int64
		shop, cmp int
	}
	days := map[dayKey]profit.Figures{}
	for h := int64(0); h < 720; h += 24 {
		var hours, camps []any
		for hour := first + h; hour < first+h+24; hour++ {
			for s := range benchShops {
				shop, ch := fmt.Sprintf("shop-%02d", s), fmt.Sprintf("ch-%d", s%benchChannels)
				hours = append(append(hours, hour, shop, ch, "CNY"), row(hour, benchCampaigns).Values()...)
				for c := range benchCampaigns {
					camps = append(append(camps, hour, shop, ch, fmt.Sprintf("cmp-%02d", c), "CNY"), row(hour, 1).Values()...)
					k := dayKey{((hour+profitdb.DaysOffset)/24)*24 - profitdb.DaysOffset, s, c}
					days[k] = days[k].Add(row(hour, 1))
				}
			}
		}
		if err := insert("profit_hours", 4, hours); err != nil {
			b.Fatal(err)
		}
		if err := insert("profit_campaign_hours", 5, camps); err != nil {
			b.Fatal(err)
		}
	}
	var dayRows []any
	for k, f := range days {
		dayRows = append(append(dayRows, k.day, fmt.Sprintf("shop-%02d", k.shop), fmt.Sprintf("ch-%d", k.shop%benchChannels),
			fmt.Sprintf("cmp-%02d", k.cmp), "CNY"), f.Values()...)
		if len(dayRows) >= 1000*(5+len(profit.Columns)) {
			if err := insert("profit_campaign_days", 5, dayRows); err != nil {
				b.Fatal(err)
			}
			dayRows = nil
		}
	}
	if err := insert("profit_campaign_days", 5, dayRows); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkProfitReport_channelDayMonth30M times the channel × day report
// of a month in Asia/Shanghai on SQLite, as GET /api/v1/profit and fnshub
// profit report ask it.
func BenchmarkProfitReport_channelDayMonth30M(b *testing.B) {
	db := storetest.SQLite(b)
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		b.Fatal(err)
	}
	seedMonth(b, db, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	rg := analytics.Range{From: time.Date(2026, 11, 1, 0, 0, 0, 0, shanghai), To: time.Date(2026, 11, 30, 0, 0, 0, 0, shanghai), Loc: shanghai}
	s := profitdb.New(db)
	for _, c := range []struct {
		name  string
		group []string
		rows  int
	}{{"channel,day", []string{profit.ByChannel, profit.ByDay}, 30 * benchChannels}, {"campaign,day", []string{profit.ByCampaign, profit.ByDay}, 30 * benchCampaigns}} {
		b.Run(c.name, func(b *testing.B) { timeReport(b, s, rg, c.group, c.rows) })
	}
}

func timeReport(b *testing.B, s *profitdb.Store, rg analytics.Range, group []string, want int) {
	lo, hi := rg.Hours()
	off, _ := rg.FixedOffset()
	// The machine is shared: CPU time per report says what it costs when
	// the wall clock waits for other processes' turns.
	var before, after syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	n := 0
	b.ResetTimer()
	for b.Loop() {
		n++
		rows, err := s.Report(context.Background(), profit.Filter{FromHour: lo, ToHour: hi, Group: group, DaysAt: &off})
		if err != nil {
			b.Fatal(err)
		}
		rep := profit.Summarise(rg, group, rows)
		if len(rep.Rows) != want {
			b.Fatalf("%d rows", len(rep.Rows))
		}
	}
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := time.Duration(after.Utime.Nano()+after.Stime.Nano()-before.Utime.Nano()-before.Stime.Nano()) / time.Duration(max(n, 1))
	b.ReportMetric(float64(cpu.Microseconds())/1000, "cpu-ms/op")
}
