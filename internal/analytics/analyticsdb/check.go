package analyticsdb

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/fnshub/fnshub/internal/analytics"
	"github.com/fnshub/fnshub/internal/store"
)

// The SQL of what an order row and a posting count for, as orderdb's sold
// and ledgerdb's BookedAs count them in Go; migration 00027's backfill
// spells the same.
const (
	CountedSQL  = `status NOT IN ('awaiting_payment', 'cancelled')`
	RefundedSQL = `CASE WHEN status = 'refunded' AND refunded = 0 THEN total ELSE refunded END`
	revenueSQL  = `(p.account_code = '6001' OR p.account_code LIKE '6001.%')`
	cogsSQL     = `(p.account_code = '6401' OR p.account_code LIKE '6401.%')`
)

// Mismatch is a rollup figure that differs from its recomputation.
type Mismatch struct {
	Key          analytics.Key // Hour is -1 for a figure summed over all hours (refunds)
	Figure       string
	Rolled, Base int64
}

func (m Mismatch) String() string {
	at := fmt.Sprintf("hour %d", m.Key.Hour)
	if m.Key.Hour < 0 {
		at = "all hours"
	}
	return fmt.Sprintf("%s of shop %q (%s) in %s at %s: rollup %d, base tables %d", m.Figure, m.Key.Shop, m.Key.Channel, m.Key.Currency, at, m.Rolled, m.Base)
}

// Check recomputes the rollups from orders and ledger postings and returns
// every figure that differs: orders, GMV, revenue and COGS per hour, shop,
// channel and currency; refunds per shop, channel and currency (the base
// tables keep how much was refunded, not when).
func (s *Store) Check(ctx context.Context) (ms []Mismatch, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { ms, err = check(ctx, tx); return err })
	return ms, err
}

type figures map[analytics.Key]map[string]int64

func (f figures) add(k analytics.Key, figure string, v int64) {
	if f[k] == nil {
		f[k] = map[string]int64{}
	}
	f[k][figure] += v
}

func check(ctx context.Context, tx *store.Tx) ([]Mismatch, error) {
	rolled, base := figures{}, figures{}
	queries := []struct {
		into    figures
		query   string
		figures []string
	}{
		{rolled, `SELECT hour, shop, channel, currency, orders, gmv_minor FROM analytics_sales`, []string{"orders", "gmv"}},
		{rolled, `SELECT -1, shop, channel, currency, CAST(SUM(refunds_minor) AS BIGINT) FROM analytics_sales GROUP BY shop, channel, currency`, []string{"refunds"}},
		{rolled, `SELECT hour, shop, channel, currency, revenue_minor, cogs_minor FROM analytics_books`, []string{"revenue", "cogs"}},
		{base, `SELECT created_at / 3600000000, shop, channel, currency, CAST(SUM(CASE WHEN ` + CountedSQL + ` THEN 1 ELSE 0 END) AS BIGINT),
			CAST(SUM(CASE WHEN ` + CountedSQL + ` THEN total ELSE 0 END) AS BIGINT) FROM orders GROUP BY 1, 2, 3, 4`, []string{"orders", "gmv"}},
		{base, `SELECT -1, shop, channel, currency, CAST(SUM(` + RefundedSQL + `) AS BIGINT) FROM orders GROUP BY 2, 3, 4`, []string{"refunds"}},
		{base, `SELECT p.effective_at / 3600000000, CASE WHEN p.shop <> '' THEN p.shop ELSE e.shop END, CASE WHEN p.shop <> '' THEN p.channel ELSE e.channel END,
			p.currency, CAST(SUM(CASE WHEN ` + revenueSQL + ` THEN -p.amount_minor ELSE 0 END) AS BIGINT),
			CAST(SUM(CASE WHEN ` + cogsSQL + ` THEN p.amount_minor ELSE 0 END) AS BIGINT)
			FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id
			WHERE (p.shop <> '' OR e.shop <> '') AND (` + revenueSQL + ` OR ` + cogsSQL + `) GROUP BY 1, 2, 3, 4`, []string{"revenue", "cogs"}},
	}
	for _, q := range queries {
		err := eachRow(ctx, tx, q.query, nil, func(sc store.Scanner) error {
			var k analytics.Key
			vs := make([]int64, len(q.figures))
			dest := []any{&k.Hour, &k.Shop, &k.Channel, &k.Currency}
			for i := range vs {
				dest = append(dest, &vs[i])
			}
			if err := sc.Scan(dest...); err != nil {
				return err
			}
			for i, name := range q.figures {
				q.into.add(k, name, vs[i])
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("analyticsdb: check: %w", err)
		}
	}
	return compare(rolled, base), nil
}

func compare(rolled, base figures) []Mismatch {
	var ms []Mismatch
	seen := func(a, b figures) {
		for k, fs := range a {
			for name := range fs {
				r, b := rolled[k][name], base[k][name]
				if r != b && !slices.ContainsFunc(ms, func(m Mismatch) bool { return m.Key == k && m.Figure == name }) {
					ms = append(ms, Mismatch{Key: k, Figure: name, Rolled: r, Base: b})
				}
			}
		}
	}
	seen(rolled, base)
	seen(base, rolled)
	slices.SortFunc(ms, func(a, b Mismatch) int {
		return cmp.Or(cmp.Compare(a.Key.Hour, b.Key.Hour), cmp.Compare(a.Key.Shop, b.Key.Shop), cmp.Compare(a.Figure, b.Figure))
	})
	return ms
}
