package recondb

import (
	"context"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/store"
)

// Figures is the ledger.ReconciliationSource over the stored payouts and
// reconciliation runs: the period close report reads its figures here.
type Figures struct{ db *store.DB }

// NewFigures returns the reconciliation figures of db.
func NewFigures(db *store.DB) Figures { return Figures{db} }

var _ ledger.ReconciliationSource = Figures{}

// A payout is of the month its money was deposited in, and of the entity
// its shop belongs to.
const payoutsOfPeriod = `FROM settlement_payouts p JOIN shops s ON s.id = p.shop
	WHERE s.entity_id = ? AND p.deposit_at >= ? AND p.deposit_at < ?`

// Reconciliation counts the entity's payouts deposited in [start, end) that
// no current run reconciles (never run, or run with a remainder no rule
// classified), and sums, per currency, the impact of the differences the
// current runs of those payouts found: a difference stays open until a
// re-run no longer finds it, as runs are never edited (ADR 45).
func (f Figures) Reconciliation(ctx context.Context, entity int64, start, end time.Time) (ledger.Reconciled, error) {
	out := ledger.Reconciled{OpenDifferences: []money.Amount{}}
	from, to := start.UnixMicro(), end.UnixMicro()
	err := f.db.Read(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) `+payoutsOfPeriod+`
			AND NOT EXISTS (SELECT 1 FROM recon_runs r WHERE r.payout_id = p.id AND r.status = 'current' AND r.remainder_minor = 0)`,
			entity, from, to).Scan(&out.UnreconciledPayouts); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT d.currency, CAST(SUM(d.impact_minor) AS BIGINT) FROM recon_differences d
			JOIN recon_runs r ON r.id = d.run_id AND r.status = 'current'
			WHERE r.payout_id IN (SELECT p.id `+payoutsOfPeriod+`)
			GROUP BY d.currency ORDER BY d.currency`, entity, from, to)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var cur string
			var minor int64
			if err := rows.Scan(&cur, &minor); err != nil {
				return err
			}
			out.OpenDifferences = append(out.OpenDifferences, money.New(minor, money.Currency(cur)))
		}
		return rows.Err()
	})
	if err != nil {
		return ledger.Reconciled{}, fmt.Errorf("recondb: reconciliation figures of entity %d: %w", entity, err)
	}
	return out, nil
}
