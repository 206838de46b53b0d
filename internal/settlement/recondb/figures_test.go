package recondb_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement/recon"
	"github.com/fnshub/fnshub/internal/settlement/recondb"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

var november = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// TestFigures_CountUnreconciledAndSumOpenDifferences gives the close report
// the payouts of one entity's month that no current run reconciles and the
// differences of the current runs, on each engine: a superseded run, a
// payout of December and one of another entity's shop count for nothing.
func TestFigures_CountUnreconciledAndSumOpenDifferences(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, ctx := e.Open(t), context.Background()
			var ids []int64
			must(t, db.InTx(ctx, func(tx *store.Tx) (err error) { ids, _, err = seedPayouts(ctx, tx); return err }))
			diff := func(m int64, cur money.Currency) recon.Difference {
				return recon.Difference{Class: recon.ShortPayment, Subject: "order:A", Message: "short", OrderRef: "A",
					Expected: money.New(0, cur), Actual: money.New(m, cur), Impact: money.New(m, cur)}
			}
			run := func(payout int, cur money.Currency, remainder int64) recon.Run {
				return recon.Run{PayoutID: ids[payout-1], PayoutRef: "P", Shop: "S1", RulesVersion: 1, Currency: cur,
					Waterfall: recon.Waterfall{Explained: money.New(0, cur), Tolerated: money.New(0, cur), Remainder: money.New(remainder, cur)}}
			}
			must(t, db.InTx(ctx, func(tx *store.Tx) error {
				s := recondb.Bind(tx)
				old, err := s.Insert(ctx, run(1, "USD", 0), nil, nil, []recon.Difference{diff(-100, "USD")})
				if err != nil {
					return err
				}
				if _, err := s.Insert(ctx, run(1, "USD", 0), &recon.Run{ID: old}, nil, []recon.Difference{diff(-10, "USD"), diff(-5, "USD")}); err != nil {
					return err
				}
				if _, err := s.Insert(ctx, run(3, "EUR", 7), nil, nil, []recon.Difference{diff(3, "EUR")}); err != nil {
					return err
				}
				_, err = s.Insert(ctx, run(5, "USD", 0), nil, nil, []recon.Difference{diff(-1000, "USD")})
				return err
			}))
			got, err := recondb.NewFigures(db).Reconciliation(ctx, 1, november, november.AddDate(0, 1, 0))
			if err != nil {
				t.Fatal(err)
			}
			// Payouts 2 (never run) and 3 (a remainder left) are not reconciled.
			want := []money.Amount{money.New(3, "EUR"), usd(-15)}
			if got.UnreconciledPayouts != 2 || !reflect.DeepEqual(got.OpenDifferences, want) {
				t.Fatalf("figures = %+v, want 2 unreconciled and open %v", got, want)
			}
			empty, err := recondb.NewFigures(db).Reconciliation(ctx, 1, november.AddDate(0, 2, 0), november.AddDate(0, 3, 0))
			if err != nil || empty.UnreconciledPayouts != 0 || len(empty.OpenDifferences) != 0 || empty.OpenDifferences == nil {
				t.Fatalf("January figures = %+v, %v; want zero and an empty list", empty, err)
			}
		})
	}
}

// seedPayouts stores shops S1 (entity 1) and S2 (another entity) and
// payouts 1–3 of S1 in November, 4 of S1 in December and 5 of S2 in
// November, and returns the payouts' ids and S2's entity.
func seedPayouts(ctx context.Context, tx *store.Tx) (ids []int64, other int64, err error) {
	at := november.UnixMicro()
	if err = tx.QueryRow(ctx, `INSERT INTO legal_entities (code, name, base_currency, timezone, created_at) VALUES ('e2', 'E2', 'USD', 'UTC', ?) RETURNING id`, at).Scan(&other); err != nil {
		return nil, 0, err
	}
	if _, err = tx.Exec(ctx, `INSERT INTO shops (id, channel, name, entity_id, currency, timezone, active, created_at, updated_at)
		VALUES ('S1', 'shopify', 'S1', 1, 'USD', 'UTC', 1, ?, ?), ('S2', 'shopify', 'S2', ?, 'USD', 'UTC', 1, ?, ?)`, at, at, other, at, at); err != nil {
		return nil, 0, err
	}
	var imp int64
	if err = tx.QueryRow(ctx, `INSERT INTO settlement_imports (shop, format, file_name, file_sha256, lines_read, lines_new, lines_dup, lines_moved, payouts, status, imported_by, imported_at)
		VALUES ('S1', 'f', 'f.csv', 'x', 0, 0, 0, 0, 0, 'applied', 'test', ?) RETURNING id`, at).Scan(&imp); err != nil {
		return nil, 0, err
	}
	for i, p := range []struct {
		shop  string
		month int
	}{{"S1", 0}, {"S1", 0}, {"S1", 0}, {"S1", 1}, {"S2", 0}} {
		dep := november.AddDate(0, p.month, 14).UnixMicro()
		var id int64
		if err = tx.QueryRow(ctx, `INSERT INTO settlement_payouts (shop, platform, format, ref, currency, start_at, end_at, deposit_at, total_minor, has_total, status, row_no, import_id, line_count, imported_at)
			VALUES (?, 'shopify', 'f', ?, 'USD', ?, ?, ?, 0, 1, 'paid', 1, ?, 0, ?) RETURNING id`, p.shop, fmt.Sprintf("P%d", i+1), dep, dep, dep, imp, at).Scan(&id); err != nil {
			return nil, 0, err
		}
		ids = append(ids, id)
	}
	return ids, other, nil
}
