package recondb_test

import (
	"context"
	"testing"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/recon"
	"github.com/fnshub/fnshub/internal/settlement/recondb"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

func usd(m int64) money.Amount { return money.New(m, "USD") }

// TestStore_RunsSupersedeAndKeepHistory saves a run, re-runs the payout
// and reads both back, on each engine.
func TestStore_RunsSupersedeAndKeepHistory(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, ctx := e.Open(t), context.Background()
			wf := recon.Waterfall{Steps: []recon.Step{{Name: "sales", Expected: usd(100), Actual: usd(90)}, {Name: "payout", Expected: usd(100), Actual: usd(90)}},
				Explained: usd(-10), Tolerated: usd(0), Remainder: usd(0)}
			diff := recon.Difference{Class: recon.ShortPayment, Subject: "order:A", Message: "short", OrderID: 5, OrderRef: "A",
				LineKeys: []string{"k1", "k2"}, Expected: usd(100), Actual: usd(90), Impact: usd(-10)}
			match := recon.StoredMatch{LineKey: "k1", Kind: settlement.Sale, Amount: usd(90), OrderID: 5, Refund: -1, Rule: "order_ref", RulesVersion: 1}
			run := recon.Run{PayoutID: 1, PayoutRef: "P1", Shop: "S", RulesVersion: 1, Currency: "USD", Waterfall: wf,
				Entries: []recon.RunEntry{{Seq: 1, EntryID: 11}, {Seq: 2, EntryID: 12}}}
			var first int64
			must(t, db.InTx(ctx, func(tx *store.Tx) (err error) {
				first, err = recondb.Bind(tx).Insert(ctx, run, nil, []recon.StoredMatch{match}, []recon.Difference{diff})
				return err
			}))
			// Another payout's run settles part of order 5 too.
			must(t, db.InTx(ctx, func(tx *store.Tx) error {
				other := run
				other.PayoutID, other.PayoutRef, other.Entries = 2, "P2", nil
				m := match
				m.Amount = usd(30)
				_, err := recondb.Bind(tx).Insert(ctx, other, nil, []recon.StoredMatch{m}, nil)
				return err
			}))
			must(t, db.InTx(ctx, func(tx *store.Tx) error {
				s := recondb.Bind(tx)
				cur, ok, err := s.Current(ctx, 1)
				if err != nil || !ok || cur.ID != first || len(cur.Entries) != 2 || cur.Waterfall.Steps[0].Actual != usd(90) {
					t.Fatalf("current %+v %v %v", cur, ok, err)
				}
				ds, err := s.Differences(ctx, first)
				if err != nil || len(ds) != 1 || ds[0].Class != diff.Class || ds[0].Impact != usd(-10) || len(ds[0].LineKeys) != 2 {
					t.Fatalf("differences %+v %v", ds, err)
				}
				settled, err := s.Settled(ctx, []int64{5, 6}, 1)
				if err != nil || len(settled) != 1 || settled[5] != usd(30) {
					t.Fatalf("settled elsewhere than P1: %v %v", settled, err)
				}
				cur.Entries[0].ReversedBy, cur.Entries[1].ReversedBy = 21, 22
				run.RulesVersion = 2
				_, err = s.Insert(ctx, run, &cur, []recon.StoredMatch{match}, nil)
				return err
			}))
			must(t, db.Read(ctx, func(tx *store.Tx) error {
				runs, err := recondb.Bind(tx).Runs(ctx, 1)
				if err != nil || len(runs) != 2 {
					t.Fatalf("runs %+v %v", runs, err)
				}
				newer, older := runs[0], runs[1]
				if newer.Status != recon.RunCurrent || newer.RulesVersion != 2 || older.Status != recon.RunSuperseded ||
					older.SupersededBy != newer.ID || older.Entries[1].ReversedBy != 22 {
					t.Fatalf("history %+v", runs)
				}
				return nil
			}))
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
