package storetest

import (
	"context"
	"strconv"
	"testing"

	"github.com/fnshub/fnshub/internal/analytics"
	"github.com/fnshub/fnshub/internal/analytics/analyticsdb"
	"github.com/fnshub/fnshub/internal/store"
)

// ExerciseAnalyticsBackfill loads orders and postings the way they were
// kept before migration 00027 and migrates up: the rollups it fills must
// equal their recomputation, with the figures the rules give.
func ExerciseAnalyticsBackfill(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t)
	must(t, db.MigrateDownTo(ctx, 26))
	hour := int64(493_000) * analytics.MicrosPerHour
	for _, q := range []string{
		`INSERT INTO orders (id, channel, shop, external_id, order_key, version, status, currency, shipping_fee, discount, total, created_at, paid_at, updated_at, raw_event_id, refunded)
		 VALUES (1, 'tmall', 'T1', 'e1', 'tmall/T1/e1', 1, 'shipped', 'CNY', 0, 0, 1000, ` + itoa(hour+5) + `, 1, ` + itoa(hour+5) + `, 0, 0),
		        (2, 'tmall', 'T1', 'e2', 'tmall/T1/e2', 1, 'cancelled', 'CNY', 0, 0, 700, ` + itoa(hour+6) + `, 1, ` + itoa(hour+6) + `, 0, 0),
		        (3, 'tmall', 'T1', 'e3', 'tmall/T1/e3', 1, 'refunded', 'CNY', 0, 0, 300, ` + itoa(hour+7) + `, 1, ` + itoa(hour+9*analytics.MicrosPerHour) + `, 0, 0),
		        (4, 'tmall', 'T1', 'e4', 'tmall/T1/e4', 1, 'partially_refunded', 'CNY', 0, 0, 500, ` + itoa(hour+8) + `, 1, ` + itoa(hour+8) + `, 0, 120)`,
		`INSERT INTO ledger_postings (entry_id, line, account_code, currency, amount_minor, effective_at) VALUES
		 (1, 1, '2203', 'CNY', 1000, ` + itoa(hour+10) + `), (1, 2, '6001.01', 'CNY', -885, ` + itoa(hour+10) + `),
		 (1, 3, '2221', 'CNY', -115, ` + itoa(hour+10) + `), (1, 4, '6401', 'CNY', 400, ` + itoa(hour+10) + `),
		 (1, 5, '1405', 'CNY', -400, ` + itoa(hour+10) + `)`,
	} {
		if err := exec(db, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	must(t, db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO ledger_entries (id, source_key, content_hash, description, effective_at, posted_at, prev_hash, hash, shop, channel)
			VALUES (1, 'order:1:revenue', ?, 'shipped', ?, 1, ?, ?, 'T1', 'tmall')`, []byte{0}, hour+10, []byte{0}, []byte{0})
		return err
	}))
	_, err := db.Migrate(ctx)
	must(t, err)
	s := analyticsdb.New(db)
	ms, err := s.Check(ctx)
	must(t, err)
	if len(ms) != 0 {
		t.Fatalf("backfilled rollups differ from the base tables: %v", ms)
	}
	rows, err := s.Rows(ctx, analytics.Filter{FromHour: 492_990, ToHour: 493_100})
	must(t, err)
	var sum analytics.Row
	for _, r := range rows {
		sum.Sales, sum.Books = sum.Sales.Add(r.Sales), sum.Books.Add(r.Books)
	}
	want := analytics.Row{Sales: analytics.Sales{Orders: 3, GMV: 1800, Refunds: 420}, Books: analytics.Books{Revenue: 885, COGS: 400}}
	if sum.Sales != want.Sales || sum.Books != want.Books {
		t.Fatalf("backfilled %+v %+v, want %+v %+v (rows %+v)", sum.Sales, sum.Books, want.Sales, want.Books, rows)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
