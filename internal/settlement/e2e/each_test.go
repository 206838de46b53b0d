package e2e_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/settlement/e2e"
	"github.com/fnshub/fnshub/internal/store"
	"github.com/fnshub/fnshub/internal/store/storetest"
)

// TestReconcileEachAsOneByOne: reading payouts ahead changes nothing.
// The same month, imported into two databases, reconciled payout by
// payout (Reconcile) in one and with ReconcileEach in the other, leaves
// the same runs, matches, differences, ledger postings and profit facts.
// The month splits sales over consecutive payouts, so a read ahead that
// took what other payouts settled before the one before it was booked
// would differ here.
func TestReconcileEachAsOneByOne(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			var got [2]map[string]string
			for i, o := range []e2e.Options{{OneByOne: true}, {}} {
				db := eng.Open(t)
				rep := runMonthWith(t, ctx, db, e2e.Month(8_000, 40, 5), o)
				if len(rep.Missed) > 0 || len(rep.Invented) > 0 {
					t.Fatalf("%+v: missed %v\ninvented %v", o, rep.Missed, rep.Invented)
				}
				got[i] = booked(t, ctx, db)
			}
			for what, one := range got[0] {
				if got[1][what] != one {
					t.Errorf("%s: one by one %s, read ahead %s", what, one, got[1][what])
				}
			}
		})
	}
}

// bookedQueries are what a reconciliation leaves, each read in a fixed
// order.
var bookedQueries = map[string]string{
	"runs":        `SELECT payout_id, status, fingerprint, differences, expected_minor, actual_minor, remainder_minor FROM recon_runs ORDER BY payout_id, id`,
	"matches":     `SELECT r.payout_id, m.line_key, m.order_id, m.refund_index, m.rule FROM recon_matches m JOIN recon_runs r ON r.id = m.run_id ORDER BY r.payout_id, m.line_key`,
	"differences": `SELECT r.payout_id, d.seq, d.class, d.subject, d.impact_minor FROM recon_differences d JOIN recon_runs r ON r.id = d.run_id ORDER BY r.payout_id, d.seq`,
	"postings":    `SELECT entry_id, line, account_code, currency, amount_minor FROM ledger_postings ORDER BY entry_id, line`,
	"profit":      `SELECT order_id, line_no, payouts, actual_lines FROM profit_lines ORDER BY order_id, line_no`,
}

// booked digests each of bookedQueries' answers, with its row count.
func booked(t *testing.T, ctx context.Context, db *store.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := db.Read(ctx, func(tx *store.Tx) error {
		for what, q := range bookedQueries {
			d, err := digest(ctx, tx, q)
			if err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
			out[what] = d
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for what, d := range out {
		if strings.HasPrefix(d, "0 rows") {
			t.Fatalf("%s: nothing booked (%v)", what, out)
		}
	}
	return out
}

func digest(ctx context.Context, tx *store.Tx, q string) (string, error) {
	rows, err := tx.Query(ctx, q)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	vals, ptrs := make([]any, len(cols)), make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		for _, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			fmt.Fprintf(h, "%v|", v)
		}
		h.Write([]byte("\n"))
		n++
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d rows %s", n, hex.EncodeToString(h.Sum(nil))[:16]), nil
}
