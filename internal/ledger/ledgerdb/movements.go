package ledgerdb

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/store"
)

// dim is a posting's dimension col: the entry's when it holds the
// dimensions its postings share, else the posting's own.
func dim(col string) string {
	return `(CASE WHEN e.source_kind || e.shop || e.channel || e.sku = '' THEN p.` + col + ` ELSE e.` + col + ` END)`
}

// movementWhere is the condition of q over postings p of entries e.
func movementWhere(q ledger.MovementQuery) (string, []any) {
	first, last := ledger.EntityIDs(q.Entity)
	conds := []string{`p.entry_id BETWEEN ? AND ?`, `p.account_code = ?`}
	args := []any{first, last, q.Account}
	for _, d := range []struct{ col, v string }{{"shop", q.Shop}, {"channel", q.Channel}, {"sku", q.SKU}} {
		if d.v != "" {
			conds, args = append(conds, dim(d.col)+` = ?`), append(args, d.v)
		}
	}
	if len(q.Shops) > 0 {
		cond, shopArgs := shopIn(q.Shops)
		conds, args = append(conds, cond), append(args, shopArgs...)
	}
	if !q.From.IsZero() {
		conds, args = append(conds, `p.effective_at >= ?`), append(args, store.Micros(q.From))
	}
	if !q.To.IsZero() {
		conds, args = append(conds, `p.effective_at < ?`), append(args, store.Micros(q.To))
	}
	return strings.Join(conds, ` AND `), args
}

// shopIn is the condition that a posting p of entry e is of one of shops.
func shopIn(shops []string) (string, []any) {
	args := make([]any, len(shops))
	for i, id := range shops {
		args[i] = id
	}
	return dim("shop") + ` IN (?` + strings.Repeat(`, ?`, len(shops)-1) + `)`, args
}

// Movements returns a page of the postings matching q. It scans postings by
// entity and account without an index by account (docs/adr/0005-ledger.md).
func (s *Store) Movements(ctx context.Context, q ledger.MovementQuery) ([]ledger.Movement, error) {
	where, args := movementWhere(q)
	if c := q.After; c != (ledger.MovementCursor{}) {
		where += ` AND (p.effective_at > ? OR (p.effective_at = ? AND (p.entry_id > ? OR (p.entry_id = ? AND p.line > ?))))`
		args = append(args, c.EffectiveAt, c.EffectiveAt, c.Entry, c.Entry, c.Line)
	}
	args = append(args, q.Limit)
	out, err := store.Collect(ctx, s.db, func(row store.Scanner) (ledger.Movement, error) {
		var m ledger.Movement
		var eff, minor int64
		var cur, kind string
		err := row.Scan(&m.Entry, &m.Line, &eff, &m.Description, &cur, &minor, &m.Shop, &m.Channel, &m.SKU, &kind, &m.Source.ID)
		m.EffectiveAt, m.Amount, m.Source.Kind = store.Time(eff), money.New(minor, money.Currency(cur)), ledger.SourceKind(kind)
		_, m.Seq = ledger.SplitID(m.Entry)
		return m, err
	}, `SELECT p.entry_id, p.line, p.effective_at, e.description, p.currency, p.amount_minor,
			`+dim("shop")+`, `+dim("channel")+`, `+dim("sku")+`, `+dim("source_kind")+`, `+dim("source_id")+`
		FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id
		WHERE `+where+` ORDER BY p.effective_at, p.entry_id, p.line LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("ledgerdb: movements of %s: %w", q.Account, err)
	}
	return out, nil
}

// Sum totals the postings matching q per currency.
func (s *Store) Sum(ctx context.Context, q ledger.MovementQuery) ([]money.Amount, error) {
	where, args := movementWhere(q)
	out, err := store.Collect(ctx, s.db, func(row store.Scanner) (money.Amount, error) {
		var cur string
		var minor int64
		err := row.Scan(&cur, &minor)
		return money.New(minor, money.Currency(cur)), err
	}, `SELECT p.currency, SUM(p.amount_minor) FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id
		WHERE `+where+` GROUP BY p.currency ORDER BY p.currency`, args...)
	if err != nil {
		return nil, fmt.Errorf("ledgerdb: balance of %s: %w", q.Account, err)
	}
	return out, nil
}

// orderSourced is true for a posting that comes from an order: it names
// one, or it predates dimensions and its entry was booked by an order
// (source keys "order:…" are only ever made by internal/app; the API
// prefixes its keys with "api:").
var orderSourced = `(` + dim("source_kind") + ` = 'order' OR (` + dim("source_kind") + ` = '' AND e.source_key LIKE 'order:%'))`

// entityOfPosting is the entity of posting p's entry (ledger.SplitID).
const entityOfPosting = `((p.entry_id - 1) / 1099511627776 + 1)`

// ReceivableCheck sums the postings on accounts per entity and currency,
// those from orders apart, beside the accounts' stored balances.
func (s *Store) ReceivableCheck(ctx context.Context, accounts []string) ([]ledger.ReceivableTotals, error) {
	codes := make([]any, len(accounts))
	for i, a := range accounts {
		codes[i] = a
	}
	type key struct {
		entity int64
		cur    string
	}
	totals := map[key]*ledger.ReceivableTotals{}
	at := func(entity int64, cur string) *ledger.ReceivableTotals {
		k := key{entity, cur}
		if totals[k] == nil {
			totals[k] = &ledger.ReceivableTotals{Entity: entity, Currency: money.Currency(cur)}
		}
		return totals[k]
	}
	err := s.db.Read(ctx, func(tx *store.Tx) error {
		in, args := store.InList(codes)
		rows, err := tx.Query(ctx, `SELECT `+entityOfPosting+`, p.currency,
				SUM(CASE WHEN `+orderSourced+` THEN p.amount_minor ELSE 0 END),
				SUM(p.amount_minor),
				SUM(CASE WHEN `+orderSourced+` THEN 0 ELSE 1 END)
			FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id
			WHERE p.account_code IN (`+in+`) GROUP BY `+entityOfPosting+`, p.currency`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var entity, byOrder, all, unsourced int64
			var cur string
			if err := rows.Scan(&entity, &cur, &byOrder, &all, &unsourced); err != nil {
				return err
			}
			t := at(entity, cur)
			t.ByOrder, t.All, t.Unsourced = byOrder, all, unsourced
		}
		if err := rows.Err(); err != nil {
			return err
		}
		bals, err := store.CollectTx(ctx, tx, scanBalance, `SELECT entity_id, account_code, currency, balance_minor FROM ledger_balances
			WHERE account_code IN (`+in+`)`, args...)
		if err != nil {
			return err
		}
		for _, b := range bals {
			t := at(b.Entity, string(b.Amount.Currency()))
			t.Stored += b.Amount.Minor()
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ledgerdb: receivables: %w", err)
	}
	out := make([]ledger.ReceivableTotals, 0, len(totals))
	for _, t := range totals {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b ledger.ReceivableTotals) int {
		if a.Entity != b.Entity {
			return cmp.Compare(a.Entity, b.Entity)
		}
		return cmp.Compare(a.Currency, b.Currency)
	})
	return out, nil
}
