package ledgerdb

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/store"
)

// lookups is what a batch's requests refer to: their source keys, the
// accounts they name and the entries they reverse.
type lookups struct {
	keys     []any
	codes    []string
	reversed []any
}

// plan gathers the batch's lookups and empties what they fill.
func (b *batch) plan(reqs []ledger.Request) lookups {
	b.known = make(map[string]ledger.Entry, len(reqs))
	b.earlier = map[int64]bool{}
	b.accounts = map[string]bool{}
	b.origs = map[int64]ledger.Entry{}
	b.reversed = map[int64]bool{}
	b.deltas = map[balanceKey]int64{}
	p := lookups{keys: make([]any, 0, len(reqs))}
	codes := map[string]bool{}
	for _, r := range reqs {
		p.keys = append(p.keys, r.SourceKey)
		for _, ps := range r.Postings {
			codes[ps.Account] = true
		}
		if r.Reverses != 0 {
			p.reversed = append(p.reversed, r.Reverses)
		}
	}
	p.codes = slices.Sorted(maps.Keys(codes))
	return p
}

// prefetch loads, with a few set queries, what the batch's requests refer
// to: entries already under their source keys, the accounts they name, and
// the entries they reverse with whether those are reversed already.
func (b *batch) prefetch(ctx context.Context, p lookups) error {
	bt := b.tx.Batch()
	b.queueKnown(bt, p.keys)
	if err := bt.Send(ctx); err != nil {
		return fmt.Errorf("look up source keys: %w", err)
	}
	if err := b.loadOriginals(ctx, p.reversed); err != nil {
		return err
	}
	codes := map[string]bool{}
	for _, c := range p.codes {
		codes[c] = true
	}
	for _, e := range b.origs {
		for _, p := range e.Postings {
			codes[p.Account] = true
		}
	}
	b.queueAccounts(bt, slices.Collect(maps.Keys(codes)))
	if err := bt.Send(ctx); err != nil {
		return fmt.Errorf("look up accounts: %w", err)
	}
	return nil
}

// queueKnown queues the look-up of entries already under keys.
func (b *batch) queueKnown(bt *store.Batch, keys []any) {
	_ = eachChunk(b.tx, keys, func(chunk []any) error {
		in, args := store.InList(chunk)
		bt.Query(`SELECT id, source_key, content_hash FROM ledger_entries WHERE source_key IN (`+in+`)`, args, func(r store.Scanner) error {
			var e ledger.Entry
			if err := r.Scan(&e.ID, &e.SourceKey, &e.ContentHash); err != nil {
				return err
			}
			b.known[e.SourceKey] = e
			b.earlier[e.ID] = true
			return nil
		})
		return nil
	})
}

// queueAccounts queues the look-up of which of codes are accounts.
func (b *batch) queueAccounts(bt *store.Batch, codes []string) {
	args := make([]any, len(codes))
	for i, c := range codes {
		args[i] = c
	}
	_ = eachChunk(b.tx, args, func(chunk []any) error {
		in, args := store.InList(chunk)
		bt.Query(`SELECT code FROM ledger_accounts WHERE code IN (`+in+`)`, args, func(r store.Scanner) error {
			var code string
			if err := r.Scan(&code); err != nil {
				return err
			}
			b.accounts[code] = true
			return nil
		})
		return nil
	})
}

func (b *batch) loadOriginals(ctx context.Context, ids []any) error {
	return eachChunk(b.tx, ids, func(chunk []any) error {
		in, args := store.InList(chunk)
		es, err := loadEntries(ctx, b.tx, `e.id IN (`+in+`)`, args...)
		if err != nil {
			return fmt.Errorf("load reversed entries: %w", err)
		}
		for _, e := range es {
			b.origs[e.ID] = e
		}
		rows, err := b.tx.Query(ctx, `SELECT reverses_id FROM ledger_entries WHERE reverses_id IN (`+in+`)`, args...)
		if err != nil {
			return fmt.Errorf("look up reversals: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			b.reversed[id] = true
		}
		return rows.Err()
	})
}

// eachChunk calls fn on slices of args small enough for one statement.
func eachChunk(tx *store.Tx, args []any, fn func([]any) error) error {
	size := min(tx.Dialect().MaxParams(), 1000)
	for len(args) > 0 {
		n := min(len(args), size)
		if err := fn(args[:n]); err != nil {
			return err
		}
		args = args[n:]
	}
	return nil
}
