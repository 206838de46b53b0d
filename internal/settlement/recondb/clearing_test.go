package recondb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/ledger/ledgerdb"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement/recon"
	"github.com/fnshub/fnshub/internal/settlement/recondb"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// TestClearingProblems_NameTheMovedPayoutWhoseRunDoesNotNet on each engine:
// payout 1's run moves money into the platform balance and out again;
// payout 2's run only in, so it is named; payout 3's run does the same but
// was never deposited, so its money still waits on the platform.
func TestClearingProblems_NameTheMovedPayoutWhoseRunDoesNotNet(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, ctx := e.Open(t), context.Background()
			l := ledger.New(ledgerdb.New(db), ledger.Options{})
			defer l.Close()
			must(t, l.InstallDefaultChart(ctx))
			post := func(key string, pb int64) int64 {
				res, err := l.Post(ctx, ledger.Request{Entity: 1, SourceKey: key, Description: key, Postings: []ledger.Posting{
					{Account: "1012", Amount: money.New(pb, "USD")}, {Account: "1002", Amount: money.New(-pb, "USD")}}})
				must(t, err)
				return res.Entry.ID
			}
			in, out := post("in", 100), post("out", -100)
			var ids []int64
			must(t, db.InTx(ctx, func(tx *store.Tx) (err error) {
				if ids, _, err = seedPayouts(ctx, tx); err != nil {
					return err
				}
				if _, err = tx.Exec(ctx, `UPDATE settlement_payouts SET deposit_at = 0 WHERE id = ?`, ids[2]); err != nil {
					return err
				}
				s := recondb.Bind(tx)
				for i, entries := range [][]int64{{in, out}, {in}, {in}} {
					r := recon.Run{PayoutID: ids[i], PayoutRef: "P", Shop: "S1", RulesVersion: 1, Currency: "USD",
						Waterfall: recon.Waterfall{Explained: usd(0), Tolerated: usd(0), Remainder: usd(0)}}
					for seq, id := range entries {
						r.Entries = append(r.Entries, recon.RunEntry{Seq: seq + 1, EntryID: id})
					}
					if _, err = s.Insert(ctx, r, nil, nil, nil); err != nil {
						return err
					}
				}
				return nil
			}))
			got, err := recondb.ClearingProblems(ctx, db, []string{"1012"})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || !strings.Contains(got[0], "payout 2 (P2 of shop S1)") || !strings.Contains(got[0], "1.00") {
				t.Fatalf("problems = %q, want payout 2's alone", got)
			}
			if none, err := recondb.ClearingProblems(ctx, db, []string{"6601"}); err != nil || len(none) != 0 {
				t.Fatalf("on an account no run posts to: %q, %v", none, err)
			}
		})
	}
}
