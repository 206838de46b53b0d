package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/ledger"
)

func periodCmd() command {
	var verb, month, reason string
	var entity int64
	return command{name: "period", verb: "list|close|reopen|report|revalue", chosen: &verb, operand: &month,
		args:    "list [--entity ID] | close YYYY-MM [--entity ID] | reopen YYYY-MM --reason R [--entity ID] | report YYYY-MM [--entity ID] | revalue YYYY-MM [--entity ID]",
		summary: "close, reopen and report on months of the books",
		help: "A month (YYYY-MM, in the legal entity's time zone) is open until closed (docs/adr/0046-period-close.md).\n" +
			"list: prints the months closed at least once: status, who closed and reopened them.\n" +
			"close: closes the month and every open month before it, once it has ended. An entry dated into a\n" +
			"closed month later is not refused: it posts at the start of the first open month and keeps the date\n" +
			"it was for (dated_for). Closing a closed month changes nothing.\n" +
			"reopen: opens a closed month again, and every later closed month with it; --reason is required and\n" +
			"kept with the months and in the audit log.\n" +
			"report: prints the month's close report as JSON: the trial balance at its end, the entries in it, the\n" +
			"late items moved into it, and reconciliation figures.\n" +
			"revalue: remeasures the month's open foreign-currency receivables, payables and cash at its last day's\n" +
			"rate against 6603, reversed on the next month's first day (docs/adr/0051), in the entity's own currency;\n" +
			"its platform receivables are read from the accounts its receivable role maps to, its B2B invoices and\n" +
			"bills from its own documents (docs/adr/0058, 0060). Running it again changes nothing.",
		flags: func(fs *flag.FlagSet) {
			fs.Int64Var(&entity, "entity", ledger.DefaultEntity, "legal entity id")
			fs.StringVar(&reason, "reason", "", "why the month is reopened (reopen)")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			if entity < 1 {
				return usageErr("--entity must be 1 or more")
			}
			if verb == "list" {
				if month != "" {
					return usageErr("list takes no month")
				}
				return withHub(ctx, env, cfg, func(h *hub) error { return listPeriods(ctx, env, cfg, h, entity) })
			}
			p, err := ledger.ParsePeriod("period", month)
			if err != nil {
				return usageErr("%s needs a month written YYYY-MM, as in 'fnshub period %s 2026-11'", verb, verb)
			}
			if verb == "revalue" {
				return withHub(ctx, env, cfg, func(h *hub) error { return revaluePeriod(ctx, env, h, cfg, entity, month) })
			}
			if verb != "reopen" && reason != "" {
				return usageErr("--reason is for reopen")
			}
			return withHub(ctx, env, cfg, func(h *hub) error { return runPeriod(ctx, env, h, verb, entity, p, reason) })
		}}
}

func runPeriod(ctx context.Context, env cliEnv, h *hub, verb string, entity int64, p ledger.Period, reason string) error {
	target := fmt.Sprintf("entity %d period %s", entity, p)
	switch verb {
	case "close":
		res, err := h.periods.Close(ctx, entity, p, cliActor(env))
		if err != nil {
			return err
		}
		if res.Duplicate {
			fmt.Fprintf(env.stdout, "duplicate: %s of entity %d was closed already; nothing changed\n", p, entity)
			return nil
		}
		months := make([]string, len(res.Closed))
		for i, r := range res.Closed {
			months[i] = r.Period.String()
			fmt.Fprintf(env.stdout, "closed %s of entity %d\n", r.Period, entity)
		}
		return h.recordCLI(ctx, env, "period close", target, map[string]any{"closed": months})
	case "reopen":
		recs, err := h.periods.Reopen(ctx, entity, p, cliActor(env), reason)
		if err != nil {
			return err
		}
		months := make([]string, len(recs))
		for i, r := range recs {
			months[i] = r.Period.String()
			fmt.Fprintf(env.stdout, "reopened %s of entity %d\n", r.Period, entity)
		}
		return h.recordCLI(ctx, env, "period reopen", target, map[string]any{"reopened": months, "reason": reason})
	}
	rep, err := h.periods.Report(ctx, entity, p)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(env.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

func listPeriods(ctx context.Context, env cliEnv, cfg config.Config, h *hub, entity int64) error {
	recs, err := h.periods.List(ctx, entity)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PERIOD\tSTATUS\tCLOSED AT\tCLOSED BY\tREOPENED AT\tREOPENED BY\tREASON")
	at := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.In(cfg.Location()).Format(time.DateTime)
	}
	for _, r := range recs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Period, r.Status, at(r.ClosedAt), r.ClosedBy, at(r.ReopenedAt), r.ReopenedBy, r.ReopenReason)
	}
	return tw.Flush()
}
