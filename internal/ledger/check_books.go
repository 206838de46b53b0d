package ledger

import (
	"context"
	"fmt"
	"slices"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

func (v *verifier) reversals(ctx context.Context, s Store) error {
	for _, r := range v.reversers {
		if r.Reverses >= r.ID {
			v.fail(r.Entity, r.ID, RuleReversal, "reverses entry %d, which is not an earlier entry", r.Reverses)
			continue
		}
		orig, err := s.Entry(ctx, r.Reverses)
		if fault.Is(err, fault.NotFound) {
			v.fail(r.Entity, r.ID, RuleReversal, "reverses entry %d, which does not exist", r.Reverses)
			continue
		}
		if err != nil {
			return fmt.Errorf("ledger: check: %w", err)
		}
		want, err := Negate(orig.Postings)
		if err != nil || !slices.Equal(want, r.Postings) {
			v.fail(r.Entity, r.ID, RuleReversal, "postings are not the negation of entry %d's", r.Reverses)
		}
		if orig.Entity != r.Entity {
			v.fail(r.Entity, r.ID, RuleReversal, "reverses entry %d of entity %d: a reversal stays in its original's entity", r.Reverses, orig.Entity)
		}
	}
	return nil
}

// balances compares stored balances with the sums of the postings walked,
// and checks that each entity's currencies net to zero across all accounts.
func (v *verifier) balances(ctx context.Context, s Store) error {
	stored, err := s.Balances(ctx)
	if err != nil {
		return fmt.Errorf("ledger: check: %w", err)
	}
	type netKey struct {
		entity   int64
		currency money.Currency
	}
	net := map[netKey]int64{}
	seen := map[balanceKey]bool{}
	for _, b := range stored {
		k := balanceKey{b.Entity, b.Account, b.Amount.Currency()}
		seen[k] = true
		net[netKey{k.entity, k.currency}] += b.Amount.Minor()
		if want := v.sums[k]; want != b.Amount.Minor() {
			v.fail(k.entity, 0, RuleBalances, "account %s %s: stored balance %s, postings sum to %s",
				k.account, k.currency, b.Amount, money.New(want, k.currency))
		}
	}
	for k, want := range v.sums {
		if !seen[k] && want != 0 {
			v.fail(k.entity, 0, RuleBalances, "account %s %s: no stored balance, postings sum to %s", k.account, k.currency, money.New(want, k.currency))
		}
	}
	for k, n := range net {
		if n != 0 {
			v.fail(k.entity, 0, RuleBooksBalanced, "stored balances in %s net to %s, not zero", k.currency, money.New(n, k.currency))
		}
	}
	return nil
}

// receivables checks the receivable half of invariant 7: per entity and
// currency, the postings on the receivable accounts that name an order (the
// open receivables, order by order) sum to those accounts' stored balance.
// A posting there without an order source — a hand entry on 1122 — breaks it.
func (v *verifier) receivables(ctx context.Context, s Store, accounts []string) error {
	totals, err := s.ReceivableCheck(ctx, accounts)
	if err != nil {
		return fmt.Errorf("ledger: check: %w", err)
	}
	for _, t := range totals {
		if t.ByOrder != t.Stored {
			v.fail(t.Entity, 0, RuleReceivables,
				"%s: open receivables of orders sum to %s but the receivable accounts %v hold %s (%d postings there name no order; post receivables only from orders, or move the difference off those accounts)",
				t.Currency, money.New(t.ByOrder, t.Currency), accounts, money.New(t.Stored, t.Currency), t.Unsourced)
		}
	}
	return nil
}
