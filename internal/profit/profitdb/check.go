package profitdb

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/fnshub/fnshub/internal/profit"
	"github.com/fnshub/fnshub/internal/store"
)

// Mismatch is a profit figure that differs from its recomputation.
type Mismatch struct {
	Where        string // the rollup key or the order
	Figure       string
	Rolled, Base int64
}

func (m Mismatch) String() string {
	return fmt.Sprintf("profit %s of %s: kept %d, recomputed %d", m.Figure, m.Where, m.Rolled, m.Base)
}

// The SQL of the cost-of-goods postings of an order, as AddCOGS counts
// them in Go (and migration 00034's backfill spells).
const cogsOfOrders = `SELECT CASE WHEN p.source_kind <> '' THEN p.source_id ELSE e.source_id END AS id, CAST(SUM(p.amount_minor) AS BIGINT) AS cost
	FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id
	WHERE (p.account_code = '6401' OR p.account_code LIKE '6401.%')
	  AND CASE WHEN p.source_kind <> '' THEN p.source_kind ELSE e.source_kind END = 'order' GROUP BY 1`

// Check recomputes the rollups (hourly, and hourly and daily by campaign)
// from the line facts, each order's revenue from its lines and shipping
// fee, its cost of goods from the ledger, its actuals from the payouts'
// rows and its hand-entered shipping cost from order_shipping_costs, and
// returns every figure that differs.
func (s *Store) Check(ctx context.Context) (ms []Mismatch, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { ms, err = check(ctx, tx); return err })
	return ms, err
}

type kept map[string]map[string]int64

func (k kept) add(where, figure string, v int64) {
	if k[where] == nil {
		k[where] = map[string]int64{}
	}
	k[where][figure] += v
}

func check(ctx context.Context, tx *store.Tx) ([]Mismatch, error) {
	rolled, base := kept{}, kept{}
	sums := make([]string, len(profit.Columns))
	for i, c := range profit.Columns {
		sums[i] = `CAST(SUM(` + c + `) AS BIGINT)`
	}
	key := `'hour ' || CAST(hour AS TEXT) || ' shop ' || shop || ' channel ' || channel || ' campaign ' || campaign || ' ' || currency`
	daySQL := fmt.Sprintf(`((hour + %d) / 24) * 24 - %d`, DaysOffset, DaysOffset)
	dayKey := func(day string) string {
		return `'day ' || CAST(` + day + ` AS TEXT) || ' shop ' || shop || ' channel ' || channel || ' campaign ' || campaign || ' ' || currency`
	}
	hourKey := `'hour ' || CAST(hour AS TEXT) || ' shop ' || shop || ' channel ' || channel || ' ' || currency`
	queries := []struct {
		into    kept
		query   string
		figures []string
	}{
		{rolled, `SELECT ` + key + `, ` + strings.Join(profit.Columns, ", ") + ` FROM profit_campaign_hours`, profit.Columns},
		{base, `SELECT ` + key + `, ` + strings.Join(sums, ", ") + ` FROM profit_lines GROUP BY hour, shop, channel, campaign, currency`, profit.Columns},
		{rolled, `SELECT ` + dayKey("day") + `, ` + strings.Join(profit.Columns, ", ") + ` FROM profit_campaign_days`, profit.Columns},
		{base, `SELECT ` + dayKey(daySQL) + `, ` + strings.Join(sums, ", ") + ` FROM profit_lines GROUP BY ` + daySQL + `, shop, channel, campaign, currency`, profit.Columns},
		{rolled, `SELECT ` + hourKey + `, ` + strings.Join(profit.Columns, ", ") + ` FROM profit_hours`, profit.Columns},
		{base, `SELECT ` + hourKey + `, ` + strings.Join(sums, ", ") + ` FROM profit_lines GROUP BY hour, shop, channel, currency`, profit.Columns},
		{rolled, `SELECT 'order ' || CAST(order_id AS TEXT), CAST(SUM(revenue) AS BIGINT), CAST(SUM(cogs) AS BIGINT),
			CAST(SUM(act_commission) AS BIGINT), CAST(SUM(act_fees) AS BIGINT), CAST(SUM(act_adjust) AS BIGINT),
			CAST(SUM(act_shipping) AS BIGINT), CAST(MAX(shipping_set) AS BIGINT) FROM profit_lines GROUP BY order_id`,
			[]string{"revenue", "cogs", "act_commission", "act_fees", "act_adjust", "act_shipping", "shipping_set"}},
		{base, `SELECT 'order ' || CAST(o.id AS TEXT), CASE WHEN o.status IN ('awaiting_payment', 'cancelled') THEN 0
			ELSE COALESCE((SELECT CAST(SUM(l.net) AS BIGINT) FROM order_lines l WHERE l.order_id = o.id), 0) + o.shipping_fee END
			FROM orders o WHERE EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)`, []string{"revenue"}},
		{base, `SELECT 'order ' || x.id, x.cost FROM (` + cogsOfOrders + `) AS x`, []string{"cogs"}},
		{base, `SELECT 'order ' || CAST(order_id AS TEXT), CAST(SUM(commission) AS BIGINT), CAST(SUM(fees) AS BIGINT), CAST(SUM(adjust) AS BIGINT)
			FROM profit_actuals GROUP BY order_id`, []string{"act_commission", "act_fees", "act_adjust"}},
		{base, `SELECT 'order ' || CAST(order_id AS TEXT), amount_minor, 1 FROM order_shipping_costs`, []string{"act_shipping", "shipping_set"}},
	}
	for _, q := range queries {
		if err := eachRow(ctx, tx, q.query, func(sc store.Scanner) error {
			var where string
			vs := make([]int64, len(q.figures))
			dest := []any{&where}
			for i := range vs {
				dest = append(dest, &vs[i])
			}
			if err := sc.Scan(dest...); err != nil {
				return err
			}
			for i, name := range q.figures {
				q.into.add(where, name, vs[i])
			}
			return nil
		}); err != nil {
			return nil, fmt.Errorf("profitdb: check: %w", err)
		}
	}
	return compare(rolled, base), nil
}

func compare(rolled, base kept) []Mismatch {
	seen := map[[2]string]bool{}
	var ms []Mismatch
	visit := func(a kept) {
		for where, fs := range a {
			for name := range fs {
				r, b := rolled[where][name], base[where][name]
				if r != b && !seen[[2]string{where, name}] {
					seen[[2]string{where, name}] = true
					ms = append(ms, Mismatch{Where: where, Figure: name, Rolled: r, Base: b})
				}
			}
		}
	}
	visit(rolled)
	visit(base)
	slices.SortFunc(ms, func(a, b Mismatch) int { return strings.Compare(a.Where+" "+a.Figure, b.Where+" "+b.Figure) })
	return ms
}

func eachRow(ctx context.Context, tx *store.Tx, query string, fn func(store.Scanner) error) error {
	rows, err := tx.Query(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
