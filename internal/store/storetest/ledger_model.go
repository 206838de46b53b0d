package storetest

import (
	"bytes"
	"fmt"

	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

// ledgerModel is the reference the property test holds the ledger to: plain
// maps, no SQL, no hashing.
type ledgerModel struct {
	requests map[string]ledger.Request // by source key, as first posted
	ids      map[string]int64
	bySeq    []int64         // entry ids in the order posted, across entities
	entities map[int64]int64 // entry id → its entity
	seqs     map[int64]int64 // entity → its last Seq
	lastID   int64
	postings map[int64][]ledger.Posting
	reversed map[int64]bool
	balances map[balanceKey]int64
	accounts []string
	count    int64
}

type balanceKey struct {
	entity            int64
	account, currency string
}

func newLedgerModel() *ledgerModel {
	m := &ledgerModel{requests: map[string]ledger.Request{}, ids: map[string]int64{},
		entities: map[int64]int64{}, seqs: map[int64]int64{},
		postings: map[int64][]ledger.Posting{}, reversed: map[int64]bool{}, balances: map[balanceKey]int64{}}
	for _, a := range ledger.DefaultChart() {
		m.accounts = append(m.accounts, a.Code)
	}
	return m
}

// apply records a successful, non-replayed post of r as entry e, after
// checking that the ledger gave it the next Seq of its entity, the id that
// encodes both, and the postings r implies.
func (m *ledgerModel) apply(r ledger.Request, e ledger.Entry) error {
	want := r.Postings
	if r.Reverses != 0 {
		want, _ = ledger.Negate(m.postings[r.Reverses])
		m.reversed[r.Reverses] = true
	}
	m.count++
	m.seqs[r.EntityOr()]++
	if e.Entity != r.EntityOr() || e.Seq != m.seqs[e.Entity] {
		return fmt.Errorf("new entry is number %d of entity %d, want number %d of entity %d", e.Seq, e.Entity, m.seqs[r.EntityOr()], r.EntityOr())
	}
	if e.ID != ledger.EntryID(e.Entity, e.Seq) {
		return fmt.Errorf("new entry got id %d, want %d for number %d of entity %d", e.ID, ledger.EntryID(e.Entity, e.Seq), e.Seq, e.Entity)
	}
	m.lastID = max(m.lastID, e.ID)
	m.bySeq, m.entities[e.ID] = append(m.bySeq, e.ID), e.Entity
	if !equalPostings(want, e.Postings) {
		return fmt.Errorf("entry %d postings %v, want %v", e.ID, e.Postings, want)
	}
	m.requests[r.SourceKey], m.ids[r.SourceKey], m.postings[e.ID] = r, e.ID, e.Postings
	for _, p := range e.Postings {
		m.balances[balanceKey{e.Entity, p.Account, string(p.Amount.Currency())}] += p.Amount.Minor()
	}
	return nil
}

// sameContent reports whether r repeats what was first posted under its key.
func (m *ledgerModel) sameContent(r ledger.Request) bool {
	prior, ok := m.requests[r.SourceKey]
	return ok && bytes.Equal(prior.ContentHash(), r.ContentHash())
}

func (m *ledgerModel) compareBalances(stored []ledger.Balance) error {
	for _, b := range stored {
		want := m.balances[balanceKey{b.Entity, b.Account, string(b.Amount.Currency())}]
		if b.Amount.Minor() != want {
			return fmt.Errorf("entity %d: balance %s %s = %d, model says %d", b.Entity, b.Account, b.Amount.Currency(), b.Amount.Minor(), want)
		}
	}
	nonzero := 0
	for _, v := range m.balances {
		if v != 0 {
			nonzero++
		}
	}
	if stored := countNonzero(stored); stored != nonzero {
		return fmt.Errorf("%d non-zero stored balances, model has %d", stored, nonzero)
	}
	return nil
}

func countNonzero(bs []ledger.Balance) int {
	n := 0
	for _, b := range bs {
		if !b.Amount.IsZero() {
			n++
		}
	}
	return n
}

func equalPostings(a, b []ledger.Posting) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

var propertyCurrencies = []money.Currency{"CNY", "USD", "JPY", "KWD"}
