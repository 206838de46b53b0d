package settlementdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/store"
)

const pullColumns = `shop, source, cursor_value, last_run_at, last_success_at, last_error, failures, imports`

// PullState returns shop's pull state for source, the zero state when it
// was never pulled.
func (b bound) PullState(ctx context.Context, shop, source string) (settlement.PullState, error) {
	s, err := scanPull(b.tx.QueryRow(ctx, `SELECT `+pullColumns+` FROM settlement_pull_states WHERE shop = ? AND source = ?`, shop, source))
	if errors.Is(err, sql.ErrNoRows) {
		return settlement.PullState{Shop: shop, Source: source}, nil
	}
	if err != nil {
		return s, fmt.Errorf("settlementdb: pull state of %s/%s: %w", shop, source, err)
	}
	return s, nil
}

// SavePullState writes s over the shop's state for its source.
func (b bound) SavePullState(ctx context.Context, s settlement.PullState) error {
	_, err := b.tx.Exec(ctx, `INSERT INTO settlement_pull_states (`+pullColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (shop, source) DO UPDATE SET cursor_value = excluded.cursor_value, last_run_at = excluded.last_run_at,
			last_success_at = excluded.last_success_at, last_error = excluded.last_error, failures = excluded.failures, imports = excluded.imports`,
		s.Shop, s.Source, s.Cursor, micros(s.LastRunAt), micros(s.LastSuccessAt), s.LastError, s.Failures, s.Imports)
	if err != nil {
		return fmt.Errorf("settlementdb: save pull state of %s/%s: %w", s.Shop, s.Source, err)
	}
	return nil
}

// PullStates returns every shop's pull states, by shop and source.
func (b bound) PullStates(ctx context.Context) ([]settlement.PullState, error) {
	rows, err := b.tx.Query(ctx, `SELECT `+pullColumns+` FROM settlement_pull_states ORDER BY shop, source`)
	if err != nil {
		return nil, fmt.Errorf("settlementdb: pull states: %w", err)
	}
	defer rows.Close()
	var out []settlement.PullState
	for rows.Next() {
		s, err := scanPull(rows)
		if err != nil {
			return nil, fmt.Errorf("settlementdb: pull states: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func scanPull(r store.Scanner) (settlement.PullState, error) {
	var s settlement.PullState
	var run, ok int64
	err := r.Scan(&s.Shop, &s.Source, &s.Cursor, &run, &ok, &s.LastError, &s.Failures, &s.Imports)
	s.LastRunAt, s.LastSuccessAt = fromMicros(run), fromMicros(ok)
	return s, err
}
