package erpcall

import (
	"context"
	"strconv"

	"github.com/fnshub/fnshub/internal/erp"
	"github.com/fnshub/fnshub/internal/fault"
)

// Remote is one ERP's two calls a push needs.
type Remote interface {
	// Find looks the voucher up by its ID (erp.Voucher.ID) and returns
	// the ERP's id for it, found false when the ERP has none.
	Find(ctx context.Context, v erp.Voucher) (ref string, found bool, err error)
	// Create makes the voucher (and posts it, where the ERP needs that)
	// and returns the ERP's id for it.
	Create(ctx context.Context, v erp.Voucher) (ref string, err error)
}

// Push sends vs through r, one at a time and in order. Each attempt looks
// the voucher up before creating it, so an attempt retried after a create
// whose answer was lost finds the voucher instead of making a second one.
// An Auth error stops the push and is returned with the results so far.
func Push(ctx context.Context, r Remote, retry Retry, vs []erp.Voucher) ([]erp.Result, error) {
	results := make([]erp.Result, 0, len(vs))
	for _, v := range vs {
		if err := ctx.Err(); err != nil {
			return results, err
		}
		res := pushOne(ctx, r, retry, v)
		if res.Err != nil && KindOf(res.Err) == Auth {
			return results, res.Err
		}
		results = append(results, res)
	}
	return results, nil
}

func pushOne(ctx context.Context, r Remote, retry Retry, v erp.Voucher) erp.Result {
	if err := Check(v); err != nil {
		return erp.Result{ID: v.ID, Outcome: erp.Failed, Err: err}
	}
	res := erp.Result{ID: v.ID}
	sent := false // a create went out in this push: what is found after it is ours
	err := retry.Do(ctx, func() error {
		ref, found, err := r.Find(ctx, v)
		if err != nil {
			return err
		}
		if found {
			res.Outcome, res.ERPRef = erp.Exists, ref
			if sent {
				res.Outcome = erp.Created
			}
			return nil
		}
		sent = true
		ref, err = r.Create(ctx, v)
		if err != nil {
			return err
		}
		res.Outcome, res.ERPRef = erp.Created, ref
		return nil
	})
	if err != nil {
		return erp.Result{ID: v.ID, Outcome: erp.Failed, Err: err}
	}
	return res
}

// Check refuses a voucher no ERP would take, before it is sent: no ID, no
// lines, a line with both or neither of debit and credit or a negative
// one, a currency other than the voucher's, or debits ≠ credits.
func Check(v erp.Voucher) error {
	if v.ID == "" {
		return fault.Invalidf("id", "voucher_id_missing", "the voucher has no id; every voucher carries FNS-<entity>-<entry id>")
	}
	if len(v.Lines) < 2 {
		return fault.Invalidf("lines", "voucher_too_few_lines", "voucher %s has %d lines; a journal voucher needs a debit and a credit", v.ID, len(v.Lines))
	}
	var debit, credit int64
	for i, l := range v.Lines {
		if err := checkLine(v, i, l); err != nil {
			return err
		}
		debit += l.Debit.Minor()
		credit += l.Credit.Minor()
		if debit < 0 || credit < 0 {
			return fault.Invalidf("lines", "voucher_overflow", "voucher %s: its totals overflow", v.ID)
		}
	}
	if debit != credit {
		return fault.Invalidf("lines", "voucher_unbalanced", "voucher %s: debits %d ≠ credits %d (minor units); fix the entry or its account map", v.ID, debit, credit)
	}
	return nil
}

func checkLine(v erp.Voucher, i int, l erp.Line) error {
	field := "lines[" + strconv.Itoa(i) + "]"
	if l.Account == "" {
		return fault.Invalidf(field+".account", "voucher_line_no_account", "voucher %s line %d has no ERP account; map its ledger account first", v.ID, i+1)
	}
	if l.Debit.Sign() < 0 || l.Credit.Sign() < 0 || (l.Debit.IsZero() == l.Credit.IsZero()) {
		return fault.Invalidf(field, "voucher_line_side", "voucher %s line %d must have exactly one of debit and credit, positive", v.ID, i+1)
	}
	for _, a := range []struct {
		name string
		cur  string
	}{{"debit", string(l.Debit.Currency())}, {"credit", string(l.Credit.Currency())}} {
		if a.cur != "" && a.cur != string(v.Currency) {
			return fault.Invalidf(field+"."+a.name, "voucher_line_currency", "voucher %s line %d is in %s, the voucher in %s", v.ID, i+1, a.cur, v.Currency)
		}
	}
	return nil
}
