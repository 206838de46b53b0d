// Package recondb stores reconciliation runs (internal/settlement/recon)
// in SQLite or PostgreSQL through internal/store
// (docs/adr/0045-reconciliation.md).
package recondb

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/recon"
	"github.com/fnshub/fnshub/internal/store"
)

// Bind returns the recon.TxStore that works inside tx.
func Bind(tx *store.Tx) recon.TxStore { return bound{tx} }

type bound struct{ tx *store.Tx }

// Now is the clock runs are stamped with; tests set it.
var Now = time.Now

const runCols = `id, payout_id, payout_ref, shop, rules_version, status, COALESCE(superseded_by, 0), currency, waterfall, fingerprint, differences, created_at`

func (b bound) Current(ctx context.Context, payoutID int64) (recon.Run, bool, error) {
	runs, err := b.runs(ctx, `payout_id = ? AND status = 'current'`, payoutID)
	if err != nil || len(runs) == 0 {
		return recon.Run{}, false, err
	}
	return runs[0], true, nil
}

func (b bound) Runs(ctx context.Context, payoutID int64) ([]recon.Run, error) {
	return b.runs(ctx, `payout_id = ?`, payoutID)
}

// waterfallJSON is the stored form of a waterfall: amounts as minor units
// of the run's currency.
type waterfallJSON struct {
	Steps     []stepJSON `json:"steps"`
	Explained int64      `json:"explained"`
	Tolerated int64      `json:"tolerated"`
	Remainder int64      `json:"remainder"`
}

type stepJSON struct {
	Name     string `json:"name"`
	Expected int64  `json:"expected"`
	Actual   int64  `json:"actual"`
}

func encodeWaterfall(w recon.Waterfall) string {
	j := waterfallJSON{Explained: w.Explained.Minor(), Tolerated: w.Tolerated.Minor(), Remainder: w.Remainder.Minor()}
	for _, s := range w.Steps {
		j.Steps = append(j.Steps, stepJSON{s.Name, s.Expected.Minor(), s.Actual.Minor()})
	}
	out, _ := json.Marshal(j)
	return string(out)
}

func decodeWaterfall(s string, cur money.Currency) (recon.Waterfall, error) {
	var j waterfallJSON
	if err := json.Unmarshal([]byte(s), &j); err != nil {
		return recon.Waterfall{}, err
	}
	w := recon.Waterfall{Explained: money.New(j.Explained, cur), Tolerated: money.New(j.Tolerated, cur), Remainder: money.New(j.Remainder, cur)}
	for _, st := range j.Steps {
		w.Steps = append(w.Steps, recon.Step{Name: st.Name, Expected: money.New(st.Expected, cur), Actual: money.New(st.Actual, cur)})
	}
	return w, nil
}

func (b bound) runs(ctx context.Context, where string, args ...any) ([]recon.Run, error) {
	rows, err := b.tx.Query(ctx, `SELECT `+runCols+` FROM recon_runs WHERE `+where+` ORDER BY id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("recondb: runs: %w", err)
	}
	var out []recon.Run
	for rows.Next() {
		var r recon.Run
		var wf string
		var created int64
		if err := rows.Scan(&r.ID, &r.PayoutID, &r.PayoutRef, &r.Shop, &r.RulesVersion, &r.Status, &r.SupersededBy, &r.Currency, &wf, &r.Fingerprint, &r.Differences, &created); err != nil {
			rows.Close()
			return nil, err
		}
		if r.Waterfall, err = decodeWaterfall(wf, r.Currency); err != nil {
			rows.Close()
			return nil, fmt.Errorf("recondb: run %d: waterfall: %w", r.ID, err)
		}
		r.CreatedAt = store.Time(created)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Entries, err = b.entries(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (b bound) entries(ctx context.Context, runID int64) ([]recon.RunEntry, error) {
	rows, err := b.tx.Query(ctx, `SELECT seq, entry_id, COALESCE(reversed_by, 0) FROM recon_entries WHERE run_id = ? ORDER BY seq`, runID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []recon.RunEntry
	for rows.Next() {
		var e recon.RunEntry
		if err := rows.Scan(&e.Seq, &e.EntryID, &e.ReversedBy); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func (b bound) Insert(ctx context.Context, r recon.Run, replaced *recon.Run, ms []recon.StoredMatch, ds []recon.Difference) (int64, error) {
	if replaced != nil {
		if _, err := b.tx.Exec(ctx, `UPDATE recon_runs SET status = 'superseded' WHERE id = ? AND status = 'current'`, replaced.ID); err != nil {
			return 0, fmt.Errorf("recondb: supersede run %d: %w", replaced.ID, err)
		}
		for _, e := range replaced.Entries {
			if _, err := b.tx.Exec(ctx, `UPDATE recon_entries SET reversed_by = ? WHERE run_id = ? AND seq = ?`, e.ReversedBy, replaced.ID, e.Seq); err != nil {
				return 0, err
			}
		}
	}
	var id int64
	err := b.tx.QueryRow(ctx, `INSERT INTO recon_runs (payout_id, payout_ref, shop, rules_version, status, currency,
		expected_minor, actual_minor, remainder_minor, waterfall, fingerprint, differences, created_at)
		VALUES (?, ?, ?, ?, 'current', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.PayoutID, r.PayoutRef, r.Shop, r.RulesVersion, string(r.Currency), payoutStep(r.Waterfall, true), payoutStep(r.Waterfall, false),
		r.Waterfall.Remainder.Minor(), encodeWaterfall(r.Waterfall), r.Fingerprint, len(ds), store.Micros(Now())).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("recondb: insert run of payout %s: %w", r.PayoutRef, err)
	}
	if replaced != nil {
		if _, err := b.tx.Exec(ctx, `UPDATE recon_runs SET superseded_by = ? WHERE id = ?`, id, replaced.ID); err != nil {
			return 0, err
		}
	}
	if err := b.insertChildren(ctx, id, r, ms, ds); err != nil {
		return 0, fmt.Errorf("recondb: run %d: %w", id, err)
	}
	return id, nil
}

