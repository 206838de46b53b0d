package profitdb

import (
	"context"
	"fmt"
	"strings"

	"github.com/fnshub/fnshub/internal/profit"
	"github.com/fnshub/fnshub/internal/store"
)

// Store reads the profit facts and rollup.
type Store struct{ db *store.DB }

// New returns a Store over db.
func New(db *store.DB) *Store { return &Store{db: db} }

// Report sums the figures of f's rows by its groups and currency: from the
// rollup, or from the line facts when grouped by SKU (which the rollup does
// not keep).
func (s *Store) Report(ctx context.Context, f profit.Filter) (rows []profit.Row, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { rows, err = report(ctx, tx, f); return err })
	return rows, err
}

func report(ctx context.Context, tx *store.Tx, f profit.Filter) ([]profit.Row, error) {
	// The smallest table that has what is asked.
	table := "profit_hours"
	switch {
	case f.Has(profit.BySKU):
		table = "profit_lines"
	case (f.Has(profit.ByCampaign) || f.Campaign != nil) && inDays(f):
		table = "profit_campaign_days"
	case f.Has(profit.ByCampaign) || f.Campaign != nil:
		table = "profit_campaign_hours"
	}
	where, args := filterSQL(f, table == "profit_campaign_days")
	hour := "0"
	if f.Has(profit.ByDay) {
		hour = "hour"
		if table == "profit_campaign_days" {
			hour = "day" // already the first hour of its UTC+8 day
		} else if f.DaysAt != nil {
			// Integer division: hours are positive after 1970, so it floors.
			hour = fmt.Sprintf(`((hour + %d) / 24) * 24 - %d`, *f.DaysAt, *f.DaysAt)
		}
	}
	dim := func(d, col string) string {
		if f.Has(d) {
			return col
		}
		return "''"
	}
	keys := []string{hour, dim(profit.ByShop, "shop"), dim(profit.ByChannel, "channel"), dim(profit.ByCampaign, "campaign"), dim(profit.BySKU, "sku"), "currency"}
	sums := make([]string, len(profit.Columns))
	for i, c := range profit.Columns {
		sums[i] = `CAST(SUM(` + c + `) AS BIGINT)`
	}
	q := `SELECT ` + strings.Join(keys, ", ") + `, ` + strings.Join(sums, ", ") + ` FROM ` + table + where + ` GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`
	rs, err := tx.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("profitdb: report: %w", err)
	}
	defer rs.Close()
	var out []profit.Row
	for rs.Next() {
		var r profit.Row
		if err := rs.Scan(append([]any{&r.Hour, &r.Shop, &r.Channel, &r.Campaign, &r.SKU, &r.Currency}, r.Figures.Pointers()...)...); err != nil {
			return nil, fmt.Errorf("profitdb: report: %w", err)
		}
		out = append(out, r)
	}
	return out, rs.Err()
}

// inDays reports whether the per-day campaign rollup answers f: its hours
// are whole UTC+8 days, and days, when asked, are UTC+8 days.
func inDays(f profit.Filter) bool {
	whole := dayOf(f.FromHour) == f.FromHour && dayOf(f.ToHour) == f.ToHour
	return whole && (!f.Has(profit.ByDay) || f.DaysAt != nil && *f.DaysAt == DaysOffset)
}

func filterSQL(f profit.Filter, days bool) (string, []any) {
	where, args := ` WHERE hour >= ? AND hour < ?`, []any{f.FromHour, f.ToHour}
	if days {
		where = ` WHERE day >= ? AND day < ?`
	}
	in := func(col string, vs []string) {
		if vs == nil {
			return
		}
		list := make([]any, len(vs))
		for i, v := range vs {
			list[i] = v
		}
		marks, padded := store.InList(list)
		where += ` AND ` + col + ` IN (` + marks + `)`
		args = append(args, padded...)
	}
	in("shop", f.Shops)
	in("channel", f.Channels)
	if f.Campaign != nil {
		where, args = where+` AND campaign = ?`, append(args, *f.Campaign)
	}
	return where, args
}

// Order returns an order's line facts, the payout actuals behind them and
// the ledger entries posted for it (their source keys start "order:ID:",
// read through the source key's unique index); no lines when the order is
// unknown.
func (s *Store) Order(ctx context.Context, id int64) (out profit.OrderFacts, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error {
		if out.Lines, err = readLines(ctx, tx, `order_id = ?`, "", id); err != nil {
			return err
		}
		if out.Actuals, err = store.CollectTx(ctx, tx, func(row store.Scanner) (profit.PayoutActual, error) {
			var a profit.PayoutActual
			return a, row.Scan(&a.PayoutID, &a.LineNo, &a.Commission, &a.Fees, &a.Adjust)
		}, `SELECT payout_id, line_no, commission, fees, adjust FROM profit_actuals WHERE order_id = ? ORDER BY payout_id, line_no`, id); err != nil {
			return err
		}
		prefix := fmt.Sprintf("order:%d:", id)
		out.Entries, err = store.CollectTx(ctx, tx, func(row store.Scanner) (int64, error) {
			var e int64
			return e, row.Scan(&e)
		}, `SELECT id FROM ledger_entries WHERE source_key >= ? AND source_key < ? ORDER BY id`, prefix, prefix[:len(prefix)-1]+";")
		return err
	})
	if err != nil {
		return profit.OrderFacts{}, fmt.Errorf("profitdb: order %d: %w", id, err)
	}
	return out, nil
}
