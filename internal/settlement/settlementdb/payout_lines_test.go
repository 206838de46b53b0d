package settlementdb_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/settlementtest"
	"github.com/fnshub/fnshub/internal/store"
)

// exercisePayoutLines checks that reading a payout's lines in one
// statement, as reconciliation does, gives each payout exactly the lines
// the paged listing gives, in the same order, without the raw rows.
func exercisePayoutLines(t *testing.T, db *store.DB) {
	ctx := context.Background()
	if _, err := importFile(t, db, "s1", settlementtest.File("pl", 2500, 1000), false); err != nil {
		t.Fatal(err)
	}
	read(t, db, func(st settlement.TxStore) error {
		payouts, err := st.Payouts(ctx, settlement.PayoutFilter{Shop: "s1"})
		if err != nil {
			return err
		}
		total := 0
		for _, p := range payouts {
			got, err := st.PayoutLines(ctx, p)
			if err != nil {
				return err
			}
			var want []settlement.Line
			for after := int64(0); ; {
				page, err := st.Lines(ctx, p.ID, after, 1000)
				if err != nil {
					return err
				}
				if len(page) == 0 {
					break
				}
				for _, l := range page {
					if l.Raw == "" {
						t.Fatalf("payout %s line %s: the listing lost its raw row", p.Ref, l.Key)
					}
					l.Line.Raw = ""
					want = append(want, l.Line)
					after = l.ID
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("payout %s: %d lines read whole, %d listed, or they differ", p.Ref, len(got), len(want))
			}
			total += len(got)
		}
		if len(payouts) != 3 || total != 2500 {
			t.Fatalf("%d payouts with %d lines, want 3 with 2500", len(payouts), total)
		}
		return nil
	})
}
