package ledgerdb

import (
	"context"
	"fmt"

	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/store"
)

// write inserts the batch's new entries and postings with multi-row
// statements, applies the summed balance deltas once per account and
// currency, and moves the chain head.
func (b *batch) write(ctx context.Context) error {
	if len(b.fresh) == 0 {
		return nil
	}
	// Postings without dimensions (hand entries, entries from before) leave
	// the dimension columns to their defaults: five fewer values per posting.
	withDims := false
	for _, e := range b.fresh {
		for _, p := range e.Postings {
			withDims = withDims || !p.Dims.IsZero()
		}
	}
	var entries, postings []any
	for _, e := range b.fresh {
		var reverses any
		if e.Reverses != 0 {
			reverses = e.Reverses
		}
		entries = append(entries, e.ID, e.MapVersion, e.SourceKey, e.ContentHash, e.Description,
			store.Micros(e.EffectiveAt), store.Micros(e.PostedAt), reverses, e.PrevHash, e.Hash)
		for i, p := range e.Postings {
			postings = append(postings, e.ID, i+1, p.Account, string(p.Amount.Currency()), p.Amount.Minor(), store.Micros(e.EffectiveAt))
			if withDims {
				postings = append(postings, p.Shop, p.Channel, p.SKU, string(p.Source.Kind), p.Source.ID)
			}
		}
	}
	if _, err := b.tx.InsertRows(ctx, `INSERT INTO ledger_entries (id, map_version, source_key, content_hash, description, effective_at, posted_at, reverses_id, prev_hash, hash) VALUES `, "", 10, entries); err != nil {
		return fmt.Errorf("insert entries: %w", err)
	}
	insert, cols := `INSERT INTO ledger_postings (entry_id, line, account_code, currency, amount_minor, effective_at) VALUES `, 6
	if withDims {
		insert, cols = `INSERT INTO ledger_postings (entry_id, line, account_code, currency, amount_minor, effective_at, shop, channel, sku, source_kind, source_id) VALUES `, 11
	}
	if _, err := b.tx.InsertRows(ctx, insert, "", cols, postings); err != nil {
		return fmt.Errorf("insert postings: %w", err)
	}
	if err := b.applyDeltas(ctx); err != nil {
		return fmt.Errorf("update balances: %w", err)
	}
	for entity, h := range b.heads {
		if !h.moved {
			continue
		}
		if _, err := b.tx.Exec(ctx, `UPDATE ledger_chains SET last_seq = ?, last_hash = ? WHERE entity_id = ?`, h.seq, h.hash, entity); err != nil {
			return fmt.Errorf("move chain head of entity %d: %w", entity, err)
		}
	}
	return nil
}

func (b *batch) applyDeltas(ctx context.Context) error {
	var rows []any
	for k, d := range b.deltas {
		if d != 0 {
			rows = append(rows, k.entity, k.account, k.currency, d)
		}
	}
	_, err := b.tx.InsertRows(ctx, `INSERT INTO ledger_balances (entity_id, account_code, currency, balance_minor) VALUES `,
		` ON CONFLICT (entity_id, account_code, currency) DO UPDATE SET balance_minor = ledger_balances.balance_minor + excluded.balance_minor`, 4, rows)
	return err
}

// fillReplays replaces replay outcomes of earlier entries with the entries
// in full, as callers get them back.
func (b *batch) fillReplays(ctx context.Context, outs []ledger.Outcome, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	full := map[int64]ledger.Entry{}
	err := eachChunk(b.tx, args, func(chunk []any) error {
		in, args := store.InList(chunk)
		es, err := loadEntries(ctx, b.tx, `e.id IN (`+in+`)`, args...)
		for _, e := range es {
			full[e.ID] = e
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("load replayed entries: %w", err)
	}
	for i, o := range outs {
		if o.Replayed {
			if e, ok := full[o.Entry.ID]; ok {
				outs[i].Entry = e
			}
		}
	}
	return nil
}
