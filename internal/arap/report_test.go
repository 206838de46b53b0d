package arap_test

import (
	"errors"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

func asFault(err error, fe **fault.Error) bool { return errors.As(err, fe) }

func TestOpenPlatform_DueFromTheShopsCycle(t *testing.T) {
	day := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	ps := []arap.PlatformPosting{
		{Shop: "T1", Channel: "tmall", Order: "o1", At: day, Amount: money.New(1000, "CNY")},
		{Shop: "T1", Channel: "tmall", Order: "o1", At: day.AddDate(0, 0, 3), Amount: money.New(-1000, "CNY")}, // settled
		{Shop: "T1", Channel: "tmall", Order: "o2", At: day.AddDate(0, 0, 2), Amount: money.New(500, "CNY")},
		{Shop: "T1", Channel: "tmall", Order: "o2", At: day, Amount: money.New(300, "CNY")}, // the earlier posting dates it
	}
	items := arap.OpenPlatform(ps, func(string) arap.Terms { return arap.Terms{CycleDays: 15, GraceDays: 3} })
	if len(items) != 1 {
		t.Fatalf("items %+v, want o2 only", items)
	}
	it := items[0]
	if it.Ref != "o2" || it.Open.Minor() != 800 || !it.Due.Equal(arap.Day(day).AddDate(0, 0, 15)) || !it.Overdue.Equal(arap.Day(day).AddDate(0, 0, 18)) {
		t.Fatalf("o2 %+v, want 8.00 due 15 days after its first posting, overdue 3 days later", it)
	}
}

func TestAlerts_OverdueAfterGraceAndPayablesWithinHorizon(t *testing.T) {
	due := arap.Day(asOf).AddDate(0, 0, -2)
	inGrace := arap.Item{Kind: arap.PlatformAR, Party: "T1", Due: due, Overdue: due.AddDate(0, 0, 3), Open: money.New(1, "CNY")}
	late := arap.Item{Kind: arap.CustomerAR, Party: "C1", Due: due, Overdue: due, Open: money.New(1, "CNY")}
	soon := item(arap.SupplierAP, "S1", 1, "CNY", -7)  // due in 7 days
	later := item(arap.SupplierAP, "S2", 1, "CNY", -8) // due in 8 days
	pastAP := item(arap.SupplierAP, "S3", 1, "CNY", 1) // a day past due
	as := arap.Alerts([]arap.Item{inGrace, late, soon, later, pastAP}, asOf, 7)
	if len(as) != 3 {
		t.Fatalf("alerts %+v, want C1 overdue, S3 past due, S1 due in 7 days", as)
	}
	if as[0].Kind != arap.AROverdue || as[0].Item.Party != "C1" || as[0].Days != 2 {
		t.Errorf("first %+v, want C1 two days overdue", as[0])
	}
	if as[1].Item.Party != "S3" || as[1].Days != -1 || as[2].Item.Party != "S1" || as[2].Days != 7 {
		t.Errorf("then %+v %+v, want S3 (-1) then S1 (7)", as[1], as[2])
	}
}

func TestForecast_SumsByWeekAndCarriesCash(t *testing.T) {
	items := []arap.Item{
		item(arap.PlatformAR, "T1", 1000, "CNY", 3),  // past due: expected in week 0
		item(arap.CustomerAR, "C1", 200, "CNY", -6),  // day 6: week 0
		item(arap.SupplierAP, "S1", 500, "CNY", -7),  // day 7: week 1
		item(arap.SupplierAP, "S1", 100, "CNY", -28), // day 28: past a 4-week horizon
		item(arap.PlatformAR, "A1", 300, "USD", -14), // day 14: week 2 in USD
	}
	ws := arap.Forecast(items, map[money.Currency]int64{"CNY": 10000}, asOf, 4, arap.Weekly)
	if len(ws) != 8 {
		t.Fatalf("%d weeks, want 4 per currency", len(ws))
	}
	cny, usd := ws[:4], ws[4:]
	if cny[0].Platform != 1000 || cny[0].Customers != 200 || cny[0].Net != 1200 || cny[0].Closing != 11200 {
		t.Errorf("CNY week 0 %+v", cny[0])
	}
	if cny[1].Suppliers != 500 || cny[1].Closing != 10700 || cny[3].Closing != 10700 {
		t.Errorf("CNY weeks 1..3 %+v", cny[1:])
	}
	if usd[2].Platform != 300 || usd[3].Closing != 300 || usd[0].Currency != "USD" {
		t.Errorf("USD %+v", usd)
	}
	var net int64
	for _, w := range cny {
		net += w.Net
	}
	if net != 700 {
		t.Errorf("CNY nets sum to %d, want 1000+200-500 (the 1.00 past the horizon left out)", net)
	}
}

// TestForecast_ByDay: the same items by day: past due on the first day,
// each other on its due day, those after the horizon left out; the
// daily nets add up to the weekly ones over the same span.
func TestForecast_ByDay(t *testing.T) {
	items := []arap.Item{
		item(arap.PlatformAR, "T1", 1000, "CNY", 3),  // past due: day 0
		item(arap.CustomerAR, "C1", 200, "CNY", -6),  // day 6
		item(arap.SupplierAP, "S1", 500, "CNY", -7),  // day 7
		item(arap.SupplierAP, "S1", 100, "CNY", -14), // day 14: past a 14-day horizon
		item(arap.CustomerAR, "C2", 50, "CNY", 0),    // due today: day 0
	}
	opening := map[money.Currency]int64{"CNY": 10000}
	ds := arap.Forecast(items, opening, asOf, 14, arap.Daily)
	if len(ds) != 14 {
		t.Fatalf("%d days, want 14", len(ds))
	}
	if ds[0].Platform != 1000 || ds[0].Customers != 50 || !ds[1].Start.Equal(arap.Day(asOf).AddDate(0, 0, 1)) {
		t.Errorf("day 0 %+v, day 1 %+v", ds[0], ds[1])
	}
	if ds[6].Customers != 200 || ds[7].Suppliers != 500 || ds[13].Closing != 10000+1000+50+200-500 {
		t.Errorf("days 6, 7, 13: %+v %+v %+v", ds[6], ds[7], ds[13])
	}
	ws := arap.Forecast(items, opening, asOf, 2, arap.Weekly)
	for w := range 2 {
		var net int64
		for _, d := range ds[7*w : 7*w+7] {
			net += d.Net
		}
		if net != ws[w].Net || ds[7*w+6].Closing != ws[w].Closing {
			t.Errorf("week %d: days net %d closing %d, week %+v", w, net, ds[7*w+6].Closing, ws[w])
		}
	}
}
