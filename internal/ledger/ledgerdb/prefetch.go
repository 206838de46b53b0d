package ledgerdb

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/store"
)

// prefetch loads, with a few set queries, what the batch's requests refer
// to: entries already under their source keys, the accounts they name, and
// the entries they reverse with whether those are reversed already.
func (b *batch) prefetch(ctx context.Context, reqs []ledger.Request) error {
	b.known = make(map[string]ledger.Entry, len(reqs))
	b.earlier = map[int64]bool{}
	b.accounts = map[string]bool{}
	b.origs = map[int64]ledger.Entry{}
	b.reversed = map[int64]bool{}
	b.deltas = map[balanceKey]int64{}
	keys := make([]any, 0, len(reqs))
	codes := map[string]bool{}
	var reversed []any
	for _, r := range reqs {
		keys = append(keys, r.SourceKey)
		for _, p := range r.Postings {
			codes[p.Account] = true
		}
		if r.Reverses != 0 {
			reversed = append(reversed, r.Reverses)
		}
	}
	if err := b.loadKnown(ctx, keys); err != nil {
		return err
	}
	if err := b.loadOriginals(ctx, reversed); err != nil {
		return err
	}
	for _, e := range b.origs {
		for _, p := range e.Postings {
			codes[p.Account] = true
		}
	}
	return b.loadAccounts(ctx, slices.Collect(maps.Keys(codes)))
}

func (b *batch) loadKnown(ctx context.Context, keys []any) error {
	return eachChunk(b.tx, keys, func(chunk []any) error {
		in, args := store.InList(chunk)
		rows, err := b.tx.Query(ctx, `SELECT id, source_key, content_hash FROM ledger_entries WHERE source_key IN (`+in+`)`, args...)
		if err != nil {
			return fmt.Errorf("look up source keys: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var e ledger.Entry
			if err := rows.Scan(&e.ID, &e.SourceKey, &e.ContentHash); err != nil {
				return err
			}
			b.known[e.SourceKey] = e
			b.earlier[e.ID] = true
		}
		return rows.Err()
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

func (b *batch) loadAccounts(ctx context.Context, codes []string) error {
	args := make([]any, len(codes))
	for i, c := range codes {
		args[i] = c
	}
	return eachChunk(b.tx, args, func(chunk []any) error {
		in, args := store.InList(chunk)
		rows, err := b.tx.Query(ctx, `SELECT code FROM ledger_accounts WHERE code IN (`+in+`)`, args...)
		if err != nil {
			return fmt.Errorf("look up accounts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var code string
			if err := rows.Scan(&code); err != nil {
				return err
			}
			b.accounts[code] = true
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
