package arap_test

import (
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/money"
)

// FuzzParsePeriod: any text either fails as Invalid or is a month whose
// name reads back the same.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026-11", "2026-13", "26-11", "", "2026-1", "2026-11-01", "９９９９-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := arap.ParsePeriod(s)
		if err != nil {
			return
		}
		if p.Name() != s || !p.End.After(p.Start) || p.LastDay().Month() != p.Start.Month() {
			t.Fatalf("%q → %+v", s, p)
		}
	})
}

// FuzzDocument_Validate: a document from any number, account and amount
// is refused or valid, and a valid one has a due date on or after its date
// once given terms.
func FuzzDocument_Validate(f *testing.F) {
	f.Add("B-1", "6602", "", int64(100), 30)
	f.Add("", "", "X", int64(-1), -1)
	f.Add(strings.Repeat("n", 65), "1002", "B-1", int64(1), 400)
	f.Fuzz(func(t *testing.T, number, account, applies string, minor int64, terms int) {
		for _, kind := range []arap.DocKind{arap.Bill, arap.Payment, arap.Invoice, arap.Receipt} {
			d := arap.Document{Kind: kind, Party: "P1", Number: number, Date: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
				Amount: money.New(minor, "CNY"), Account: account, AppliesTo: applies}
			if d.Validate() != nil {
				continue
			}
			if minor <= 0 || number == "" || account == "" {
				t.Fatalf("%+v passed", d)
			}
			if terms >= 0 && terms <= arap.MaxTermsDays {
				w := d.WithTerms(arap.Party{TermsDays: terms})
				if kind.Opens() && w.DueDate.Before(w.Date) {
					t.Fatalf("due %v before %v", w.DueDate, w.Date)
				}
			}
		}
	})
}
