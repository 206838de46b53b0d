package ledger

import (
	"context"
	"sort"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

// TrialBalance lists every account's balance as of a time, in its debit or
// credit column, with totals per currency that must agree.
type TrialBalance struct {
	Entity int64
	At     time.Time
	Lines  []TrialLine
	Totals []TrialTotal
}

// TrialLine is one account's balance in one currency.
type TrialLine struct {
	Account Account
	Debit   money.Amount
	Credit  money.Amount
}

// TrialTotal sums the columns in one currency.
type TrialTotal struct {
	Currency money.Currency
	Debit    money.Amount
	Credit   money.Amount
}

// Balanced reports whether the columns agree.
func (t TrialTotal) Balanced() bool { return t.Debit.Minor() == t.Credit.Minor() }

// TrialBalance computes the trial balance of one entity's entries effective
// at or before at; entity 0 is DefaultEntity. With shops it is over the
// postings of those shops only (a scoped user's view, docs/adr/0039): such
// a balance need not balance, since an entry may post to several shops.
func (l *Ledger) TrialBalance(ctx context.Context, entity int64, at time.Time, shops ...string) (TrialBalance, error) {
	if entity == 0 {
		entity = DefaultEntity
	}
	if entity < 0 || entity > MaxEntity {
		return TrialBalance{}, fault.Invalidf("entity", "entity_invalid", "entity must be a legal entity id from 1 to %d, not %d", MaxEntity, entity)
	}
	bals, err := l.store.BalancesAt(ctx, entity, at, shops)
	if err != nil {
		return TrialBalance{}, err
	}
	accounts, err := l.store.Accounts(ctx)
	if err != nil {
		return TrialBalance{}, err
	}
	byCode := make(map[string]Account, len(accounts))
	for _, a := range accounts {
		byCode[a.Code] = a
	}
	tb := TrialBalance{Entity: entity, At: at}
	totals := map[money.Currency]*TrialTotal{}
	for _, b := range bals {
		if b.Amount.IsZero() {
			continue
		}
		cur := b.Amount.Currency()
		t := totals[cur]
		if t == nil {
			t = &TrialTotal{Currency: cur, Debit: money.Zero(cur), Credit: money.Zero(cur)}
			totals[cur] = t
		}
		line := TrialLine{Account: byCode[b.Account], Debit: money.Zero(cur), Credit: money.Zero(cur)}
		if b.Amount.Sign() > 0 {
			line.Debit = b.Amount
			t.Debit, err = t.Debit.Add(b.Amount)
		} else {
			if line.Credit, err = b.Amount.Neg(); err == nil {
				t.Credit, err = t.Credit.Add(line.Credit)
			}
		}
		if err != nil {
			return TrialBalance{}, err
		}
		tb.Lines = append(tb.Lines, line)
	}
	for _, t := range totals {
		tb.Totals = append(tb.Totals, *t)
	}
	sort.Slice(tb.Totals, func(i, j int) bool { return tb.Totals[i].Currency < tb.Totals[j].Currency })
	return tb, nil
}
