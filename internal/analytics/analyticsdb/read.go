package analyticsdb

import (
	"context"
	"fmt"

	"github.com/fnshub/fnshub/internal/analytics"
	"github.com/fnshub/fnshub/internal/store"
)

// Store reads the rollups.
type Store struct{ db *store.DB }

// New returns a Store over db.
func New(db *store.DB) *Store { return &Store{db: db} }

// Rows returns the rollup rows in f, sales and books of one key together,
// in no particular order.
func (s *Store) Rows(ctx context.Context, f analytics.Filter) (rows []analytics.Row, err error) {
	err = s.db.Read(ctx, func(tx *store.Tx) error { rows, err = readRows(ctx, tx, f); return err })
	return rows, err
}

func readRows(ctx context.Context, tx *store.Tx, f analytics.Filter) ([]analytics.Row, error) {
	where, args := rowFilter(f)
	key, group := `hour`, ``
	if f.DaysAt != nil {
		// Integer division: hours are positive after 1970, so it floors.
		key = fmt.Sprintf(`((hour + %d) / 24) * 24 - %d`, *f.DaysAt, *f.DaysAt)
		group = ` GROUP BY 1, 2, 3, 4`
	}
	byKey := map[analytics.Key]*analytics.Row{}
	var out []*analytics.Row
	row := func(k analytics.Key) *analytics.Row {
		if r, ok := byKey[k]; ok {
			return r
		}
		r := &analytics.Row{Key: k}
		byKey[k] = r
		out = append(out, r)
		return r
	}
	if err := eachRow(ctx, tx, `SELECT `+key+`, shop, channel, currency, `+sum(f, "orders")+`, `+sum(f, "gmv_minor")+`, `+sum(f, "refunds_minor")+
		` FROM analytics_sales`+where+group, args,
		func(sc store.Scanner) error {
			var k analytics.Key
			var s analytics.Sales
			if err := sc.Scan(&k.Hour, &k.Shop, &k.Channel, &k.Currency, &s.Orders, &s.GMV, &s.Refunds); err != nil {
				return err
			}
			row(k).Sales = s
			return nil
		}); err != nil {
		return nil, fmt.Errorf("analyticsdb: read sales: %w", err)
	}
	if err := eachRow(ctx, tx, `SELECT `+key+`, shop, channel, currency, `+sum(f, "revenue_minor")+`, `+sum(f, "cogs_minor")+
		` FROM analytics_books`+where+group, args,
		func(sc store.Scanner) error {
			var k analytics.Key
			var b analytics.Books
			if err := sc.Scan(&k.Hour, &k.Shop, &k.Channel, &k.Currency, &b.Revenue, &b.COGS); err != nil {
				return err
			}
			row(k).Books = b
			return nil
		}); err != nil {
		return nil, fmt.Errorf("analyticsdb: read books: %w", err)
	}
	rows := make([]analytics.Row, len(out))
	for i, r := range out {
		rows[i] = *r
	}
	return rows, nil
}

// sum is col, or its sum over a day when the hours are folded.
func sum(f analytics.Filter, col string) string {
	if f.DaysAt == nil {
		return col
	}
	return `CAST(SUM(` + col + `) AS BIGINT)`
}

func rowFilter(f analytics.Filter) (string, []any) {
	where, args := ` WHERE hour >= ? AND hour < ?`, []any{f.FromHour, f.ToHour}
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
	return where, args
}

func eachRow(ctx context.Context, tx *store.Tx, query string, args []any, fn func(store.Scanner) error) error {
	rows, err := tx.Query(ctx, query, args...)
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
