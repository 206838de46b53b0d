package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/finance/financedb"
)

// mapSettings collects repeated --set ROLE[@CHANNEL]=ACCOUNT flags.
type mapSettings []finance.MapEntry

func (m *mapSettings) String() string { return fmt.Sprint(*m) }

func (m *mapSettings) Set(v string) error {
	key, account, ok := strings.Cut(v, "=")
	if !ok || account == "" {
		return fmt.Errorf("want ROLE[@CHANNEL]=ACCOUNT, e.g. receivable@tmall=1122.01, not %q", v)
	}
	role, channel, _ := strings.Cut(key, "@")
	*m = append(*m, finance.MapEntry{Role: finance.Role(role), Channel: channel, Account: account})
	return nil
}

func accountsCmd() command {
	var entity int64
	var set mapSettings
	return command{name: "accounts", verb: "map",
		args:    "map [--entity ID] [--set ROLE[@CHANNEL]=ACCOUNT ...]",
		summary: "show or change the account map of the posting rules",
		help: "map: prints the legal entity's account map, the accounts the posting rules (internal/finance) use\n" +
			"for each role, per channel where one has its own. With --set (repeatable) it saves a new version:\n" +
			"the current map with those roles changed, e.g. --set receivable@tmall=1122.01 --set receivable@jd=1122.02.\n" +
			"Roles: receivable, advance, revenue, output_vat, cogs, inventory, payable, stock_gain, stock_loss,\n" +
			"intercompany_receivable, intercompany_payable, cash, platform_balance, commission, platform_fee,\n" +
			"advertising, shipping_expense, platform_reserve, settlement_difference, fx_difference.\n" +
			"The accounts must exist (POST /api/v1/ledger/accounts). Entries posted before keep the version they\n" +
			"were posted with; each entry records it (map_version).",
		flags: func(fs *flag.FlagSet) {
			fs.Int64Var(&entity, "entity", 1, "legal entity id")
			fs.Var(&set, "set", "ROLE[@CHANNEL]=ACCOUNT to change (repeatable)")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			if entity < 1 {
				return usageErr("--entity must be 1 or more")
			}
			return withHub(ctx, env, cfg, func(h *hub) error {
				maps := financedb.New(h.db)
				m, err := maps.Current(ctx, entity)
				if err != nil {
					return err
				}
				if len(set) > 0 {
					before := m
					if m, err = saveMap(ctx, maps, m, set); err != nil {
						return err
					}
					fmt.Fprintf(env.stdout, "saved account map version %d of entity %d\n", m.Version, m.Entity)
					if err := h.recordCLI(ctx, env, "accounts map", fmt.Sprintf("entity %d", m.Entity),
						map[string]any{"before": before, "after": m}); err != nil {
						return err
					}
				}
				return printMap(env, m)
			})
		}}
}

// saveMap saves cur with the settings applied as the next version.
func saveMap(ctx context.Context, maps *financedb.Store, cur finance.Map, set []finance.MapEntry) (finance.Map, error) {
	var entries []finance.MapEntry
	for _, e := range cur.Accounts {
		replaced := false
		for _, s := range set {
			replaced = replaced || (s.Role == e.Role && s.Channel == e.Channel)
		}
		if !replaced {
			entries = append(entries, e)
		}
	}
	m, err := finance.Complete(cur.Entity, append(entries, set...))
	if err != nil {
		return finance.Map{}, err
	}
	return maps.Save(ctx, m, time.Now())
}

func printMap(env cliEnv, m finance.Map) error {
	fmt.Fprintf(env.stdout, "entity %d, account map version %d\n", m.Entity, m.Version)
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ROLE\tCHANNEL\tACCOUNT")
	for _, e := range m.Accounts {
		channel := e.Channel
		if channel == "" {
			channel = "*"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", e.Role, channel, e.Account)
	}
	return tw.Flush()
}
