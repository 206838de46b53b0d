package settlementdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/store"
)

const payoutCols = `id, shop, platform, format, ref, currency, start_at, end_at, deposit_at, total_minor, has_total, status, row_no, import_id, line_count, imported_at`

func scanPayout(r store.Scanner) (settlement.StoredPayout, error) {
	var p settlement.StoredPayout
	var cur string
	var start, end, deposit, total, hasTotal, imported int64
	var row int64
	err := r.Scan(&p.ID, &p.Shop, &p.Platform, &p.Format, &p.Ref, &cur, &start, &end, &deposit, &total, &hasTotal, &p.Status, &row, &p.ImportID, &p.Lines, &imported)
	p.Currency = money.Currency(cur)
	p.Start, p.End, p.DepositAt, p.ImportedAt = fromMicros(start), fromMicros(end), fromMicros(deposit), fromMicros(imported)
	p.Total, p.HasTotal, p.Row = money.New(total, p.Currency), hasTotal == 1, int(row)
	return p, err
}

// Payout returns one stored payout.
func (b bound) Payout(ctx context.Context, id int64) (settlement.StoredPayout, error) {
	p, err := scanPayout(b.tx.QueryRow(ctx, `SELECT `+payoutCols+` FROM settlement_payouts WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, fault.New(fault.NotFound, "payout_not_found", "no settlement payout %d", id)
	}
	if err != nil {
		return p, fmt.Errorf("settlementdb: payout %d: %w", id, err)
	}
	return p, nil
}

const lineCols = `l.id, l.payout_id, l.line_key, p.ref, l.kind, l.type, l.order_ref, l.refund_ref, l.txn_ref, l.sku, l.quantity, l.amount_minor, l.currency, l.posted_at, l.row_no, l.raw`

func scanLine(r store.Scanner) (settlement.StoredLine, error) {
	var l settlement.StoredLine
	var kind, cur string
	var amount, posted, row int64
	err := r.Scan(&l.ID, &l.PayoutID, &l.Key, &l.PayoutRef, &kind, &l.Type, &l.OrderRef, &l.RefundRef, &l.TxnRef, &l.SKU, &l.Quantity, &amount, &cur, &posted, &row, &l.Raw)
	l.Kind, l.Amount, l.PostedAt, l.Row = settlement.Kind(kind), money.New(amount, money.Currency(cur)), fromMicros(posted), int(row)
	return l, err
}

// Lines returns up to limit lines of a payout with ID > after, in ID order.
func (b bound) Lines(ctx context.Context, payoutID, after int64, limit int) ([]settlement.StoredLine, error) {
	rows, err := b.tx.Query(ctx, `SELECT `+lineCols+` FROM settlement_lines l JOIN settlement_payouts p ON p.id = l.payout_id
		WHERE l.payout_id = ? AND l.id > ? ORDER BY l.id LIMIT ?`, payoutID, after, pageLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("settlementdb: lines of payout %d: %w", payoutID, err)
	}
	defer rows.Close()
	var out []settlement.StoredLine
	for rows.Next() {
		l, err := scanLine(rows)
		if err != nil {
			return nil, fmt.Errorf("settlementdb: lines of payout %d: %w", payoutID, err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// PayoutLines returns every line of p in ID order, without the raw rows:
// reconciliation reads whole payouts of hundreds of thousands of lines,
// and the raw text is most of their bytes
// (docs/adr/0056-settlement-at-scale.md).
func (b bound) PayoutLines(ctx context.Context, p settlement.StoredPayout) ([]settlement.Line, error) {
	rows, err := b.tx.Query(ctx, `SELECT line_key, kind, type, order_ref, refund_ref, txn_ref, sku, quantity, amount_minor, currency,
		posted_at, row_no FROM settlement_lines WHERE payout_id = ? ORDER BY id`, p.ID)
	if err != nil {
		return nil, fmt.Errorf("settlementdb: lines of payout %d: %w", p.ID, err)
	}
	defer rows.Close()
	out := make([]settlement.Line, 0, p.Lines)
	for rows.Next() {
		l := settlement.Line{PayoutRef: p.Ref}
		var kind, cur string
		var amount, posted, row int64
		if err := rows.Scan(&l.Key, &kind, &l.Type, &l.OrderRef, &l.RefundRef, &l.TxnRef, &l.SKU, &l.Quantity, &amount, &cur, &posted, &row); err != nil {
			return nil, fmt.Errorf("settlementdb: lines of payout %d: %w", p.ID, err)
		}
		l.Kind, l.Amount, l.PostedAt, l.Row = settlement.Kind(kind), money.New(amount, money.Currency(cur)), fromMicros(posted), int(row)
		out = append(out, l)
	}
	return out, rows.Err()
}

// shopWhere adds the shop filters to a query's WHERE clause.
func shopWhere(where []string, args []any, shop string, shops []string, before int64) ([]string, []any) {
	if shop != "" {
		where, args = append(where, "shop = ?"), append(args, shop)
	}
	if shops != nil {
		vals := make([]any, len(shops))
		for i, s := range shops {
			vals[i] = s
		}
		list, padded := store.InList(vals)
		where, args = append(where, "shop IN ("+list+")"), append(args, padded...)
	}
	if before > 0 {
		where, args = append(where, "id < ?"), append(args, before)
	}
	if len(where) == 0 {
		where = append(where, "1 = 1")
	}
	return where, args
}

// Payouts lists stored payouts, newest first.
func (b bound) Payouts(ctx context.Context, f settlement.PayoutFilter) ([]settlement.StoredPayout, error) {
	where, args := shopWhere(nil, nil, f.Shop, f.Shops, f.Before)
	rows, err := b.tx.Query(ctx, `SELECT `+payoutCols+` FROM settlement_payouts WHERE `+strings.Join(where, " AND ")+
		` ORDER BY id DESC LIMIT ?`, append(args, pageLimit(f.Limit))...)
	if err != nil {
		return nil, fmt.Errorf("settlementdb: payouts: %w", err)
	}
	defer rows.Close()
	var out []settlement.StoredPayout
	for rows.Next() {
		p, err := scanPayout(rows)
		if err != nil {
			return nil, fmt.Errorf("settlementdb: payouts: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("settlementdb: payouts: %w", err)
	}
	rows.Close()
	return out, b.reconSummaries(ctx, out)
}

// reconSummaries sets each payout's current reconciliation run in brief,
// in one query over the page (not one per payout).
func (b bound) reconSummaries(ctx context.Context, ps []settlement.StoredPayout) error {
	if len(ps) == 0 {
		return nil
	}
	at := make(map[int64]int, len(ps))
	args := make([]any, len(ps))
	for i, p := range ps {
		at[p.ID], args[i] = i, p.ID
	}
	rows, err := b.tx.Query(ctx, `SELECT r.payout_id, r.id, r.currency, r.remainder_minor, COALESCE(d.class, ''), COUNT(d.seq)
		FROM recon_runs r LEFT JOIN recon_differences d ON d.run_id = r.id
		WHERE r.status = 'current' AND r.payout_id IN (?`+strings.Repeat(", ?", len(ps)-1)+`)
		GROUP BY r.payout_id, r.id, r.currency, r.remainder_minor, d.class`, args...)
	if err != nil {
		return fmt.Errorf("settlementdb: reconciliation of payouts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var payout, run, remainder, n int64
		var cur, class string
		if err := rows.Scan(&payout, &run, &cur, &remainder, &class, &n); err != nil {
			return fmt.Errorf("settlementdb: reconciliation of payouts: %w", err)
		}
		p := &ps[at[payout]]
		if p.Recon == nil {
			p.Recon = &settlement.ReconSummary{RunID: run, ByClass: map[string]int{}, Remainder: money.New(remainder, money.Currency(cur))}
		}
		if class != "" {
			p.Recon.ByClass[class] += int(n)
		}
	}
	return rows.Err()
}

const importCols = `id, shop, format, file_name, file_sha256, lines_read, lines_new, lines_dup, lines_moved, payouts, status, imported_by, imported_at`

// Imports lists recorded imports, newest first.
func (b bound) Imports(ctx context.Context, f settlement.ImportFilter) ([]settlement.Import, error) {
	where, args := shopWhere(nil, nil, f.Shop, f.Shops, f.Before)
	rows, err := b.tx.Query(ctx, `SELECT `+importCols+` FROM settlement_imports WHERE `+strings.Join(where, " AND ")+
		` ORDER BY id DESC LIMIT ?`, append(args, pageLimit(f.Limit))...)
	if err != nil {
		return nil, fmt.Errorf("settlementdb: imports: %w", err)
	}
	defer rows.Close()
	var out []settlement.Import
	for rows.Next() {
		var im settlement.Import
		var at int64
		if err := rows.Scan(&im.ID, &im.Shop, &im.Format, &im.FileName, &im.SHA256, &im.LinesRead, &im.LinesNew, &im.LinesDuplicate, &im.Moved, &im.Payouts, &im.Status, &im.By, &at); err != nil {
			return nil, fmt.Errorf("settlementdb: imports: %w", err)
		}
		im.At = fromMicros(at)
		out = append(out, im)
	}
	return out, rows.Err()
}
