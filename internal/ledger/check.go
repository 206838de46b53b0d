package ledger

import (
	"bytes"
	"context"
	"fmt"

	"github.com/fnshub/fnshub/internal/money"
)

// Problem is one broken invariant, with the entry it was found at (0 when it
// concerns the books as a whole).
type Problem struct {
	Entry  int64
	Rule   string
	Detail string
}

func (p Problem) String() string {
	if p.Entry == 0 {
		return fmt.Sprintf("%s: %s", p.Rule, p.Detail)
	}
	return fmt.Sprintf("entry %d: %s: %s", p.Entry, p.Rule, p.Detail)
}

// Report is the result of Check.
type Report struct {
	Entries  int64
	Accounts int
	Problems []Problem
}

// OK reports whether every invariant held.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// Rules checked, named after DESIGN.md §5.
const (
	RuleEntryBalanced = "I1 entry balances per currency"
	RuleBooksBalanced = "I1 accounts sum to zero per currency"
	RuleBalances      = "I2 stored balance equals recomputation"
	RuleChain         = "I2 hash chain verifies"
	RuleReversal      = "I2 reversal negates its original"
	RuleAccounts      = "I2 postings name existing accounts"
)

// Check verifies invariants 1 and 2 over the whole ledger: every entry
// balances, the hash chain is intact from the first entry to the head,
// reversals undo their originals, and stored balances equal the sums of the
// postings and net to zero per currency.
func (l *Ledger) Check(ctx context.Context) (Report, error) {
	accounts, err := l.store.Accounts(ctx)
	if err != nil {
		return Report{}, err
	}
	v := newVerifier(accounts)
	if err := l.store.Walk(ctx, v.entry); err != nil {
		return Report{}, fmt.Errorf("ledger: check: %w", err)
	}
	if err := v.head(ctx, l.store); err != nil {
		return Report{}, err
	}
	if err := v.reversals(ctx, l.store); err != nil {
		return Report{}, err
	}
	if err := v.balances(ctx, l.store); err != nil {
		return Report{}, err
	}
	return Report{Entries: v.count, Accounts: len(accounts), Problems: v.problems}, nil
}

type balanceKey struct {
	account  string
	currency money.Currency
}

type verifier struct {
	accounts  map[string]bool
	count     int64
	prevID    int64
	prevHash  []byte
	sums      map[balanceKey]int64
	reversers []Entry
	problems  []Problem
}

func newVerifier(accounts []Account) *verifier {
	v := &verifier{accounts: map[string]bool{}, prevHash: []byte{}, sums: map[balanceKey]int64{}}
	for _, a := range accounts {
		v.accounts[a.Code] = true
	}
	return v
}

func (v *verifier) fail(entry int64, rule, format string, args ...any) {
	v.problems = append(v.problems, Problem{Entry: entry, Rule: rule, Detail: fmt.Sprintf(format, args...)})
}

func (v *verifier) entry(e Entry) error {
	v.count++
	if e.ID != v.prevID+1 {
		v.fail(e.ID, RuleChain, "entry follows %d: the chain has a gap or was reordered", v.prevID)
	}
	if !bytes.Equal(e.PrevHash, v.prevHash) {
		v.fail(e.ID, RuleChain, "prev_hash does not match entry %d's hash", v.prevID)
	}
	if !bytes.Equal(e.ChainHash(), e.Hash) {
		v.fail(e.ID, RuleChain, "stored hash does not match its content: the entry or its postings were changed after posting")
	}
	if err := validatePostings(e.Postings); err != nil {
		v.fail(e.ID, RuleEntryBalanced, "%v", err)
	}
	for _, p := range e.Postings {
		if !v.accounts[p.Account] {
			v.fail(e.ID, RuleAccounts, "posting to account %s, which is not in the chart", p.Account)
		}
		k := balanceKey{p.Account, p.Amount.Currency()}
		v.sums[k] += p.Amount.Minor()
	}
	if e.Reverses != 0 {
		v.reversers = append(v.reversers, e)
	}
	v.prevID, v.prevHash = e.ID, e.Hash
	return nil
}

func (v *verifier) head(ctx context.Context, s Store) error {
	id, hash, err := s.Head(ctx)
	if err != nil {
		return fmt.Errorf("ledger: check: %w", err)
	}
	if id != v.prevID || !bytes.Equal(hash, v.prevHash) {
		v.fail(0, RuleChain, "chain head names entry %d but the last entry is %d (entries were deleted or the head was changed)", id, v.prevID)
	}
	return nil
}
