package main

import (
	"context"
	"fmt"

	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/finance/financedb"
	"github.com/fnshub/fnshub/internal/ledger"
)

func checkCmd() command {
	return command{name: "check", args: "[--data DIR | --db URL]",
		summary: "verify the invariants of the books, stock and orders",
		help: "Reads the whole ledger, stock and order history and verifies DESIGN.md §5 invariants 1–7:\n" +
			"every entry balances per currency, balances equal the sums of postings and net to zero per legal\n" +
			"entity, reversals negate their originals, each entity's hash chain is intact; the open receivables\n" +
			"of orders equal the receivable accounts' balances (every account the receivable role maps to) per\n" +
			"entity and currency, so a hand entry on 1122 is reported; every stock level is within 0 <= reserved <= on\n" +
			"hand and equals the sum of its movements and of its held reservations; every order was created by\n" +
			"one version and stands at its newest effective one with that version's content (lines, amounts and\n" +
			"address, by their keyed fingerprint), and a cancelled order holds no stock; the\n" +
			"stock's value equals account 1405; the audit log's hash chain is whole (every hash recomputed, no seq\n" +
			"missing, each entry naming its predecessor), else the first bad seq is named. Exits 0 with one summary line when all hold; exits 3 and names\n" +
			"each broken entry, stock level or order and rule otherwise. Changes nothing.",
		run: runCheck}
}

func runCheck(ctx context.Context, env cliEnv, cfg config.Config) error {
	h, err := openHub(ctx, cfg, env.getenv, newLogger(env.stderr, cfg), false)
	if err != nil {
		return err
	}
	defer h.close()
	maps, err := financedb.New(h.db).All(ctx)
	if err != nil {
		return err
	}
	rep, err := h.ledger.CheckWith(ctx, ledger.CheckOptions{ReceivableAccounts: finance.Codes(finance.Receivable, maps...)})
	if err != nil {
		return err
	}
	levels, stockProblems, err := h.stock.Check(ctx)
	if err != nil {
		return err
	}
	orders, orderProblems, err := h.orders.Check(ctx)
	if err != nil {
		return err
	}
	valueProblems, err := h.value.Check(ctx)
	if err != nil {
		return err
	}
	orderProblems = append(orderProblems, valueProblems...)
	trail, err := h.audit.Verify(ctx)
	if err != nil {
		return err
	}
	if rep.OK() && len(stockProblems) == 0 && len(orderProblems) == 0 && trail.OK() {
		fmt.Fprintf(env.stdout, "ok: %d entries, %d accounts, %d stock levels, %d orders, %d audit log entries; entries balance, balances match postings and net to zero, hash chain verified per entity, receivables match their orders, stock matches its movements, reservations and its value in account 1405, each order version had one effect and the newest won with its content, the audit log's hash chain is whole\n",
			rep.Entries, rep.Accounts, levels, orders, trail.Entries)
		return nil
	}
	fmt.Fprintf(env.stdout, "BROKEN: %d problem(s) in %d entries, %d stock levels, %d orders and %d audit log entries:\n",
		len(rep.Problems)+len(stockProblems)+len(orderProblems)+len(trail.Problems), rep.Entries, levels, orders, trail.Entries)
	if !trail.OK() {
		fmt.Fprintf(env.stdout, "  the audit log breaks first at seq %d\n", trail.FirstBad)
		for _, p := range trail.Problems {
			fmt.Fprintf(env.stdout, "  %s\n", p)
		}
	}
	for _, p := range orderProblems {
		fmt.Fprintf(env.stdout, "  %s\n", p)
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(env.stdout, "  %s\n", p)
	}
	for _, p := range stockProblems {
		fmt.Fprintf(env.stdout, "  %s\n", p)
	}
	return errBroken
}
