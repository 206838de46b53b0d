package ledger

import (
	"errors"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

// Limits on one entry, so a single request cannot exhaust a transaction.
const (
	MaxPostings       = 500
	maxSourceKeyLen   = 200
	maxDescriptionLen = 1000
)

// Posting moves an amount on one account: positive is a debit, negative a
// credit. A balanced entry's postings sum to zero in every currency.
type Posting struct {
	Account string
	Amount  money.Amount
}

// Side reports whether p is a debit or a credit.
func (p Posting) Side() Side {
	if p.Amount.Sign() < 0 {
		return Credit
	}
	return Debit
}

// Request asks for one entry. SourceKey is the idempotency key of the business
// event behind it: posting the same key again with the same content returns
// the original entry; with different content it is a Conflict.
//
// A reversal sets Reverses to the entry it undoes and leaves Postings empty;
// the ledger posts the original's postings negated.
type Request struct {
	SourceKey   string
	Description string
	EffectiveAt time.Time // the accounting time; zero means when it is posted
	Postings    []Posting
	Reverses    int64
}

// Entry is a posted journal entry. ID is its gapless position in the hash
// chain; Hash covers PrevHash and every field, so changing any stored entry
// breaks the chain from that entry on.
type Entry struct {
	ID          int64
	SourceKey   string
	Description string
	EffectiveAt time.Time
	PostedAt    time.Time
	Reverses    int64
	Postings    []Posting
	ContentHash []byte
	PrevHash    []byte
	Hash        []byte
}

// Validate checks the request on its own: keys, sizes, and that it balances
// in each currency. Whether accounts and reversed entries exist is checked
// when it is posted.
func (r Request) Validate() error {
	switch {
	case r.SourceKey == "":
		return fault.Invalidf("source_key", "source_key_missing", "every entry needs a source key (the Idempotency-Key header on the API)")
	case len(r.SourceKey) > maxSourceKeyLen:
		return fault.Invalidf("source_key", "source_key_too_long", "source key is %d bytes; the limit is %d", len(r.SourceKey), maxSourceKeyLen)
	case len(r.Description) > maxDescriptionLen:
		return fault.Invalidf("description", "description_too_long", "description is %d bytes; the limit is %d", len(r.Description), maxDescriptionLen)
	case r.Reverses < 0:
		return fault.Invalidf("reverses", "reverses_invalid", "reverses must be a positive entry id")
	case r.Reverses > 0 && len(r.Postings) > 0:
		return fault.Invalidf("postings", "reversal_with_postings", "a reversal takes its postings from the entry it reverses; send none")
	case r.Reverses > 0:
		return nil
	}
	return validatePostings(r.Postings)
}

func validatePostings(ps []Posting) error {
	if len(ps) < 2 {
		return fault.Invalidf("postings", "entry_too_few_postings", "an entry needs at least two postings, one debit and one credit")
	}
	if len(ps) > MaxPostings {
		return fault.Invalidf("postings", "entry_too_many_postings", "an entry may have at most %d postings; it has %d", MaxPostings, len(ps))
	}
	sums := make(map[money.Currency]money.Amount, 1)
	for i, p := range ps {
		if err := validatePosting(i, p); err != nil {
			return err
		}
		cur := p.Amount.Currency()
		s, ok := sums[cur]
		if !ok {
			s = money.Zero(cur)
		}
		s, err := s.Add(p.Amount)
		if err != nil {
			return fault.Invalidf("postings", "entry_overflow", "postings in %s add up beyond the representable range", cur)
		}
		sums[cur] = s
	}
	for cur, s := range sums {
		if !s.IsZero() {
			return fault.Invalidf("postings", "entry_unbalanced",
				"entry does not balance in %s: debits exceed credits by %s; make debits equal credits in each currency", cur, s.Format())
		}
	}
	return nil
}

func validatePosting(i int, p Posting) error {
	field := "postings[" + itoa(i) + "]"
	switch {
	case p.Account == "":
		return fault.Invalidf(field+".account", "posting_account_missing", "posting %d names no account", i)
	case !p.Amount.Currency().Valid():
		return fault.Invalidf(field+".amount", "posting_currency_invalid", "posting %d has unknown currency %q", i, p.Amount.Currency())
	case p.Amount.IsZero():
		return fault.Invalidf(field+".amount", "posting_amount_zero", "posting %d is zero; leave it out", i)
	}
	return nil
}

// Negate returns postings that undo ps.
func Negate(ps []Posting) ([]Posting, error) {
	out := make([]Posting, len(ps))
	for i, p := range ps {
		n, err := p.Amount.Neg()
		if err != nil {
			return nil, errors.Join(fault.New(fault.Invalid, "entry_overflow", "posting %d cannot be negated", i), err)
		}
		out[i] = Posting{Account: p.Account, Amount: n}
	}
	return out, nil
}
