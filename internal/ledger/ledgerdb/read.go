package ledgerdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/store"
)

const entryColumns = `e.id, e.map_version, e.source_key, e.content_hash, e.description, e.effective_at, e.posted_at, e.reverses_id, e.prev_hash, e.hash,
	e.shop, e.channel, e.sku, e.source_kind, e.source_id, e.dated_for`

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

// ReversedBy returns the entry that reverses id, or 0: one probe of the
// partial unique index on reverses_id.
func (s *Store) ReversedBy(ctx context.Context, id int64) (int64, error) {
	var by int64
	err := s.db.Read(ctx, func(tx *store.Tx) error {
		err := tx.QueryRow(ctx, `SELECT id FROM ledger_entries WHERE reverses_id = ?`, id).Scan(&by)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("ledgerdb: reversal of entry %d: %w", id, err)
	}
	return by, nil
}

// Entries returns up to limit entries of entity with ids above after, in
// chain order. Ids are gapless within an entity, so an id range is a page.
func (s *Store) Entries(ctx context.Context, entity, after int64, limit int) ([]ledger.Entry, error) {
	var es []ledger.Entry
	err := s.db.Read(ctx, func(tx *store.Tx) (err error) {
		first, last := ledger.EntityIDs(entity)
		from := max(after+1, first)
		es, err = loadEntries(ctx, tx, `e.id >= ? AND e.id <= ?`, from, min(from+int64(limit)-1, last))
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
		WHERE `+where+` ORDER BY e.id, p.line`, args...)
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
		var eff, posted, datedFor int64
		var reverses, line, minor sql.NullInt64
		var account, currency, shop, channel, sku, kind, source sql.NullString
		var shared ledger.Dims
		var sharedKind string
		if err := rows.Scan(&e.ID, &e.MapVersion, &e.SourceKey, &e.ContentHash, &e.Description, &eff, &posted, &reverses,
			&e.PrevHash, &e.Hash, &shared.Shop, &shared.Channel, &shared.SKU, &sharedKind, &shared.Source.ID, &datedFor,
			&line, &account, &currency, &minor, &shop, &channel, &sku, &kind, &source); err != nil {
			return err
		}
		shared.Source.Kind = ledger.SourceKind(sharedKind)
		if e.ID != cur.ID {
			if cur.ID != 0 {
				if err := fn(cur); err != nil {
					return err
				}
			}
			e.EffectiveAt, e.PostedAt, e.Reverses, e.DatedFor = store.Time(eff), store.Time(posted), reverses.Int64, store.Time(datedFor)
			e.Entity, e.Seq = ledger.SplitID(e.ID)
			cur = e
		}
		if line.Valid {
			dims := shared // the postings' shared dimensions, stored on the entry
			if dims.IsZero() {
				dims = ledger.Dims{Shop: shop.String, Channel: channel.String, SKU: sku.String,
					Source: ledger.Source{Kind: ledger.SourceKind(kind.String), ID: source.String}}
			}
			cur.Postings = append(cur.Postings, ledger.Posting{Account: account.String,
				Amount: money.New(minor.Int64, money.Currency(currency.String)), Dims: dims})
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

// Walk streams every entry in id order — entity by entity, each chain in
// order — inside one read snapshot.
func (s *Store) Walk(ctx context.Context, fn func(ledger.Entry) error) error {
	return s.db.Read(ctx, func(tx *store.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+entryColumns+`, `+postingColumns+`
			FROM ledger_entries e LEFT JOIN ledger_postings p ON p.entry_id = e.id ORDER BY e.id, p.line`)
		if err != nil {
			return err
		}
		defer rows.Close()
		return scanEntries(rows, fn)
	})
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

// BalancesAt sums entity's postings effective at or before at, of shops
// only when any are given.
func (s *Store) BalancesAt(ctx context.Context, entity int64, at time.Time, shops []string) ([]ledger.Balance, error) {
	first, last := ledger.EntityIDs(entity)
	if len(shops) > 0 {
		cond, args := shopIn(shops)
		return s.balances(ctx, `SELECT `+strconv.FormatInt(entity, 10)+`, p.account_code, p.currency, SUM(p.amount_minor)
			FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id
			WHERE p.entry_id BETWEEN ? AND ? AND p.effective_at <= ? AND `+cond+`
			GROUP BY p.account_code, p.currency ORDER BY p.account_code, p.currency`, append([]any{first, last, store.Micros(at)}, args...)...)
	}
	return s.balances(ctx, `SELECT `+strconv.FormatInt(entity, 10)+`, account_code, currency, SUM(amount_minor) FROM ledger_postings
		WHERE entry_id BETWEEN ? AND ? AND effective_at <= ? GROUP BY account_code, currency ORDER BY account_code, currency`, first, last, store.Micros(at))
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
