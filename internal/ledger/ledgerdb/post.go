package ledgerdb

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/store"
)

// Post writes reqs in one transaction. The chain head row is locked first,
// so concurrent posters (other nodes on PostgreSQL) queue behind it and the
// chain stays gapless and linear.
func (s *Store) Post(ctx context.Context, reqs []ledger.Request, now time.Time) ([]ledger.Outcome, error) {
	var outs []ledger.Outcome
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		outs, err = PostTx(ctx, tx, reqs, now)
		return err
	})
	return outs, err
}

// PostTx is Post inside the caller's transaction, for a use case that
// commits entries together with other changes (an order and its stock).
// The caller validates the requests (ledger.Request.Validate).
func PostTx(ctx context.Context, tx *store.Tx, reqs []ledger.Request, now time.Time) ([]ledger.Outcome, error) {
	b := &batch{tx: tx, now: now.UTC().Truncate(time.Microsecond)}
	outs, err := b.post(ctx, reqs)
	if err != nil {
		return nil, fmt.Errorf("ledgerdb: post %d entries: %w", len(reqs), err)
	}
	return outs, nil
}

// batch is the state of one posting transaction.
type batch struct {
	tx    *store.Tx
	now   time.Time
	heads map[int64]*head // entity → its chain head, locked
	fresh []ledger.Entry

	known    map[string]ledger.Entry // source key → entry posted before (postings not loaded) or in this batch
	earlier  map[int64]bool          // ids of known entries from earlier transactions
	accounts map[string]bool
	origs    map[int64]ledger.Entry // entries being reversed, and entries of this batch
	reversed map[int64]bool
	deltas   map[balanceKey]int64
}

type head struct {
	seq   int64
	hash  []byte
	moved bool
	// closedUntil is the end of the entity's last closed period, unix µs,
	// 0 when none is closed: read with the head under its lock, so a close
	// (which takes the same lock) cannot slip between the check and the
	// insert (docs/adr/0046-period-close.md).
	closedUntil int64
}

type balanceKey struct {
	entity            int64
	account, currency string
}

func (b *batch) post(ctx context.Context, reqs []ledger.Request) ([]ledger.Outcome, error) {
	if err := b.lockAndPrefetch(ctx, reqs); err != nil {
		return nil, err
	}
	outs := make([]ledger.Outcome, len(reqs))
	var replays []int64 // replays of entries from earlier transactions, to load in full
	for i, r := range reqs {
		outs[i] = b.add(r)
		if outs[i].Replayed && b.earlier[outs[i].Entry.ID] {
			replays = append(replays, outs[i].Entry.ID)
		}
	}
	if err := b.write(ctx); err != nil {
		return nil, err
	}
	return outs, b.fillReplays(ctx, outs, replays)
}

// lockAndPrefetch locks the chain heads (lockHeads) and reads what the
// requests refer to (prefetch). When no request reverses an entry, the
// locks and the reads go in one round trip where the engine pipelines
// (store.Batch); the server still runs them in order, the reads after the
// locks. An entity without a head yet (its first entry) takes the long way.
func (b *batch) lockAndPrefetch(ctx context.Context, reqs []ledger.Request) error {
	entities := b.entities(reqs)
	p := b.plan(reqs)
	if len(p.reversed) > 0 {
		if err := b.lockHeads(ctx, entities); err != nil {
			return err
		}
		return b.prefetch(ctx, p)
	}
	bt := b.tx.Batch()
	found := map[int64]bool{}
	for _, e := range entities {
		h := b.heads[e]
		bt.Query(lockHead+b.tx.Dialect().ForUpdate(), []any{e}, func(r store.Scanner) error {
			found[e] = true
			return r.Scan(&h.seq, &h.hash, &h.closedUntil)
		})
	}
	b.queueKnown(bt, p.keys)
	b.queueAccounts(bt, p.codes)
	if err := bt.Send(ctx); err != nil {
		return fmt.Errorf("lock chain heads and look up entries and accounts: %w", err)
	}
	if len(found) == len(entities) {
		for _, h := range b.heads {
			if h.hash == nil {
				h.hash = []byte{} // the empty blob scans as nil; NOT NULL wants it empty
			}
		}
		return nil
	}
	if err := b.lockHeads(ctx, entities); err != nil {
		return err
	}
	return b.prefetch(ctx, b.plan(reqs)) // read again, now under every lock
}

const lockHead = `SELECT last_seq, last_hash, closed_until FROM ledger_chains WHERE entity_id = ?`

// entities makes a head for every entity the requests post to and returns
// them in entity order, the order they are locked in so that concurrent
// posters cannot deadlock.
func (b *batch) entities(reqs []ledger.Request) []int64 {
	b.heads = map[int64]*head{}
	var entities []int64
	for _, r := range reqs {
		if e := r.EntityOr(); b.heads[e] == nil {
			b.heads[e] = &head{}
			entities = append(entities, e)
		}
	}
	slices.Sort(entities)
	return entities
}

