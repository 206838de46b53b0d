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
			v.fail(r.ID, RuleReversal, "reverses entry %d, which is not an earlier entry", r.Reverses)
			continue
		}
		orig, err := s.Entry(ctx, r.Reverses)
		if fault.Is(err, fault.NotFound) {
			v.fail(r.ID, RuleReversal, "reverses entry %d, which does not exist", r.Reverses)
			continue
		}
		if err != nil {
			return fmt.Errorf("ledger: check: %w", err)
		}
		want, err := Negate(orig.Postings)
		if err != nil || !slices.Equal(want, r.Postings) {
			v.fail(r.ID, RuleReversal, "postings are not the negation of entry %d's", r.Reverses)
		}
	}
	return nil
}

// balances compares stored balances with the sums of the postings walked,
// and checks that each currency nets to zero across all accounts.
func (v *verifier) balances(ctx context.Context, s Store) error {
	stored, err := s.Balances(ctx)
	if err != nil {
		return fmt.Errorf("ledger: check: %w", err)
	}
	net := map[money.Currency]int64{}
	seen := map[balanceKey]bool{}
	for _, b := range stored {
		k := balanceKey{b.Account, b.Amount.Currency()}
		seen[k] = true
		net[k.currency] += b.Amount.Minor()
		if want := v.sums[k]; want != b.Amount.Minor() {
			v.fail(0, RuleBalances, "account %s %s: stored balance %s, postings sum to %s",
				k.account, k.currency, b.Amount, money.New(want, k.currency))
		}
	}
	for k, want := range v.sums {
		if !seen[k] && want != 0 {
			v.fail(0, RuleBalances, "account %s %s: no stored balance, postings sum to %s", k.account, k.currency, money.New(want, k.currency))
		}
	}
	for cur, n := range net {
		if n != 0 {
			v.fail(0, RuleBooksBalanced, "stored balances in %s net to %s, not zero", cur, money.New(n, cur))
		}
	}
	return nil
}
