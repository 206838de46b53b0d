package arap

import (
	"sort"
	"time"

	"github.com/fnshub/fnshub/internal/money"
)

// Bucket is an aging bucket: how far past its due date an item is.
type Bucket int

// The buckets, by days past due on the as-of day.
const (
	Current    Bucket = iota // not yet due, or due today (0 days past)
	Days1To30                // 1–30
	Days31To60               // 31–60
	Days61To90               // 61–90
	Over90                   // more than 90
	numBuckets
)

// BucketNames are the buckets' names in the API, in order.
var BucketNames = [numBuckets]string{"current", "1-30", "31-60", "61-90", "over_90"}

// DaysPastDue counts whole days from due to asOf; negative when not yet due.
func DaysPastDue(due, asOf time.Time) int {
	return int(Day(asOf).Sub(Day(due)).Hours() / 24)
}

// BucketOf places an item due on due into its bucket on asOf.
func BucketOf(due, asOf time.Time) Bucket {
	switch d := DaysPastDue(due, asOf); {
	case d <= 0:
		return Current
	case d <= 30:
		return Days1To30
	case d <= 60:
		return Days31To60
	case d <= 90:
		return Days61To90
	default:
		return Over90
	}
}

// ItemKind is what an open item is.
type ItemKind string

const (
	PlatformAR ItemKind = "platform" // an order's open platform receivable
	CustomerAR ItemKind = "customer" // an open B2B invoice
	SupplierAP ItemKind = "supplier" // an open supplier bill
)

// Item is one open item: what is still owed on one order, invoice or bill,
// in the item's currency (always positive: the kind says who owes whom).
type Item struct {
	Entity  int64 // the legal entity whose books and documents it is in
	Kind    ItemKind
	Party   string // the shop for platform AR, else the customer or supplier code
	Channel string // platform AR only
	Ref     string // the order id, invoice or bill number
	Date    time.Time
	Due     time.Time // when it should be paid
	Overdue time.Time // when it counts as overdue (Due plus any grace)
	Open    money.Amount
}

// AgingRow is the open total of one party in one currency, by bucket.
type AgingRow struct {
	Kind     ItemKind
	Party    string
	Currency money.Currency
	Buckets  [numBuckets]int64 // minor units
	Total    int64
	Items    int
}

// Age buckets items as of asOf, one row per kind, party and currency, in
// that order. Items of no open amount are left out.
func Age(items []Item, asOf time.Time) []AgingRow {
	type key struct {
		kind  ItemKind
		party string
		cur   money.Currency
	}
	rows := map[key]*AgingRow{}
	for _, it := range items {
		if it.Open.IsZero() {
			continue
		}
		k := key{it.Kind, it.Party, it.Open.Currency()}
		r := rows[k]
		if r == nil {
			r = &AgingRow{Kind: k.kind, Party: k.party, Currency: k.cur}
			rows[k] = r
		}
		r.Buckets[BucketOf(it.Due, asOf)] += it.Open.Minor()
		r.Total += it.Open.Minor()
		r.Items++
	}
	out := make([]AgingRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Party != b.Party {
			return a.Party < b.Party
		}
		return a.Currency < b.Currency
	})
	return out
}

// Totals sums rows per kind and currency.
func Totals(rows []AgingRow) map[ItemKind]map[money.Currency]int64 {
	out := map[ItemKind]map[money.Currency]int64{}
	for _, r := range rows {
		if out[r.Kind] == nil {
			out[r.Kind] = map[money.Currency]int64{}
		}
		out[r.Kind][r.Currency] += r.Total
	}
	return out
}
