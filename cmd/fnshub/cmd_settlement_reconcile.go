package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/fault"
)

// reconcilePayout reconciles payout id under its shop's terms and prints
// the waterfall and the differences, largest first.
func reconcilePayout(ctx context.Context, env cliEnv, h *hub, id int64) error {
	done, used, err := h.reconcile.ReconcileStored(ctx, id)
	if err != nil {
		return err
	}
	view, err := h.reconcile.Reconciliation(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "under %s and %s\n", termsName("contract", used.Contract.Version, used.Contract.Default),
		termsName("rule set", used.Rules.Version, used.Rules.Default))
	if done.Duplicate {
		fmt.Fprintf(env.stdout, "duplicate: run %d already says this; nothing posted\n", done.RunID)
	} else {
		fmt.Fprintf(env.stdout, "applied: run %d posted %d entries, reversed %d of the run before\n", done.RunID, len(done.Posted), done.Reversed)
	}
	if err := printReconciliation(env, view); err != nil {
		return err
	}
	if done.Duplicate {
		return nil
	}
	return h.recordCLI(ctx, env, "settlement reconcile", fmt.Sprintf("payout %d", id),
		map[string]any{"run": done.RunID, "posted": done.Posted, "reversed": done.Reversed, "differences": len(view.Differences)})
}

// reconcileShop reconciles every payout of the shop under its stored
// terms, oldest deposit first (what a payout settles of an order, the
// next one reads), printing a line per payout.
func reconcileShop(ctx context.Context, env cliEnv, h *hub, shopID string) error {
	res, err := h.reconcile.ReconcileShop(ctx, shopID, func(d app.PayoutReconciled) {
		p, out := d.Payout, d.Outcome
		if out.Duplicate {
			fmt.Fprintf(env.stdout, "payout %d %s: duplicate: run %d already says this\n", p.ID, p.Ref, out.RunID)
			return
		}
		fmt.Fprintf(env.stdout, "payout %d %s: applied: run %d posted %d entries, reversed %d, %d differences\n",
			p.ID, p.Ref, out.RunID, len(out.Posted), out.Reversed, len(out.Result.Differences))
	})
	if fault.Is(err, fault.Conflict) {
		return usageErr("%v", err)
	}
	if err != nil {
		return err
	}
	applied := res.Applied()
	fmt.Fprintf(env.stdout, "%d of %d payouts reconciled: %d applied, %d duplicate\n", len(res.Done), res.Payouts, applied, len(res.Done)-applied)
	if applied > 0 {
		differences := 0
		for _, d := range res.Done {
			if !d.Outcome.Duplicate {
				differences += len(d.Outcome.Result.Differences)
			}
		}
		if err := h.recordCLI(ctx, env, "settlement reconcile", "shop "+shopID,
			map[string]any{"payouts": res.Payouts, "applied": applied, "duplicate": len(res.Done) - applied, "differences": differences}); err != nil {
			return err
		}
	}
	if res.Stopped != nil {
		return fmt.Errorf("payout %d %s: %w", res.Stopped.Payout.ID, res.Stopped.Payout.Ref, res.Stopped.Err)
	}
	return nil
}

func printReconciliation(env cliEnv, v app.Reconciliation) error {
	p := v.Payout
	fmt.Fprintf(env.stdout, "payout %d: %s of shop %s (%s)\n", p.ID, p.Ref, p.Shop, p.Currency)
	if v.Current == nil {
		fmt.Fprintln(env.stdout, "not reconciled yet: fnshub settlement reconcile", p.ID)
		return nil
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "STEP\tEXPECTED\tACTUAL\t")
	w := v.Current.Waterfall
	for _, s := range w.Steps {
		fmt.Fprintf(tw, "%s\t%s\t%s\t\n", s.Name, s.Expected, s.Actual)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "explained %s, tolerated %s, unexplained %s\n", w.Explained, w.Tolerated, w.Remainder)
	if len(v.Differences) == 0 {
		fmt.Fprintln(env.stdout, "no differences: every line matched at the expected amount")
		return nil
	}
	tw = tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CLASS\tORDER\tEXPECTED\tACTUAL\tIMPACT\tWHY")
	for _, d := range v.Differences {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", d.Class, dash(d.OrderRef), d.Expected, d.Actual, d.Impact, d.Message)
	}
	return tw.Flush()
}

// termsName says which stored terms a run used: a version, or the
// default nobody saved.
func termsName(what string, version int64, isDefault bool) string {
	if isDefault {
		return "the default " + what + " (none saved)"
	}
	return fmt.Sprintf("%s version %d", what, version)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
