package app

import (
	"context"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement/terms"
)

// Revaluation is what revaluing a period did.
type Revaluation struct {
	Period   string
	Lines    []arap.RevaluationLine
	Entry    int64 // 0 when nothing needed revaluing
	Reversal int64 // the entry that undoes it on the next period's first day
	Replayed bool  // the period was revalued before with these figures
}

// Revalue remeasures the open foreign-currency receivables, payables and
// cash at the period's last-day rate and posts the difference from their
// booked value (the rate of each one's transaction date) against 6603,
// with its reversal on the next period's first day (docs/adr/0051).
// Running it again posts nothing new. Errors: Invalid (period),
// NotFound (a rate is missing: the message names pair and day),
// Conflict (the period was revalued with other figures: the books
// changed since; the posted revaluation stands).
func (uc *ARAP) Revalue(ctx context.Context, period string) (Revaluation, error) {
	p, err := arap.ParsePeriod(period)
	if err != nil {
		return Revaluation{}, err
	}
	if !uc.Currency.Valid() {
		return Revaluation{}, fault.New(fault.Unavailable, "entity_currency_unset", "the entity's currency is not configured; a revaluation needs it")
	}
	conv := uc.converter(ctx)
	exps, err := uc.exposures(ctx, p, conv)
	if err != nil {
		return Revaluation{}, err
	}
	lines, err := arap.Revalue(exps, p.LastDay(), conv)
	if err != nil {
		return Revaluation{}, err
	}
	out := Revaluation{Period: p.Name(), Lines: lines}
	ps := arap.RevaluationPostings(lines, uc.Currency)
	if ps == nil {
		return out, nil
	}
	key := arap.RevaluationKey(uc.reads(), p)
	res, err := uc.Books.Post(ctx, ledger.Request{Entity: uc.reads(), SourceKey: key, EffectiveAt: p.End.Add(-time.Microsecond),
		Description: "FX revaluation " + p.Name(), Postings: ps})
	if err != nil {
		return Revaluation{}, err
	}
	rev, err := uc.Books.Post(ctx, ledger.Request{Entity: uc.reads(), SourceKey: key + ":reversal", EffectiveAt: p.End,
		Description: "Reversal of FX revaluation " + p.Name(), Reverses: res.Entry.ID})
	if err != nil {
		return Revaluation{}, err
	}
	out.Entry, out.Reversal, out.Replayed = res.Entry.ID, rev.Entry.ID, res.Replayed
	return out, nil
}

// converter converts at the stored daily rates (docs/adr/0049), each
// pair and day looked up once, each in a read of its own.
func (uc *ARAP) converter(ctx context.Context) arap.Converter {
	return rateConverter(ctx, readRates{uc}, uc.Currency)
}

// readRates reads rates outside a transaction, each look-up in a read.
type readRates struct{ uc *ARAP }

func (r readRates) Latest(ctx context.Context, from, to money.Currency, earliest, latest string) (rate terms.FXRate, ok bool, err error) {
	err = r.uc.Unit.Read(ctx, func(st Stores) (err error) {
		rate, ok, err = st.Terms.Latest(ctx, from, to, earliest, latest)
		return err
	})
	return rate, ok, err
}

// rateConverter converts into to at the rates rd reads (stored daily
// rates, 7-day carry, inverse allowed: terms.Find), each pair and day
// looked up once.
func rateConverter(ctx context.Context, rd terms.RateReader, to money.Currency) arap.Converter {
	type key struct {
		cur money.Currency
		day string
	}
	found := map[key]terms.Found{}
	return func(a money.Amount, day time.Time) (money.Amount, error) {
		k := key{a.Currency(), arap.Day(day).Format(arap.DateLayout)}
		f, ok := found[k]
		if !ok {
			var err error
			if f, err = terms.Find(ctx, rd, k.cur, to, k.day); err != nil {
				return money.Amount{}, err
			}
			found[k] = f
		}
		return f.Rate.Convert(a, to)
	}
}

// exposures are the foreign open items at the period's end, each booked
// at its date's rate, and the foreign cash, each posting booked at its
// own date's rate.
func (uc *ARAP) exposures(ctx context.Context, p arap.Period, conv arap.Converter) ([]arap.Exposure, error) {
	items, err := uc.OpenItems(ctx, p.LastDay())
	if err != nil {
		return nil, err
	}
	var out []arap.Exposure
	for _, it := range items {
		if it.Open.Currency() == uc.Currency {
			continue
		}
		acc, open := arap.ReceivableRevaluation, it.Open
		if it.Kind == arap.SupplierAP {
			acc, open = arap.PayableRevaluation, money.New(-it.Open.Minor(), it.Open.Currency())
		}
		booked, err := conv(open, it.Date)
		if err != nil {
			return nil, err
		}
		out = append(out, arap.Exposure{Adjusts: acc, Ref: string(it.Kind) + ":" + it.Party + ":" + it.Ref, Open: open, Booked: booked})
	}
	cash, err := uc.cashExposures(ctx, p, conv)
	return append(out, cash...), err
}

func (uc *ARAP) cashExposures(ctx context.Context, p arap.Period, conv arap.Converter) ([]arap.Exposure, error) {
	var out []arap.Exposure
	for _, acc := range CashAccounts {
		q := ledger.MovementQuery{Entity: uc.reads(), Account: acc, To: p.End, Limit: uc.pageSize()}
		for {
			ms, err := uc.Books.Movements(ctx, q)
			if err != nil {
				return nil, err
			}
			for _, m := range ms {
				if m.Amount.Currency() == uc.Currency {
					continue
				}
				booked, err := conv(m.Amount, m.EffectiveAt)
				if err != nil {
					return nil, err
				}
				out = append(out, arap.Exposure{Adjusts: arap.CashRevaluation, Ref: fmt.Sprintf("%s:%d:%d", acc, m.Entry, m.Line), Open: m.Amount, Booked: booked})
			}
			if len(ms) < q.Limit {
				break
			}
			q.After = ms[len(ms)-1].Cursor()
		}
	}
	return out, nil
}
