package arap

import (
	"sort"
	"time"
)

// AlertKind is what an alert warns of.
type AlertKind string

const (
	AROverdue AlertKind = "ar_overdue" // a receivable past its due date (and grace)
	APDue     AlertKind = "ap_due"     // a bill due within the horizon, or already past due
)

// Alert is one open item that needs someone's attention.
type Alert struct {
	Kind AlertKind
	Item Item
	Days int // days past the overdue day (AR) or until due, negative when past (AP)
}

// Alerts lists the receivables overdue on asOf (past Item.Overdue) and the
// payables due within withinDays of asOf (or past due), most urgent first.
func Alerts(items []Item, asOf time.Time, withinDays int) []Alert {
	var out []Alert
	for _, it := range items {
		switch it.Kind {
		case PlatformAR, CustomerAR:
			if d := DaysPastDue(it.Overdue, asOf); d > 0 {
				out = append(out, Alert{Kind: AROverdue, Item: it, Days: d})
			}
		case SupplierAP:
			if d := -DaysPastDue(it.Due, asOf); d <= withinDays {
				out = append(out, Alert{Kind: APDue, Item: it, Days: d})
			}
		}
	}
	SortAlerts(out)
	return out
}

// SortAlerts orders alerts most urgent first, keeping the order of equally
// urgent ones: the alerts of several entities merge into one list.
func SortAlerts(as []Alert) {
	sort.SliceStable(as, func(i, j int) bool { return urgency(as[i]) > urgency(as[j]) })
}

// urgency orders alerts: the longer overdue, or the sooner due, the higher.
func urgency(a Alert) int {
	if a.Kind == AROverdue {
		return a.Days
	}
	return -a.Days
}
