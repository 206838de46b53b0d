package arap

import (
	"sort"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

// OpenDocuments reduces one party kind's documents to their open items:
// each invoice or bill less the receipts or payments applied to it.
// A settlement applied to a number that is not there is an error, as it
// cannot happen through AddDocument.
func OpenDocuments(docs []Document) ([]Item, error) {
	type key struct{ party, number string }
	open := map[key]*Item{}
	var order []key
	for _, d := range docs {
		if !d.Kind.Opens() {
			continue
		}
		k := key{d.Party, d.Number}
		kind := CustomerAR
		if d.Kind == Bill {
			kind = SupplierAP
		}
		open[k] = &Item{Kind: kind, Party: d.Party, Ref: d.Number, Date: d.Date, Due: d.DueDate, Overdue: d.DueDate, Open: d.Amount}
		order = append(order, k)
	}
	for _, d := range docs {
		if d.Kind.Opens() {
			continue
		}
		it := open[key{d.Party, d.AppliesTo}]
		if it == nil {
			return nil, fault.New(fault.Internal, "settlement_orphan", "%s %s applies to %s, which is not there", d.Kind, d.Number, d.AppliesTo)
		}
		left, err := it.Open.Sub(d.Amount)
		if err != nil {
			return nil, err
		}
		it.Open = left
	}
	out := make([]Item, 0, len(order))
	for _, k := range order {
		if !open[k].Open.IsZero() {
			out = append(out, *open[k])
		}
	}
	return out, nil
}

// Terms are what a shop's settlement contract says about when its
// platform pays: the settlement cycle, and the grace after it.
type Terms struct {
	CycleDays int
	GraceDays int
}

// PlatformPosting is one posting on the platform receivable account with
// the order it names.
type PlatformPosting struct {
	Shop, Channel, Order string
	At                   time.Time
	Amount               money.Amount
}

// OpenPlatform reduces the platform receivable's postings to one open item
// per order (shop, channel, order, currency): the order's first posting
// dates it, and the shop's terms give its due date (cycle) and the day it
// is overdue (cycle plus grace).
func OpenPlatform(ps []PlatformPosting, termsOf func(shop string) Terms) []Item {
	type key struct {
		shop, channel, order string
		cur                  money.Currency
	}
	items := map[key]*Item{}
	for _, p := range ps {
		k := key{p.Shop, p.Channel, p.Order, p.Amount.Currency()}
		it := items[k]
		if it == nil {
			it = &Item{Kind: PlatformAR, Party: p.Shop, Channel: p.Channel, Ref: p.Order, Date: Day(p.At), Open: money.Zero(k.cur)}
			items[k] = it
		}
		if Day(p.At).Before(it.Date) {
			it.Date = Day(p.At)
		}
		it.Open = money.New(it.Open.Minor()+p.Amount.Minor(), k.cur)
	}
	out := make([]Item, 0, len(items))
	for _, it := range items {
		if it.Open.IsZero() {
			continue
		}
		t := termsOf(it.Party)
		it.Due = it.Date.AddDate(0, 0, t.CycleDays)
		it.Overdue = it.Due.AddDate(0, 0, t.GraceDays)
		out = append(out, *it)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Party != out[j].Party {
			return out[i].Party < out[j].Party
		}
		return out[i].Ref < out[j].Ref
	})
	return out
}
