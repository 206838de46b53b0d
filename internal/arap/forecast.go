package arap

import (
	"time"

	"github.com/fnshub/fnshub/internal/money"
)

// Step is how many days one period of the forecast spans.
type Step int

// The forecast's periods (docs/adr/0058): the same rules, by week or by day.
const (
	Daily  Step = 1
	Weekly Step = 7
)

// ForecastPeriod is one period (a week, or a day) of the cash-flow
// forecast in one currency.
type ForecastPeriod struct {
	Start     time.Time // the period's first day
	Currency  money.Currency
	Platform  int64 // expected settlement inflows (open platform AR by due date)
	Customers int64 // B2B receipts by due date
	Suppliers int64 // payments by due date (positive: money out)
	Net       int64
	Closing   int64 // opening cash plus every period's net so far
}

// Forecast projects cash from asOf for n periods of step days: items by
// their due date, anything already past due in the first period (it is
// expected now), items due after the horizon left out. Opening is the
// cash balance per currency; every currency that has cash or an item gets
// its periods.
func Forecast(items []Item, opening map[money.Currency]int64, asOf time.Time, n int, step Step) []ForecastPeriod {
	start, days := Day(asOf), int(step)
	curs := map[money.Currency]bool{}
	for c := range opening {
		curs[c] = true
	}
	for _, it := range items {
		curs[it.Open.Currency()] = true
	}
	var out []ForecastPeriod
	for _, cur := range sortedCurrencies(curs) {
		ws := make([]ForecastPeriod, n)
		for i := range ws {
			ws[i] = ForecastPeriod{Start: start.AddDate(0, 0, days*i), Currency: cur}
		}
		for _, it := range items {
			if it.Open.Currency() != cur {
				continue
			}
			i := DaysPastDue(start, it.Due) / days
			if i < 0 {
				i = 0
			}
			if i >= n {
				continue
			}
			switch it.Kind {
			case PlatformAR:
				ws[i].Platform += it.Open.Minor()
			case CustomerAR:
				ws[i].Customers += it.Open.Minor()
			case SupplierAP:
				ws[i].Suppliers += it.Open.Minor()
			}
		}
		bal := opening[cur]
		for i := range ws {
			ws[i].Net = ws[i].Platform + ws[i].Customers - ws[i].Suppliers
			bal += ws[i].Net
			ws[i].Closing = bal
		}
		out = append(out, ws...)
	}
	return out
}

func sortedCurrencies(set map[money.Currency]bool) []money.Currency {
	out := make([]money.Currency, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
