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
	Entity int64
	Entry  int64
	Rule   string
	Detail string
}

func (p Problem) String() string {
	where := ""
	if p.Entity != 0 {
		where = fmt.Sprintf("entity %d: ", p.Entity)
	}
	if p.Entry == 0 {
		return fmt.Sprintf("%s%s: %s", where, p.Rule, p.Detail)
	}
	return fmt.Sprintf("%sentry %d: %s: %s", where, p.Entry, p.Rule, p.Detail)
}

// Report is the result of Check.
type Report struct {
	Entities int
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
	RuleReceivables   = "I7 open receivables per order equal the receivable accounts"
	RuleClosedPeriods = "I2 no entry dated in a period closed before it was posted"
)

// CheckOptions extend Check.
type CheckOptions struct {
	// ReceivableAccounts are the accounts the receivable role maps to in any
	// entity's account map (internal/finance); when set, Check verifies the
	// receivable half of invariant 7 on them.
	ReceivableAccounts []string
}

// Check verifies invariants 1 and 2 over the whole ledger, entity by
// entity: every entry balances, each entity's hash chain is intact from its
// first entry to its head, reversals undo their originals, and stored
// balances equal the sums of the postings and net to zero per entity and
// currency.
func (l *Ledger) Check(ctx context.Context) (Report, error) { return l.CheckWith(ctx, CheckOptions{}) }

// CheckWith is Check with the receivable half of invariant 7 when opt names
// the receivable accounts.
func (l *Ledger) CheckWith(ctx context.Context, opt CheckOptions) (Report, error) {
	accounts, err := l.store.Accounts(ctx)
	if err != nil {
		return Report{}, err
	}
	v := newVerifier(accounts)
	if err := v.loadPeriods(ctx, l.store); err != nil {
		return Report{}, err
	}
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
	if len(opt.ReceivableAccounts) > 0 {
		if err := v.receivables(ctx, l.store, opt.ReceivableAccounts); err != nil {
			return Report{}, err
		}
	}
	return Report{Entities: len(v.last), Entries: v.count, Accounts: len(accounts), Problems: v.problems}, nil
}

type balanceKey struct {
	entity   int64
	account  string
	currency money.Currency
}

// link is the last entry seen of one entity's chain.
type link struct {
	seq  int64
	hash []byte
}

type verifier struct {
	accounts  map[string]bool
	count     int64
	entity    int64 // the entity being walked
	prevSeq   int64
	prevHash  []byte
	last      map[int64]link // entity → its last entry
	sums      map[balanceKey]int64
	reversers []Entry
	periods   map[int64][]PeriodRecord // entity → its closed (or reopened) months
	problems  []Problem
}

func newVerifier(accounts []Account) *verifier {
	v := &verifier{accounts: map[string]bool{}, prevHash: []byte{}, last: map[int64]link{}, sums: map[balanceKey]int64{}}
	for _, a := range accounts {
		v.accounts[a.Code] = true
	}
	return v
}

func (v *verifier) fail(entity, entry int64, rule, format string, args ...any) {
	v.problems = append(v.problems, Problem{Entity: entity, Entry: entry, Rule: rule, Detail: fmt.Sprintf(format, args...)})
}

func (v *verifier) entry(e Entry) error {
	v.count++
	if e.Entity != v.entity || v.count == 1 {
		v.entity, v.prevSeq, v.prevHash = e.Entity, 0, []byte{}
	}
	if e.Seq != v.prevSeq+1 {
		v.fail(e.Entity, e.ID, RuleChain, "entry is number %d of the chain but follows number %d: the chain has a gap or was reordered", e.Seq, v.prevSeq)
	}
	if !bytes.Equal(e.PrevHash, v.prevHash) {
		v.fail(e.Entity, e.ID, RuleChain, "prev_hash does not match the hash of the chain's entry number %d", v.prevSeq)
	}
	if !bytes.Equal(e.ChainHash(), e.Hash) {
		v.fail(e.Entity, e.ID, RuleChain, "stored hash does not match its content: the entry or its postings were changed after posting")
	}
	if err := validatePostings(e.Postings); err != nil {
		v.fail(e.Entity, e.ID, RuleEntryBalanced, "%v", err)
	}
	for _, p := range e.Postings {
		if !v.accounts[p.Account] {
			v.fail(e.Entity, e.ID, RuleAccounts, "posting to account %s, which is not in the chart", p.Account)
		}
		k := balanceKey{e.Entity, p.Account, p.Amount.Currency()}
		v.sums[k] += p.Amount.Minor()
	}
	if e.Reverses != 0 {
		v.reversers = append(v.reversers, e)
	}
	v.closedPeriods(e)
	v.prevSeq, v.prevHash = e.Seq, e.Hash
	v.last[e.Entity] = link{e.Seq, e.Hash}
	return nil
}

// head compares each entity's chain head with the last entry walked.
func (v *verifier) head(ctx context.Context, s Store) error {
	heads, err := s.Heads(ctx)
	if err != nil {
		return fmt.Errorf("ledger: check: %w", err)
	}
	seen := map[int64]bool{}
	for _, h := range heads {
		seen[h.Entity] = true
		last := v.last[h.Entity]
		if last.hash == nil {
			last.hash = []byte{}
		}
		if h.Seq != last.seq || !bytes.Equal(h.Hash, last.hash) {
			v.fail(h.Entity, 0, RuleChain, "chain head names entry number %d but the last entry is number %d (entries were deleted or the head was changed)", h.Seq, last.seq)
		}
	}
	for entity, last := range v.last {
		if !seen[entity] {
			v.fail(entity, 0, RuleChain, "entity has entries up to number %d but no chain head", last.seq)
		}
	}
	return nil
}
