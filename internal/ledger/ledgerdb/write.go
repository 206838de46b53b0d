package ledgerdb

import (
	"context"
	"fmt"
	"slices"

	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/profit/profitdb"
	"github.com/fnshub/fnshub/internal/store"
)

// write inserts the batch's new entries and postings with multi-row
// statements, applies the summed balance deltas once per account and
// currency, and moves the chain head.
func (b *batch) write(ctx context.Context) error {
	if len(b.fresh) == 0 {
		return nil
	}
	// Dimensions all of an entry's postings share are written once, on the
	// entry; postings carry their own only when they differ. Groups with
	// no dimensions leave the columns to their defaults.
	shared := make([]ledger.Dims, len(b.fresh))
	entryDims, postingDims := false, false
	for i, e := range b.fresh {
		shared[i] = sharedDims(e.Postings)
		entryDims = entryDims || !shared[i].IsZero()
		for _, p := range e.Postings {
			postingDims = postingDims || (shared[i].IsZero() && !p.Dims.IsZero())
		}
	}
	// dated_for is written only by a batch holding a late item (period
	// close), so the common insert stays as it was.
	late := slices.ContainsFunc(b.fresh, func(e ledger.Entry) bool { return !e.DatedFor.IsZero() })
	entryCols, entryInsert := entryInsertOf(entryDims, late)
	var entries, postings []any
	for i, e := range b.fresh {
		var reverses any
		if e.Reverses != 0 {
			reverses = e.Reverses
		}
		entries = append(entries, e.ID, e.MapVersion, e.SourceKey, e.ContentHash, e.Description,
			store.Micros(e.EffectiveAt), store.Micros(e.PostedAt), reverses, e.PrevHash, e.Hash)
		if entryDims {
			d := shared[i]
			entries = append(entries, d.Shop, d.Channel, d.SKU, string(d.Source.Kind), d.Source.ID)
		}
		if late {
			entries = append(entries, store.Micros(e.DatedFor))
		}
		for line, p := range e.Postings {
			postings = append(postings, e.ID, line+1, p.Account, string(p.Amount.Currency()), p.Amount.Minor(), store.Micros(e.EffectiveAt))
			if postingDims {
				d := p.Dims
				if !shared[i].IsZero() {
					d = ledger.Dims{}
				}
				postings = append(postings, d.Shop, d.Channel, d.SKU, string(d.Source.Kind), d.Source.ID)
			}
		}
	}
	if err := b.tx.InsertRowsLater(ctx, "insert entries", entryInsert, "", entryCols, entries); err != nil {
		return err
	}
	insert, cols := `INSERT INTO ledger_postings (entry_id, line, account_code, currency, amount_minor, effective_at) VALUES `, 6
	if postingDims {
		insert, cols = `INSERT INTO ledger_postings (entry_id, line, account_code, currency, amount_minor, effective_at, shop, channel, sku, source_kind, source_id) VALUES `, 11
	}
	if err := b.tx.InsertRowsLater(ctx, "insert postings", insert, "", cols, postings); err != nil {
		return err
	}
	if err := b.applyDeltas(ctx); err != nil {
		return err
	}
	addBooks(b.tx, b.fresh)
	if err := profitdb.AddCOGS(ctx, b.tx, b.fresh); err != nil {
		return err
	}
	for entity, h := range b.heads {
		if !h.moved {
			continue
		}
		if err := b.tx.Later(ctx, fmt.Sprintf("move chain head of entity %d", entity),
			`UPDATE ledger_chains SET last_seq = ?, last_hash = ? WHERE entity_id = ?`, []any{h.seq, h.hash, entity}, nil); err != nil {
			return err
		}
	}
	return nil
}

// entryInsertOf is the entries insert with the dimension columns and the
// dated_for column when the batch needs them, and its column count.
func entryInsertOf(dims, late bool) (int, string) {
	cols, names := 10, `id, map_version, source_key, content_hash, description, effective_at, posted_at, reverses_id, prev_hash, hash`
	if dims {
		cols, names = cols+5, names+`, shop, channel, sku, source_kind, source_id`
	}
	if late {
		cols, names = cols+1, names+`, dated_for`
	}
	return cols, `INSERT INTO ledger_entries (` + names + `) VALUES `
}

func (b *batch) applyDeltas(ctx context.Context) error {
	var rows []any
	for k, d := range b.deltas {
		if d != 0 {
			rows = append(rows, k.entity, k.account, k.currency, d)
		}
	}
	return b.tx.InsertRowsLater(ctx, "update balances", `INSERT INTO ledger_balances (entity_id, account_code, currency, balance_minor) VALUES `,
		` ON CONFLICT (entity_id, account_code, currency) DO UPDATE SET balance_minor = ledger_balances.balance_minor + excluded.balance_minor`, 4, rows)
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

// sharedDims returns the dimensions every posting of ps has, when they are
// the same and set; zero otherwise.
func sharedDims(ps []ledger.Posting) ledger.Dims {
	if len(ps) == 0 {
		return ledger.Dims{}
	}
	for _, p := range ps[1:] {
		if p.Dims != ps[0].Dims {
			return ledger.Dims{}
		}
	}
	return ps[0].Dims
}
