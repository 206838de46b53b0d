package arap

import (
	"fmt"
	"sort"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

// The accounts a revaluation adjusts, one per control account kind, in
// the entity's currency (docs/adr/0051): the foreign balances themselves
// stay untouched in their own currency.
const (
	ReceivableRevaluation = "1122.91"
	PayableRevaluation    = "2202.91"
	CashRevaluation       = "1002.91"
)

// Exposure is one open foreign-currency balance at a period's end, debit
// positive (a payable is negative), with the entity-currency value it was
// booked at: the amount at the rate of its transaction date.
type Exposure struct {
	Adjusts string // the revaluation account it moves
	Ref     string
	Open    money.Amount // foreign
	Booked  money.Amount // entity currency
}

// Converter converts an amount into the entity's currency at a day's rate.
type Converter func(a money.Amount, day time.Time) (money.Amount, error)

// RevaluationLine is the revaluation of one account's exposures in one
// foreign currency.
type RevaluationLine struct {
	Adjusts    string
	Currency   money.Currency
	Open       int64 // foreign minor units, debit positive
	Booked     int64 // entity minor units
	Remeasured int64 // entity minor units at the period-end rate
	Difference int64 // Remeasured − Booked: a debit to Adjusts
}

// Revalue remeasures each exposure at the end day's rate, item by item
// (each rounded once), and totals the differences per account and
// currency.
func Revalue(exps []Exposure, end time.Time, conv Converter) ([]RevaluationLine, error) {
	type key struct {
		acc string
		cur money.Currency
	}
	lines := map[key]*RevaluationLine{}
	for _, e := range exps {
		at, err := conv(e.Open, end)
		if err != nil {
			return nil, err
		}
		k := key{e.Adjusts, e.Open.Currency()}
		l := lines[k]
		if l == nil {
			l = &RevaluationLine{Adjusts: k.acc, Currency: k.cur}
			lines[k] = l
		}
		l.Open += e.Open.Minor()
		l.Booked += e.Booked.Minor()
		l.Remeasured += at.Minor()
		l.Difference = l.Remeasured - l.Booked
	}
	out := make([]RevaluationLine, 0, len(lines))
	for _, l := range lines {
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Adjusts != out[j].Adjusts {
			return out[i].Adjusts < out[j].Adjusts
		}
		return out[i].Currency < out[j].Currency
	})
	return out, nil
}

// RevaluationPostings are the entry of the lines: each difference on its
// account, the net against the FX gain/loss account (6603; a gain is a
// credit). Nil when every difference is zero.
func RevaluationPostings(lines []RevaluationLine, base money.Currency) []ledger.Posting {
	var ps []ledger.Posting
	var net int64
	for _, l := range lines {
		if l.Difference == 0 {
			continue
		}
		net += l.Difference
		ps = append(ps, ledger.Posting{Account: l.Adjusts, Amount: money.New(l.Difference, base),
			Dims: ledger.Dims{Source: ledger.Source{Kind: ledger.SourceAdjustment, ID: "fx:" + string(l.Currency)}}})
	}
	if len(ps) == 0 {
		return nil
	}
	if net != 0 {
		ps = append(ps, ledger.Posting{Account: FXGainLoss, Amount: money.New(-net, base)})
	}
	return ps
}

// Period is a calendar month, "2026-11".
type Period struct{ Start, End time.Time } // End is the first day of the next month

// ParsePeriod reads yyyy-mm.
func ParsePeriod(s string) (Period, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Period{}, fault.Invalidf("period", "period_invalid", "period %q must be a month as yyyy-mm, e.g. 2026-11", s)
	}
	return Period{Start: t, End: t.AddDate(0, 1, 0)}, nil
}

// LastDay is the period's last day, whose rate remeasures it.
func (p Period) LastDay() time.Time { return p.End.AddDate(0, 0, -1) }

// Name is the period as yyyy-mm.
func (p Period) Name() string { return p.Start.Format("2006-01") }

// RevaluationKey is the source key of entity's revaluation of p; its
// reversal's is the same with ":reversal".
func RevaluationKey(entity int64, p Period) string {
	return fmt.Sprintf("arap:revalue:%d:%s", entity, p.Name())
}
