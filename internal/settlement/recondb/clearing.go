package recondb

import (
	"context"
	"fmt"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/store"
)

// ClearingProblems holds every reconciled payout to ADR 45's clearing rule:
// every line of a payout goes through the platform balance, and the payout
// moves out of it to cash once deposited or transferred, so the postings of
// the current run of a moved payout to the platform balance accounts
// (accounts: every account the role maps to) net to zero in each currency.
// The run's entries are those it posted and no re-run reversed. It returns
// one sentence per payout and currency that does not net, naming both.
func ClearingProblems(ctx context.Context, db *store.DB, accounts []string) ([]string, error) {
	if len(accounts) == 0 {
		return nil, nil
	}
	in, args := "?", []any{accounts[0]}
	for _, a := range accounts[1:] {
		in += ", ?"
		args = append(args, a)
	}
	type residue struct {
		run, payout int64
		ref, shop   string
		amount      money.Amount
	}
	got, err := store.Collect(ctx, db, func(row store.Scanner) (residue, error) {
		var r residue
		var cur string
		var minor int64
		err := row.Scan(&r.run, &r.payout, &r.ref, &r.shop, &cur, &minor)
		r.amount = money.New(minor, money.Currency(cur))
		return r, err
	}, `SELECT r.id, p.id, p.ref, p.shop, lp.currency, CAST(SUM(lp.amount_minor) AS BIGINT)
		FROM recon_runs r
		JOIN settlement_payouts p ON p.id = r.payout_id
		JOIN recon_entries re ON re.run_id = r.id AND re.reversed_by IS NULL
		JOIN ledger_postings lp ON lp.entry_id = re.entry_id AND lp.account_code IN (`+in+`)
		WHERE r.status = 'current' AND (p.deposit_at <> 0
			OR EXISTS (SELECT 1 FROM settlement_lines l WHERE l.payout_id = p.id AND l.kind = 'transfer'))
		GROUP BY r.id, p.id, p.ref, p.shop, lp.currency
		HAVING SUM(lp.amount_minor) <> 0
		ORDER BY p.id, lp.currency`, args...)
	if err != nil {
		return nil, fmt.Errorf("recondb: clearing check: %w", err)
	}
	out := make([]string, len(got))
	for i, r := range got {
		out[i] = fmt.Sprintf("payout %d (%s of shop %s): the platform balance postings of its current run %d net to %s, not zero: an entry of the run is missing or was changed; re-run the reconciliation (fnshub settlement reconcile %d)",
			r.payout, r.ref, r.shop, r.run, r.amount.Format(), r.payout)
	}
	return out, nil
}