// lockHeads locks the chain head of every entity, in order, creating the
// head of an entity's first entry.
func (b *batch) lockHeads(ctx context.Context, entities []int64) error {
	lock := lockHead + b.tx.Dialect().ForUpdate()
	for _, e := range entities {
		h := b.heads[e]
		err := b.tx.QueryRow(ctx, lock, e).Scan(&h.seq, &h.hash, &h.closedUntil)
		if errors.Is(err, sql.ErrNoRows) {
			if err = CreateHead(ctx, b.tx, e); err == nil {
				err = b.tx.QueryRow(ctx, lock, e).Scan(&h.seq, &h.hash, &h.closedUntil)
			}
		}
		if err != nil {
			return fmt.Errorf("lock chain head of entity %d: %w", e, err)
		}
		if h.hash == nil {
			h.hash = []byte{} // the empty blob scans as nil; NOT NULL wants it empty
		}
	}
	return nil
}

// add turns one request into a new entry, a replay or a per-request error.
func (b *batch) add(r ledger.Request) ledger.Outcome {
	hash := r.ContentHash()
	if prior, ok := b.known[r.SourceKey]; ok {
		if !bytes.Equal(prior.ContentHash, hash) {
			return ledger.Outcome{Err: fault.New(fault.Conflict, "source_key_reused",
				"source key %q was already used for entry %d with different content; use a new key for a new entry", r.SourceKey, prior.ID)}
		}
		return ledger.Outcome{Entry: prior, Replayed: true}
	}
	postings, err := b.resolvePostings(r)
	if err != nil {
		return ledger.Outcome{Err: err}
	}
	h := b.heads[r.EntityOr()]
	e := ledger.Entry{
		ID: ledger.EntryID(r.EntityOr(), h.seq+1), Entity: r.EntityOr(), Seq: h.seq + 1, MapVersion: r.MapVersion,
		SourceKey: r.SourceKey, Description: r.Description,
		EffectiveAt: r.EffectiveAt.UTC().Truncate(time.Microsecond), PostedAt: b.now,
		Reverses: r.Reverses, Postings: postings, ContentHash: hash, PrevHash: h.hash,
	}
	if r.EffectiveAt.IsZero() {
		e.EffectiveAt = b.now
	}
	intoOpenPeriod(&e, h.closedUntil)
	e.Hash = e.ChainHash()
	if err := b.accumulate(e); err != nil {
		return ledger.Outcome{Err: err}
	}
	h.seq, h.hash, h.moved = e.Seq, e.Hash, true
	b.known[e.SourceKey], b.origs[e.ID] = e, e
	if e.Reverses != 0 {
		b.reversed[e.Reverses] = true
	}
	b.fresh = append(b.fresh, e)
	return ledger.Outcome{Entry: e}
}

// intoOpenPeriod moves an entry dated inside a closed period to the start
// of the first open one, keeping the date it was for: a late item is booked
// in the period still open, not refused and not slipped into closed books.
func intoOpenPeriod(e *ledger.Entry, closedUntil int64) {
	if closedUntil != 0 && store.Micros(e.EffectiveAt) < closedUntil {
		e.DatedFor, e.EffectiveAt = e.EffectiveAt, store.Time(closedUntil)
	}
}

// CreateHead adds entity's chain head, empty, unless it exists: an entity's
// first entry, or a close before any, needs a row to lock.
func CreateHead(ctx context.Context, tx *store.Tx, entity int64) error {
	_, err := tx.Exec(ctx, `INSERT INTO ledger_chains (entity_id, last_seq, last_hash) VALUES (?, 0, ?) ON CONFLICT (entity_id) DO NOTHING`, entity, []byte{})
	return err
}

// resolvePostings checks accounts, and for a reversal derives the postings.
func (b *batch) resolvePostings(r ledger.Request) ([]ledger.Posting, error) {
	postings := r.Postings
	if r.Reverses != 0 {
		orig, ok := b.origs[r.Reverses]
		if !ok {
			return nil, fault.New(fault.NotFound, "entry_not_found", "entry %d, to be reversed, does not exist", r.Reverses)
		}
		if orig.Entity != r.EntityOr() {
			e := fault.New(fault.Invalid, "reversal_entity_mismatch",
				"entry %d belongs to entity %d; post its reversal in that entity", r.Reverses, orig.Entity)
			e.Field = "entity"
			return nil, e
		}
		if b.reversed[r.Reverses] {
			return nil, fault.New(fault.Conflict, "entry_already_reversed", "entry %d has already been reversed", r.Reverses)
		}
		var err error
		if postings, err = ledger.Negate(orig.Postings); err != nil {
			return nil, err
		}
	}
	for i, p := range postings {
		if !b.accounts[p.Account] {
			e := fault.New(fault.NotFound, "account_not_found", "account %s does not exist; create it first (POST /api/v1/ledger/accounts)", p.Account)
			e.Field = fmt.Sprintf("postings[%d].account", i)
			return nil, e
		}
	}
	return postings, nil
}

// accumulate adds e's postings to the batch's balance deltas, refusing
// (without side effects) an entry that would overflow them.
func (b *batch) accumulate(e ledger.Entry) error {
	next := make(map[balanceKey]int64, len(e.Postings))
	for _, p := range e.Postings {
		k := balanceKey{e.Entity, p.Account, string(p.Amount.Currency())}
		base, ok := next[k]
		if !ok {
			base = b.deltas[k]
		}
		sum, err := money.New(base, p.Amount.Currency()).Add(p.Amount)
		if err != nil {
			return fault.New(fault.Invalid, "balance_overflow", "entry would overflow the balance of account %s", p.Account)
		}
		next[k] = sum.Minor()
	}
	for k, v := range next {
		b.deltas[k] = v
	}
	return nil
}
