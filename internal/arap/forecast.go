package arap

import (
	"time"

	"github.com/fnshub/fnshub/internal/money"
)

// ForecastWeek is one week of the cash-flow forecast in one currency.
type ForecastWeek struct {
	Start     time.Time // the week's first day
	Currency  money.Currency
	Platform  int64 // expected settlement inflows (open platform AR by due date)
	Customers int64 // B2B receipts by due date
	Suppliers int64 // payments by due date (positive: money out)
	Net       int64
	Closing   int64 // opening cash plus every week's net so far
}

// Forecast projects weekly cash from asOf for weeks weeks: items by their
// due date, anything already past due in the first week (it is expected
// now), items due after the horizon left out. Opening is the cash balance
// per currency; every currency that has cash or an item gets its weeks.
func Forecast(items []Item, opening map[money.Currency]int64, asOf time.Time, weeks int) []ForecastWeek {
	start := Day(asOf)
	curs := map[money.Currency]bool{}
	for c := range opening {
		curs[c] = true
	}
	for _, it := range items {
		curs[it.Open.Currency()] = true
	}
	var out []ForecastWeek
	for _, cur := range sortedCurrencies(curs) {
		ws := make([]ForecastWeek, weeks)
		for i := range ws {
			ws[i] = ForecastWeek{Start: start.AddDate(0, 0, 7*i), Currency: cur}
		}
		for _, it := range items {
			if it.Open.Currency() != cur {
				continue
			}
			i := DaysPastDue(start, it.Due) / 7
			if i < 0 {
				i = 0
			}
			if i >= weeks {
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
