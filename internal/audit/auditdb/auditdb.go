// Package auditdb stores the audit log in SQLite or PostgreSQL through
// internal/store, with one SQL text for both engines.
package auditdb

import (
	"context"
	"fmt"
	"strings"

	"github.com/fnshub/fnshub/internal/audit"
	"github.com/fnshub/fnshub/internal/store"
)

// Store implements audit.Store.
type Store struct{ db *store.DB }

var _ audit.Store = (*Store)(nil)

// New returns a Store over db.
func New(db *store.DB) *Store { return &Store{db: db} }

const (
	lockHead   = `SELECT last_seq, last_hash FROM audit_chain WHERE id = 1`
	insertRows = `INSERT INTO audit_log (seq, at, actor, role, via, action, target, detail, status, prev_hash, hash) VALUES `
	rowCols    = 11
	moveHead   = `UPDATE audit_chain SET last_seq = ?, last_hash = ? WHERE id = 1`
	selectRows = `SELECT seq, at, actor, role, via, action, target, detail, status, prev_hash, hash FROM audit_log`
)

// Append numbers rs after the chain head, in order, and writes them in one
// transaction that holds the head row locked: FOR UPDATE on PostgreSQL,
// the one writer on SQLite. So appends from any number of goroutines or
// nodes form one gapless line.
func (s *Store) Append(ctx context.Context, rs []audit.Record) ([]audit.Entry, error) {
	var es []audit.Entry
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var seq int64
		var prev []byte
		if err := tx.QueryRow(ctx, lockHead+tx.Dialect().ForUpdate()).Scan(&seq, &prev); err != nil {
			return fmt.Errorf("lock the chain head: %w", err)
		}
		if prev == nil {
			prev = []byte{} // the empty blob scans as nil; NOT NULL wants it empty
		}
		es = make([]audit.Entry, len(rs))
		args := make([]any, 0, len(rs)*rowCols)
		for i, r := range rs {
			seq++
			e := audit.Entry{Seq: seq, Record: r, PrevHash: prev}
			e.Hash = e.ChainHash()
			es[i], prev = e, e.Hash
			args = append(args, e.Seq, store.Micros(e.At), e.Actor, e.Role, string(e.Via), e.Action, e.Target,
				string(e.Detail), e.Status, e.PrevHash, e.Hash)
		}
		if _, err := tx.InsertRows(ctx, insertRows, "", rowCols, args); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, moveHead, seq, prev)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("auditdb: append %d: %w", len(rs), err)
	}
	return es, nil
}

// List returns the entries matching f, newest first.
func (s *Store) List(ctx context.Context, f audit.Filter) ([]audit.Entry, error) {
	var where []string
	var args []any
	add := func(cond string, arg any) { where, args = append(where, cond), append(args, arg) }
	if f.Actor != "" {
		add("actor = ?", f.Actor)
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if !f.From.IsZero() {
		add("at >= ?", store.Micros(f.From))
	}
	if !f.To.IsZero() {
		add("at < ?", store.Micros(f.To))
	}
	if f.Before > 0 {
		add("seq < ?", f.Before)
	}
	q := selectRows
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	out, err := store.Collect(ctx, s.db, scanEntry, q+" ORDER BY seq DESC LIMIT ?", append(args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("auditdb: list: %w", err)
	}
	return out, nil
}

// After returns up to limit entries after seq, oldest first.
func (s *Store) After(ctx context.Context, seq int64, limit int) ([]audit.Entry, error) {
	out, err := store.Collect(ctx, s.db, scanEntry, selectRows+" WHERE seq > ? ORDER BY seq LIMIT ?", seq, limit)
	if err != nil {
		return nil, fmt.Errorf("auditdb: read after %d: %w", seq, err)
	}
	return out, nil
}

// Head returns the chain head.
func (s *Store) Head(ctx context.Context) (int64, []byte, error) {
	var seq int64
	var hash []byte
	err := s.db.Read(ctx, func(tx *store.Tx) error { return tx.QueryRow(ctx, lockHead).Scan(&seq, &hash) })
	if err != nil {
		return 0, nil, fmt.Errorf("auditdb: head: %w", err)
	}
	if hash == nil {
		hash = []byte{}
	}
	return seq, hash, nil
}

func scanEntry(row store.Scanner) (audit.Entry, error) {
	var e audit.Entry
	var at int64
	var via, detail string
	err := row.Scan(&e.Seq, &at, &e.Actor, &e.Role, &via, &e.Action, &e.Target, &detail, &e.Status, &e.PrevHash, &e.Hash)
	e.At, e.Via, e.Detail = store.Time(at), audit.Via(via), []byte(detail)
	if e.PrevHash == nil {
		e.PrevHash = []byte{}
	}
	return e, err
}
