package ledgerdb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/store"
)

const entryColumns = `e.id, e.entity_id, e.seq, e.map_version, e.source_key, e.content_hash, e.description, e.effective_at, e.posted_at, e.reverses_id, e.prev_hash, e.hash`

const postingColumns = `p.line, p.account_code, p.currency, p.amount_minor, p.shop, p.channel, p.sku, p.source_kind, p.source_id`

// Entry returns one entry. Errors: NotFound.
func (s *Store) Entry(ctx context.Context, id int64) (ledger.Entry, error) {
	var es []ledger.Entry
	err := s.db.Read(ctx, func(tx *store.Tx) (err error) {
		es, err = loadEntries(ctx, tx, `e.id = ?`, id)
		return err
	})
	if err != nil {
		return ledger.Entry{}, fmt.Errorf("ledgerdb: entry %d: %w", id, err)
	}
	if len(es) == 0 {
		return ledger.Entry{}, fault.New(fault.NotFound, "entry_not_found", "journal entry %d does not exist", id)
	}
	return es[0], nil
}

// Entries returns up to limit entries of entity with ids above after, in
// chain order (ids rise with Seq within an entity).
func (s *Store) Entries(ctx context.Context, entity, after int64, limit int) ([]ledger.Entry, error) {
	var es []ledger.Entry
	err := s.db.Read(ctx, func(tx *store.Tx) (err error) {
		es, err = loadEntries(ctx, tx, `e.id IN (SELECT id FROM ledger_entries WHERE entity_id = ? AND id > ? ORDER BY id LIMIT ?)`, entity, after, limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("ledgerdb: entries: %w", err)
	}
	return es, nil
}

// loadEntries loads the entries matching where (over alias e), with postings.
func loadEntries(ctx context.Context, tx *store.Tx, where string, args ...any) ([]ledger.Entry, error) {
	rows, err := tx.Query(ctx, `SELECT `+entryColumns+`, `+postingColumns+`
		FROM ledger_entries e LEFT JOIN ledger_postings p ON p.entry_id = e.id
		WHERE `+where+` ORDER BY e.entity_id, e.id, p.line`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ledger.Entry
	err = scanEntries(rows, func(e ledger.Entry) error {
		out = append(out, e)
		return nil
	})
	return out, err
}

// scanEntries folds joined entry/posting rows into entries, calling fn once
// per entry in order.
func scanEntries(rows *sql.Rows, fn func(ledger.Entry) error) error {
	var cur ledger.Entry
	for rows.Next() {
		var e ledger.Entry
		var eff, posted int64
		var reverses, line, minor sql.NullInt64
		var account, currency, shop, channel, sku, kind, source sql.NullString
		if err := rows.Scan(&e.ID, &e.Entity, &e.Seq, &e.MapVersion, &e.SourceKey, &e.ContentHash, &e.Description, &eff, &posted, &reverses,
			&e.PrevHash, &e.Hash, &line, &account, &currency, &minor, &shop, &channel, &sku, &kind, &source); err != nil {
			return err
		}
		if e.ID != cur.ID {
			if cur.ID != 0 {
				if err := fn(cur); err != nil {
					return err
				}
			}
			e.EffectiveAt, e.PostedAt, e.Reverses = store.Time(eff), store.Time(posted), reverses.Int64
			cur = e
		}
		if line.Valid {
			cur.Postings = append(cur.Postings, ledger.Posting{Account: account.String,
				Amount: money.New(minor.Int64, money.Currency(currency.String)),
				Dims: ledger.Dims{Shop: shop.String, Channel: channel.String, SKU: sku.String,
					Source: ledger.Source{Kind: ledger.SourceKind(kind.String), ID: source.String}}})
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if cur.ID != 0 {
		return fn(cur)
	}
	return nil
}

// Walk streams every entry in (entity, id) order — each entity's chain in
// order, as ids rise with Seq — inside one read snapshot.
func (s *Store) Walk(ctx context.Context, fn func(ledger.Entry) error) error {
	return s.db.Read(ctx, func(tx *store.Tx) error {
		// Entity by entity, each along the primary key: no sort of the whole
		// ledger. Entries of an entity without a chain head come last.
		entities, err := store.CollectTx(ctx, tx, func(row store.Scanner) (e int64, err error) { return e, row.Scan(&e) },
			`SELECT DISTINCT entity_id FROM ledger_entries ORDER BY entity_id`)
		if err != nil {
			return err
		}
		for _, entity := range entities {
			if err := walkEntity(ctx, tx, entity, fn); err != nil {
				return err
			}
		}
		return nil
	})
}

func walkEntity(ctx context.Context, tx *store.Tx, entity int64, fn func(ledger.Entry) error) error {
	rows, err := tx.Query(ctx, `SELECT `+entryColumns+`, `+postingColumns+`
		FROM ledger_entries e LEFT JOIN ledger_postings p ON p.entry_id = e.id WHERE e.entity_id = ? ORDER BY e.id, p.line`, entity)
	if err != nil {
		return err
	}
	defer rows.Close()
	return scanEntries(rows, fn)
}

// Heads returns every entity's chain head.
func (s *Store) Heads(ctx context.Context) ([]ledger.Head, error) {
	out, err := store.Collect(ctx, s.db, func(row store.Scanner) (ledger.Head, error) {
		var h ledger.Head
		err := row.Scan(&h.Entity, &h.Seq, &h.Hash)
		if h.Hash == nil {
			h.Hash = []byte{}
		}
		return h, err
	}, `SELECT entity_id, last_seq, last_hash FROM ledger_chains ORDER BY entity_id`)
	if err != nil {
		return nil, fmt.Errorf("ledgerdb: chain heads: %w", err)
	}
	return out, nil
}

// Balances returns every stored balance.
func (s *Store) Balances(ctx context.Context) ([]ledger.Balance, error) {
	return s.balances(ctx, balancesQuery)
}

const balancesQuery = `SELECT entity_id, account_code, currency, balance_minor FROM ledger_balances ORDER BY entity_id, account_code, currency`

// BalancesAt sums entity's postings effective at or before at.
func (s *Store) BalancesAt(ctx context.Context, entity int64, at time.Time) ([]ledger.Balance, error) {
	return s.balances(ctx, `SELECT entity_id, account_code, currency, SUM(amount_minor) FROM ledger_postings
		WHERE entity_id = ? AND effective_at <= ? GROUP BY entity_id, account_code, currency ORDER BY account_code, currency`, entity, store.Micros(at))
}

func (s *Store) balances(ctx context.Context, query string, args ...any) (out []ledger.Balance, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { out, err = balancesTx(ctx, tx, query, args...); return err })
	return out, err
}

func balancesTx(ctx context.Context, tx *store.Tx, query string, args ...any) ([]ledger.Balance, error) {
	out, err := store.CollectTx(ctx, tx, scanBalance, query, args...)
	if err != nil {
		return nil, fmt.Errorf("ledgerdb: balances: %w", err)
	}
	return out, nil
}

func scanBalance(row store.Scanner) (ledger.Balance, error) {
	var code, cur string
	var entity, minor int64
	err := row.Scan(&entity, &code, &cur, &minor)
	return ledger.Balance{Entity: entity, Account: code, Amount: money.New(minor, money.Currency(cur))}, err
}
