// Package ledgerdb stores the ledger in SQLite or PostgreSQL through
// internal/store; the SQL is shared and the dialect seam is store.Dialect.
package ledgerdb

import (
	"context"
	"fmt"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/store"
)

// Store implements ledger.Store.
type Store struct{ db *store.DB }

var _ ledger.Store = (*Store)(nil)

// New returns a Store over db.
func New(db *store.DB) *Store { return &Store{db: db} }

const insertAccount = `INSERT INTO ledger_accounts (code, name_zh, name_en, class, normal_side, created_at) VALUES (?, ?, ?, ?, ?, ?)`

// CreateAccount adds a. Errors: Conflict when the code exists.
func (s *Store) CreateAccount(ctx context.Context, a ledger.Account) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, insertAccount, accountArgs(a)...)
		return err
	})
	if s.db.UniqueViolation(err) {
		return fault.New(fault.Conflict, "account_exists", "account %s already exists", a.Code)
	}
	if err != nil {
		return fmt.Errorf("ledgerdb: create account %s: %w", a.Code, err)
	}
	return nil
}

// EnsureAccounts adds those of as whose code is not taken yet.
func (s *Store) EnsureAccounts(ctx context.Context, as []ledger.Account) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		for _, a := range as {
			if _, err := tx.Exec(ctx, insertAccount+` ON CONFLICT (code) DO NOTHING`, accountArgs(a)...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("ledgerdb: ensure accounts: %w", err)
	}
	return nil
}

func accountArgs(a ledger.Account) []any {
	return []any{a.Code, a.NameZH, a.NameEN, string(a.Class), string(a.NormalSide), store.Micros(a.CreatedAt)}
}

// Accounts lists the chart in code order.
func (s *Store) Accounts(ctx context.Context) ([]ledger.Account, error) {
	out, err := store.Collect(ctx, s.db, scanAccount, `SELECT code, name_zh, name_en, class, normal_side, created_at FROM ledger_accounts ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("ledgerdb: accounts: %w", err)
	}
	return out, nil
}

func scanAccount(row store.Scanner) (ledger.Account, error) {
	var a ledger.Account
	var created int64
	err := row.Scan(&a.Code, &a.NameZH, &a.NameEN, &a.Class, &a.NormalSide, &created)
	a.CreatedAt = store.Time(created)
	return a, err
}
