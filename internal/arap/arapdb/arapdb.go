// Package arapdb stores the receivables and payables sub-ledgers
// (internal/arap) in SQLite or PostgreSQL through internal/store.
package arapdb

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/store"
)

// Bind returns the arap.TxStore working inside tx.
func Bind(tx *store.Tx) arap.TxStore { return bound{tx} }

type bound struct{ tx *store.Tx }

const partyCols = `kind, code, name, currency, terms_days, created_at`

func scanParty(s store.Scanner) (arap.Party, error) {
	var p arap.Party
	var cur string
	var at int64
	err := s.Scan(&p.Kind, &p.Code, &p.Name, &cur, &p.TermsDays, &at)
	p.Currency, p.CreatedAt = money.Currency(cur), store.Time(at)
	return p, err
}

func (b bound) Party(ctx context.Context, kind arap.PartyKind, code string) (arap.Party, bool, error) {
	p, err := scanParty(b.tx.QueryRow(ctx, `SELECT `+partyCols+` FROM arap_parties WHERE kind = ? AND code = ?`, kind, code))
	if errors.Is(err, sql.ErrNoRows) {
		return arap.Party{}, false, nil
	}
	return p, err == nil, err
}

func (b bound) Parties(ctx context.Context, kind arap.PartyKind) ([]arap.Party, error) {
	return store.CollectTx(ctx, b.tx, scanParty, `SELECT `+partyCols+` FROM arap_parties WHERE kind = ? ORDER BY code`, kind)
}

func (b bound) PutParty(ctx context.Context, p arap.Party) error {
	res, err := b.tx.Exec(ctx, `UPDATE arap_parties SET name = ?, terms_days = ? WHERE kind = ? AND code = ?`, p.Name, p.TermsDays, p.Kind, p.Code)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	_, err = b.tx.Exec(ctx, `INSERT INTO arap_parties (`+partyCols+`) VALUES (?, ?, ?, ?, ?, ?)`,
		p.Kind, p.Code, p.Name, string(p.Currency), p.TermsDays, store.Micros(p.CreatedAt))
	return err
}

const docCols = `entity, kind, party, number, doc_date, due_date, amount_minor, currency, account, applies_to, memo, entry_id, created_at, created_by`

func scanDoc(s store.Scanner) (arap.Document, error) {
	var d arap.Document
	var date, due, cur string
	var minor, at int64
	if err := s.Scan(&d.Entity, &d.Kind, &d.Party, &d.Number, &date, &due, &minor, &cur, &d.Account, &d.AppliesTo, &d.Memo, &d.EntryID, &at, &d.CreatedBy); err != nil {
		return d, err
	}
	d.Date, _ = time.Parse(arap.DateLayout, date)
	if due != "" {
		d.DueDate, _ = time.Parse(arap.DateLayout, due)
	}
	d.Amount, d.CreatedAt = money.New(minor, money.Currency(cur)), store.Time(at)
	return d, nil
}

func (b bound) Document(ctx context.Context, entity int64, kind arap.DocKind, party, number string) (arap.Document, bool, error) {
	d, err := scanDoc(b.tx.QueryRow(ctx, `SELECT `+docCols+` FROM arap_documents WHERE entity = ? AND party = ? AND kind = ? AND number = ?`, entity, party, kind, number))
	if errors.Is(err, sql.ErrNoRows) {
		return arap.Document{}, false, nil
	}
	return d, err == nil, err
}

func (b bound) AddDocument(ctx context.Context, d arap.Document) error {
	due := ""
	if !d.DueDate.IsZero() {
		due = d.DueDate.Format(arap.DateLayout)
	}
	_, err := b.tx.Exec(ctx, `INSERT INTO arap_documents (`+docCols+`, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.Entity, d.Kind, d.Party, d.Number, d.Date.Format(arap.DateLayout), due, d.Amount.Minor(), string(d.Amount.Currency()),
		d.Account, d.AppliesTo, d.Memo, d.EntryID, store.Micros(d.CreatedAt), d.CreatedBy, d.Fingerprint())
	return err
}

func (b bound) Documents(ctx context.Context, entity int64, kind arap.PartyKind, party string) ([]arap.Document, error) {
	args := []any{entity, arap.Invoice, arap.Receipt}
	if kind == arap.Supplier {
		args = []any{entity, arap.Bill, arap.Payment}
	}
	q := `SELECT ` + docCols + ` FROM arap_documents WHERE entity = ? AND kind IN (?, ?)`
	if party != "" {
		q += ` AND party = ?`
		args = append(args, party)
	}
	return store.CollectTx(ctx, b.tx, scanDoc, q+` ORDER BY party, doc_date, number`, args...)
}