func payoutStep(w recon.Waterfall, expected bool) int64 {
	if len(w.Steps) == 0 {
		return 0
	}
	s := w.Steps[len(w.Steps)-1]
	if expected {
		return s.Expected.Minor()
	}
	return s.Actual.Minor()
}

func (b bound) insertChildren(ctx context.Context, id int64, r recon.Run, ms []recon.StoredMatch, ds []recon.Difference) error {
	var rows []any
	for _, e := range r.Entries {
		rows = append(rows, id, e.Seq, e.EntryID)
	}
	if _, err := b.tx.InsertRows(ctx, `INSERT INTO recon_entries (run_id, seq, entry_id) VALUES `, "", 3, rows); err != nil {
		return err
	}
	rows = rows[:0]
	for _, m := range ms {
		rows = append(rows, id, m.LineKey, m.OrderID, m.Refund, string(m.Kind), m.Amount.Minor(), m.Rule, m.RulesVersion)
	}
	if _, err := b.tx.InsertRows(ctx, `INSERT INTO recon_matches (run_id, line_key, order_id, refund_index, kind, amount_minor, rule, rules_version) VALUES `, "", 8, rows); err != nil {
		return err
	}
	rows = rows[:0]
	for i, d := range ds {
		rows = append(rows, id, i+1, string(d.Class), d.Subject, d.Message, d.OrderID, d.OrderRef, d.Type, strings.Join(d.LineKeys, "\n"),
			string(r.Currency), d.Expected.Minor(), d.Actual.Minor(), d.Impact.Minor())
	}
	_, err := b.tx.InsertRows(ctx, `INSERT INTO recon_differences (run_id, seq, class, subject, message, order_id, order_ref, fee_type,
		line_keys, currency, expected_minor, actual_minor, impact_minor) VALUES `, "", 13, rows)
	return err
}

func (b bound) Differences(ctx context.Context, runID int64) ([]recon.Difference, error) {
	rows, err := b.tx.Query(ctx, `SELECT class, subject, message, order_id, order_ref, fee_type, line_keys, currency,
		expected_minor, actual_minor, impact_minor FROM recon_differences WHERE run_id = ? ORDER BY seq`, runID)
	if err != nil {
		return nil, fmt.Errorf("recondb: differences of run %d: %w", runID, err)
	}
	defer rows.Close()
	var out []recon.Difference
	for rows.Next() {
		var d recon.Difference
		var keys string
		var cur money.Currency
		var exp, act, imp int64
		if err := rows.Scan(&d.Class, &d.Subject, &d.Message, &d.OrderID, &d.OrderRef, &d.Type, &keys, &cur, &exp, &act, &imp); err != nil {
			return nil, err
		}
		if keys != "" {
			d.LineKeys = strings.Split(keys, "\n")
		}
		d.Expected, d.Actual, d.Impact = money.New(exp, cur), money.New(act, cur), money.New(imp, cur)
		out = append(out, d)
	}
	return out, rows.Err()
}

func (b bound) Settled(ctx context.Context, orderIDs []int64, payoutID int64) (map[int64]money.Amount, error) {
	out := map[int64]money.Amount{}
	const page = 500
	for len(orderIDs) > 0 {
		n := min(page, len(orderIDs))
		args := []any{payoutID}
		for _, id := range orderIDs[:n] {
			args = append(args, id)
		}
		orderIDs = orderIDs[n:]
		rows, err := b.tx.Query(ctx, `SELECT m.order_id, r.currency, SUM(m.amount_minor) FROM recon_matches m
			JOIN recon_runs r ON r.id = m.run_id
			WHERE r.status = 'current' AND r.payout_id <> ? AND m.kind IN ('`+string(settlement.Sale)+`', '`+string(settlement.Promotion)+`')
			AND m.order_id IN (?`+strings.Repeat(", ?", n-1)+`) GROUP BY m.order_id, r.currency`, args...)
		if err != nil {
			return nil, fmt.Errorf("recondb: settled: %w", err)
		}
		for rows.Next() {
			var id, sum int64
			var cur money.Currency
			if err := rows.Scan(&id, &cur, &sum); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = money.New(sum, cur)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
