package arap_test

import (
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

var asOf = time.Date(2026, 12, 31, 15, 0, 0, 0, time.UTC)

func TestBucketOf_Boundaries(t *testing.T) {
	for _, c := range []struct {
		days int
		want arap.Bucket
	}{{-5, arap.Current}, {0, arap.Current}, {1, arap.Days1To30}, {30, arap.Days1To30}, {31, arap.Days31To60},
		{60, arap.Days31To60}, {61, arap.Days61To90}, {90, arap.Days61To90}, {91, arap.Over90}, {400, arap.Over90}} {
		// The due day at any hour counts as that day.
		due := arap.Day(asOf).AddDate(0, 0, -c.days).Add(23 * time.Hour)
		if got := arap.BucketOf(due, asOf); got != c.want {
			t.Errorf("%d days past due: bucket %s, want %s", c.days, arap.BucketNames[got], arap.BucketNames[c.want])
		}
	}
}

func item(kind arap.ItemKind, party string, minor int64, cur money.Currency, daysPast int) arap.Item {
	due := arap.Day(asOf).AddDate(0, 0, -daysPast)
	return arap.Item{Kind: kind, Party: party, Ref: party, Due: due, Overdue: due, Open: money.New(minor, cur)}
}

func TestAge_GroupsByPartyAndCurrency(t *testing.T) {
	items := []arap.Item{
		item(arap.SupplierAP, "S1", 100, "CNY", 0), item(arap.SupplierAP, "S1", 200, "CNY", 31),
		item(arap.SupplierAP, "S1", 50, "USD", 91), item(arap.CustomerAR, "C1", 7, "CNY", 61),
		item(arap.CustomerAR, "C1", 0, "CNY", 10), // settled: left out
	}
	rows := arap.Age(items, asOf)
	if len(rows) != 3 {
		t.Fatalf("rows %+v, want C1 CNY, S1 CNY, S1 USD", rows)
	}
	if r := rows[0]; r.Kind != arap.CustomerAR || r.Buckets[arap.Days61To90] != 7 || r.Total != 7 || r.Items != 1 {
		t.Errorf("C1 row %+v", r)
	}
	if r := rows[1]; r.Party != "S1" || r.Currency != "CNY" || r.Buckets[arap.Current] != 100 || r.Buckets[arap.Days31To60] != 200 || r.Total != 300 {
		t.Errorf("S1 CNY row %+v", r)
	}
	if r := rows[2]; r.Currency != "USD" || r.Buckets[arap.Over90] != 50 {
		t.Errorf("S1 USD row %+v", r)
	}
	if tot := arap.Totals(rows); tot[arap.SupplierAP]["CNY"] != 300 || tot[arap.SupplierAP]["USD"] != 50 || tot[arap.CustomerAR]["CNY"] != 7 {
		t.Errorf("totals %v", tot)
	}
}

func doc(kind arap.DocKind, number string, minor int64, applies string) arap.Document {
	return arap.Document{Kind: kind, Party: "SUP1", Number: number, Date: asOf.AddDate(0, 0, -10), Amount: money.New(minor, "CNY"),
		Account: "6602", AppliesTo: applies}
}

func TestOpenDocuments_SettlementsReduceTheirItem(t *testing.T) {
	b1, b2 := doc(arap.Bill, "B1", 1000, ""), doc(arap.Bill, "B2", 500, "")
	items, err := arap.OpenDocuments([]arap.Document{b1, b2, doc(arap.Payment, "P1", 400, "B1"), doc(arap.Payment, "P2", 500, "B2")})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].Ref != "B1" || items[0].Open.Minor() != 600 || items[0].Kind != arap.SupplierAP {
		t.Fatalf("open %+v, want B1 with 6.00 left and B2 settled", items)
	}
	if _, err := arap.OpenDocuments([]arap.Document{doc(arap.Payment, "P9", 1, "NOPE")}); err == nil {
		t.Fatal("a payment of a missing bill passed")
	}
}

func TestDocument_Validate(t *testing.T) {
	ok := doc(arap.Bill, "B1", 100, "")
	if err := ok.Validate(); err != nil {
		t.Fatalf("a good bill: %v", err)
	}
	for name, c := range map[string]struct {
		mod   func(*arap.Document)
		field string
	}{
		"zero amount":         {func(d *arap.Document) { d.Amount = money.New(0, "CNY") }, "amount"},
		"negative amount":     {func(d *arap.Document) { d.Amount = money.New(-1, "CNY") }, "amount"},
		"no number":           {func(d *arap.Document) { d.Number = "" }, "number"},
		"no date":             {func(d *arap.Document) { d.Date = time.Time{} }, "date"},
		"no account":          {func(d *arap.Document) { d.Account = "" }, "account"},
		"due before date":     {func(d *arap.Document) { d.DueDate = d.Date.AddDate(0, 0, -1) }, "due_date"},
		"bill applying":       {func(d *arap.Document) { d.AppliesTo = "X" }, "applies_to"},
		"payment without one": {func(d *arap.Document) { d.Kind = arap.Payment }, "applies_to"},
		"bad kind":            {func(d *arap.Document) { d.Kind = "memo" }, "kind"},
	} {
		d := ok
		c.mod(&d)
		err := d.Validate()
		var fe *fault.Error
		if !fault.Is(err, fault.Invalid) || !asFault(err, &fe) || fe.Field != c.field {
			t.Errorf("%s: %v, want Invalid on %s", name, err, c.field)
		}
	}
}

func TestDocument_WithTermsAndFingerprint(t *testing.T) {
	d := doc(arap.Bill, "B1", 100, "").WithTerms(arap.Party{TermsDays: 30})
	if want := arap.Day(asOf).AddDate(0, 0, 20); !d.DueDate.Equal(want) {
		t.Fatalf("due %v, want date + 30 days = %v", d.DueDate, want)
	}
	e := d
	e.Memo = "a note"
	if d.Fingerprint() != e.Fingerprint() {
		t.Error("a memo changed the fingerprint; it is not what the bill says")
	}
	e.Amount = money.New(101, "CNY")
	if d.Fingerprint() == e.Fingerprint() {
		t.Error("another amount kept the fingerprint")
	}
}

func TestParty_Validate(t *testing.T) {
	good := arap.Party{Kind: arap.Supplier, Code: "SUP-1", Name: "茶园", Currency: "CNY", TermsDays: 30}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []arap.Party{
		{Kind: "vendor", Code: "A", Name: "n", Currency: "CNY"},
		{Kind: arap.Customer, Code: "a b", Name: "n", Currency: "CNY"},
		{Kind: arap.Customer, Code: "A", Name: "", Currency: "CNY"},
		{Kind: arap.Customer, Code: "A", Name: "n", Currency: "XX"},
		{Kind: arap.Customer, Code: "A", Name: "n", Currency: "CNY", TermsDays: 366},
	} {
		if err := bad.Validate(); !fault.Is(err, fault.Invalid) {
			t.Errorf("%+v passed: %v", bad, err)
		}
	}
}
