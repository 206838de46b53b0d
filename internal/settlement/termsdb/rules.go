package termsdb

import (
	"context"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/settlement/terms"
	"github.com/fnshub/fnshub/internal/store"
)

// Rules returns the rule set that applies to shop ("" for the one of
// every shop): its own, else every shop's; false when none was saved.
func (s *Store) Rules(ctx context.Context, shop string) (r terms.Rules, ok bool, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { r, ok, err = bound{tx}.Rules(ctx, shop); return err })
	return r, ok, err
}

// RuleVersions returns every saved version of scope's rule set, newest first.
func (s *Store) RuleVersions(ctx context.Context, scope string) (out []terms.Rules, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { out, err = ruleSets(ctx, tx, scope, false); return err })
	return out, err
}

// SaveRules saves r as its scope's next version, unless it says what the
// current version says (a duplicate).
func (s *Store) SaveRules(ctx context.Context, r terms.Rules, now time.Time) (saved terms.Saved, err error) {
	if err := r.Validate(); err != nil {
		return terms.Saved{}, err
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		cur, err := ruleSets(ctx, tx, r.Scope, true)
		if err != nil {
			return err
		}
		if len(cur) == 1 && cur[0].AmountTolerance == r.AmountTolerance && cur[0].RefundWindow == r.RefundWindow && cur[0].SplitPayouts == r.SplitPayouts {
			saved = terms.Saved{Version: cur[0].Version, Duplicate: true}
			return nil
		}
		saved = terms.Saved{Version: 1}
		if len(cur) == 1 {
			saved.Version = cur[0].Version + 1
		}
		split := 0
		if r.SplitPayouts {
			split = 1
		}
		_, err = tx.Exec(ctx, `INSERT INTO recon_rule_sets (scope, version, amount_tolerance_minor, refund_window_hours, split_payouts,
			created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			r.Scope, saved.Version, r.AmountTolerance, int64(r.RefundWindow/time.Hour), split, store.Micros(now), r.CreatedBy)
		return err
	})
	if err != nil {
		return terms.Saved{}, fmt.Errorf("termsdb: save rules of %q: %w", r.Scope, err)
	}
	return saved, nil
}

func ruleSets(ctx context.Context, tx *store.Tx, scope string, currentOnly bool) ([]terms.Rules, error) {
	q := `SELECT scope, version, amount_tolerance_minor, refund_window_hours, split_payouts, created_at, created_by
		FROM recon_rule_sets WHERE scope = ? ORDER BY version DESC`
	if currentOnly {
		q += ` LIMIT 1`
	}
	rows, err := tx.Query(ctx, q, scope)
	if err != nil {
		return nil, fmt.Errorf("termsdb: rules of %q: %w", scope, err)
	}
	defer rows.Close()
	var out []terms.Rules
	for rows.Next() {
		var r terms.Rules
		var hours, split, created int64
		if err := rows.Scan(&r.Scope, &r.Version, &r.AmountTolerance, &hours, &split, &created, &r.CreatedBy); err != nil {
			return nil, err
		}
		r.RefundWindow, r.SplitPayouts, r.CreatedAt = time.Duration(hours)*time.Hour, split == 1, store.Time(created)
		out = append(out, r)
	}
	return out, rows.Err()
}
