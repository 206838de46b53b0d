package e2e

import (
	"context"
	"database/sql"
	"fmt"
	"os"

	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/store"
)

// The baseline's own tables: the plain design a first cut would have, made
// by the harness beside the hub's (not a migration of the hub).
var baselineDDL = []string{
	`DROP TABLE IF EXISTS baseline_results`,
	`DROP TABLE IF EXISTS baseline_lines`,
	`CREATE TABLE baseline_lines (id BIGINT PRIMARY KEY, shop TEXT NOT NULL, channel TEXT NOT NULL, payout_ref TEXT NOT NULL,
		line_key TEXT NOT NULL, kind TEXT NOT NULL, type TEXT NOT NULL, order_ref TEXT NOT NULL, refund_ref TEXT NOT NULL,
		sku TEXT NOT NULL, amount_minor BIGINT NOT NULL, currency TEXT NOT NULL, posted_at BIGINT NOT NULL, raw TEXT NOT NULL,
		UNIQUE (shop, line_key))`,
	`CREATE INDEX baseline_lines_by_order ON baseline_lines (order_ref)`,
	`CREATE TABLE baseline_results (line_id BIGINT PRIMARY KEY, order_id BIGINT, status TEXT NOT NULL, expected_minor BIGINT NOT NULL,
		actual_minor BIGINT NOT NULL)`,
}

// baselineJoin is the plain reconciliation: each line joined to its order
// on the natural key, a sale compared with the order's total.
const baselineJoin = `SELECT l.id, COALESCE(o.id, 0), l.kind, l.order_ref, l.amount_minor, COALESCE(o.total, 0)
	FROM baseline_lines l LEFT JOIN orders o ON o.order_key = l.channel || '/' || l.shop || '/' || l.order_ref ORDER BY l.id`

// Baseline is the same month done the plain way on the same database:
// every line INSERTed row by row (one transaction per file, a prepared
// statement), then one SQL join of lines to orders on the key, each
// line's result INSERTed row by row. It finds orders missing from the hub
// and sales that differ from the order's total; nothing else (no
// tolerance, splits, charges, postings), so it does less than Run.
func Baseline(ctx context.Context, db *store.DB, files map[string]string, pl Plan) (Report, int64, error) {
	var rep Report
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		for _, q := range baselineDDL {
			if _, err := tx.Exec(ctx, q); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return rep, 0, fmt.Errorf("e2e: baseline tables: %w", err)
	}
	t := startTimer()
	var n int64
	for _, sp := range pl.Shops {
		got, err := baselineImport(ctx, db, sp, files[sp.Platform.Shop], n)
		if err != nil {
			return rep, 0, err
		}
		n = got
	}
	rep.Phases = append(rep.Phases, t.phase("baseline import", n))
	t = startTimer()
	diffs, err := baselineMatch(ctx, db)
	if err != nil {
		return rep, 0, err
	}
	rep.Phases = append(rep.Phases, t.phase("baseline reconcile", n))
	rep.PeakRSS = PeakRSS()
	return rep, diffs, nil
}

// rowSink inserts each line as it is read.
type rowSink struct {
	ctx     context.Context
	st      *sql.Stmt
	shop    string
	channel string
	next    int64
}

func (s *rowSink) Payout(settlement.Payout) error { return nil }

func (s *rowSink) Line(l settlement.Line) error {
	s.next++
	_, err := s.st.ExecContext(s.ctx, s.next, s.shop, s.channel, l.PayoutRef, l.Key, string(l.Kind), l.Type, l.OrderRef, l.RefundRef, l.SKU,
		l.Amount.Minor(), string(l.Amount.Currency()), store.Micros(l.PostedAt), l.Raw)
	return err
}

func baselineImport(ctx context.Context, db *store.DB, sp ShopPlan, path string, last int64) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sink := &rowSink{ctx: ctx, shop: sp.Platform.Shop, channel: sp.Platform.Channel, next: last}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		st, err := tx.SQL().PrepareContext(ctx, tx.Dialect().Rebind(`INSERT INTO baseline_lines (id, shop, channel, payout_ref, line_key, kind,
			type, order_ref, refund_ref, sku, amount_minor, currency, posted_at, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`))
		if err != nil {
			return err
		}
		defer st.Close()
		sink.st = st
		return formats().All()[0].Parse(ctx, f, settlement.Options{}, sink)
	})
	if err != nil {
		return 0, fmt.Errorf("e2e: baseline import %s: %w", path, err)
	}
	return sink.next, nil
}

// baselineMatch runs the join and writes a result per line, returning
// how many lines it reports as differences.
func baselineMatch(ctx context.Context, db *store.DB) (int64, error) {
	var diffs int64
	err := db.InTx(ctx, func(tx *store.Tx) error {
		rows, err := tx.Query(ctx, baselineJoin)
		if err != nil {
			return err
		}
		type result struct {
			line, order, expected, actual int64
			status                        string
		}
		// The join is read whole before writing: one connection cannot
		// write while it still reads rows on either engine's driver.
		var out []result
		for rows.Next() {
			var r result
			var kind, ref string
			if err := rows.Scan(&r.line, &r.order, &kind, &ref, &r.actual, &r.expected); err != nil {
				rows.Close()
				return err
			}
			r.status = baselineStatus(kind, ref, r.order, r.expected, r.actual)
			out = append(out, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		st, err := tx.SQL().PrepareContext(ctx, tx.Dialect().Rebind(`INSERT INTO baseline_results (line_id, order_id, status, expected_minor, actual_minor) VALUES (?, ?, ?, ?, ?)`))
		if err != nil {
			return err
		}
		defer st.Close()
		for _, r := range out {
			if r.status != "matched" {
				diffs++
			}
			if _, err := st.ExecContext(ctx, r.line, r.order, r.status, r.expected, r.actual); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("e2e: baseline match: %w", err)
	}
	return diffs, nil
}

func baselineStatus(kind, ref string, order, expected, actual int64) string {
	switch {
	case ref == "":
		return "payout_line"
	case order == 0:
		return "order_not_in_hub"
	case kind == string(settlement.Sale) && expected != actual:
		return "amount_differs"
	}
	return "matched"
}
