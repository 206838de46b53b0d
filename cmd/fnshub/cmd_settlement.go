package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/parse"
)

// settlementFormats are the formats the settlement commands and the API
// read: the parsers of internal/settlement/parse (a test sets its own).
var settlementFormats = app.Formats{Lookup: parse.Lookup, All: parse.Formats}

func settlementCmd() command {
	var verb, shopID, format, mapping string
	var lines, limit int
	var operands []string
	var set *flag.FlagSet
	return command{name: "settlement", verb: "import|pull|list|show|reconcile|formats", chosen: &verb, operands: &operands,
		args:    "import --format F [--shop ID] [--mapping NAME] FILE | pull --shop ID | list [--shop ID] [--limit N] | show PAYOUT-ID [--lines N] | reconcile PAYOUT-ID | reconcile --shop ID | formats",
		summary: "import the platforms' settlement files, list their payouts, show one",
		help: "Settlement files are what a platform says it paid: payouts and their lines — sales, refunds,\n" +
			"commissions, fees … (docs/adr/0044-settlement-import.md).\n" +
			"import: reads FILE in --format and stores its payouts and lines for the shop, in one transaction: a\n" +
			"  row the format does not read imports nothing and names the row and column. --shop may be left out\n" +
			"  when exactly one shop's settlements the format reads. Each line is stored once per shop under its\n" +
			"  platform key: importing the same file again is a \"duplicate\" and changes nothing; a stored line\n" +
			"  whose content differs refuses the whole file (a Shopify line leaving \"pending\" for its payout moves).\n" +
			"  --mapping names the saved column mapping the generic format reads with (fnshub settlement mapping).\n" +
			"  An import that brings something new queues the shop's reconciliation (job settlement.reconcile, run by\n" +
			"  fnshub serve) from the first payout the file names on, unless the shop's settlement_auto_reconcile\n" +
			"  setting is off (docs/adr/0063-automatic-reconciliation.md).\n" +
			"pull: fetches the shop's new settlement files now from the platform APIs its settlement_pull setting\n" +
			"  names (shopify-payments, amazon-settlement, alipay-bill, wechatpay-bill) and imports each as\n" +
			"  import does; the hub also does so every hour (docs/adr/0054-settlement-pulls.md). Each source's\n" +
			"  cursor moves only past a file whose import committed, so a failed download is fetched again.\n" +
			"  Prints each source's imports and state.\n" +
			"list: prints the newest payouts (of --shop): id, shop, payout, currency, total, lines, deposit date.\n" +
			"show: prints one payout and its first --lines lines.\n" +
			"reconcile: matches the payout's lines to the shop's orders and refunds under its contract and rules,\n" +
			"  classifies every difference (docs/adr/0045-reconciliation.md), posts the payout's entry and prints\n" +
			"  the waterfall (sales → refunds → commission → fees → adjustments → payout, expected beside actual)\n" +
			"  and the differences, largest first. Run again after a rule or mapping change: the last run's entries\n" +
			"  are reversed and the new ones posted; the same answer again is a \"duplicate\" and posts nothing.\n" +
			"  With --shop instead of a payout id: every payout of the shop, oldest deposit first, each in a\n" +
			"  transaction of its own while the next is read beside it (docs/adr/0062-reconciliation-read-ahead.md);\n" +
			"  prints one line per payout and stops at the first error, the payouts before it reconciled.\n" +
			"formats: prints every format with what it reads.",
		flags: func(fs *flag.FlagSet) {
			set = fs
			fs.StringVar(&format, "format", "", "import: the file's format (fnshub settlement formats lists them)")
			fs.StringVar(&shopID, "shop", "", "the shop whose settlements these are")
			fs.StringVar(&mapping, "mapping", "", "import: the saved mapping the generic format reads the file with")
			fs.IntVar(&lines, "lines", 20, "show: how many of the payout's lines to print (1 to 1000)")
			fs.IntVar(&limit, "limit", 100, "list: how many payouts to print (1 to 1000)")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			operand, err := operandThenFlags(set, operands)
			if err != nil {
				return err
			}
			switch verb {
			case "formats":
				return printFormats(env)
			case "import":
				if format == "" || operand == "" {
					return usageErr("say fnshub settlement import --format F [--shop ID] FILE")
				}
				return withHub(ctx, env, cfg, func(h *hub) error { return importSettlement(ctx, env, h, shopID, format, mapping, operand) })
			case "pull":
				if shopID == "" || operand != "" {
					return usageErr("say fnshub settlement pull --shop ID")
				}
				return withHub(ctx, env, cfg, func(h *hub) error { return pullSettlements(ctx, env, h, shopID) })
			case "show":
				id, err := strconv.ParseInt(operand, 10, 64)
				if err != nil || id <= 0 {
					return usageErr("name the payout by its id: fnshub settlement show PAYOUT-ID")
				}
				return withHub(ctx, env, cfg, func(h *hub) error { return showPayout(ctx, env, h, id, lines) })
			case "reconcile":
				if shopID != "" && operand == "" {
					return withHub(ctx, env, cfg, func(h *hub) error { return reconcileShop(ctx, env, h, shopID) })
				}
				id, err := strconv.ParseInt(operand, 10, 64)
				if err != nil || id <= 0 || shopID != "" {
					return usageErr("name the payout by its id, or the shop whose payouts to reconcile: fnshub settlement reconcile PAYOUT-ID | --shop ID")
				}
				return withHub(ctx, env, cfg, func(h *hub) error { return reconcilePayout(ctx, env, h, id) })
			}
			if operand != "" {
				return usageErr("unexpected argument %q", operand)
			}
			return withHub(ctx, env, cfg, func(h *hub) error { return listPayouts(ctx, env, h, shopID, limit) })
		}}
}

// operandThenFlags reads flags given after the command's one operand
// ("show 7 --lines 50"), which the flag package leaves unparsed.
func operandThenFlags(fs *flag.FlagSet, args []string) (string, error) {
	if len(args) == 0 {
		return "", nil
	}
	if err := fs.Parse(args[1:]); err != nil {
		return "", usageErr("%v", err)
	}
	if fs.NArg() > 0 {
		return "", usageErr("unexpected argument %q", fs.Arg(0))
	}
	return args[0], nil
}

func printFormats(env cliEnv) error {
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FORMAT\tPLATFORM\tREADS")
	for _, f := range settlementFormats.All() {
		platform := f.Platform
		if platform == "" {
			platform = "any"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", f.Name, platform, f.Summary)
	}
	return tw.Flush()
}

func importSettlement(ctx context.Context, env cliEnv, h *hub, shopID, format, mapping, file string) error {
	if shopID == "" {
		shops, err := h.settlements.ShopsFor(ctx, format)
		if err != nil {
			return err
		}
		switch len(shops) {
		case 0:
			return fmt.Errorf("no shop's settlements are in format %s: add the shop first (fnshub shop add)", format)
		case 1:
			shopID = shops[0]
		default:
			return usageErr("format %s fits %d shops (%s): say which with --shop", format, len(shops), strings.Join(shops, ", "))
		}
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	res, err := h.settlements.ImportSettlement(ctx, app.SettlementImport{Shop: shopID, Format: format, Mapping: mapping,
		FileName: filepath.Base(file), Body: f, By: "cli:" + cliActor(env)})
	if err != nil {
		return err
	}
	fmt.Fprintln(env.stdout, settlementOutcome(res))
	if res.Status == settlement.ImportDuplicate {
		return nil // nothing changed, nothing to audit
	}
	return h.recordCLI(ctx, env, "settlement import", "shop "+shopID, map[string]any{"file": filepath.Base(file), "format": format, "result": res})
}

// settlementOutcome says what an import did, in a line.
func settlementOutcome(r app.SettlementResult) string {
	if r.Status == settlement.ImportDuplicate {
		return fmt.Sprintf("duplicate: nothing changed, %s lines already imported", thousands(r.LinesDuplicate))
	}
	s := fmt.Sprintf("applied: %s payouts, %s lines new", thousands(r.Payouts), thousands(r.LinesNew))
	if r.LinesDuplicate > 0 {
		s += fmt.Sprintf(", %s already imported", thousands(r.LinesDuplicate))
	}
	if r.Moved > 0 {
		s += fmt.Sprintf(", %s moved from pending to their payout", thousands(r.Moved))
	}
	return s + fmt.Sprintf(" (import %d)", r.ImportID)
}

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func listPayouts(ctx context.Context, env cliEnv, h *hub, shopID string, limit int) error {
	if limit < 1 || limit > 1000 {
		return usageErr("--limit must be 1 to 1000")
	}
	ps, err := h.settlements.Payouts(ctx, settlement.PayoutFilter{Shop: shopID, Limit: limit})
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSHOP\tPAYOUT\tFORMAT\tCURRENCY\tTOTAL\tLINES\tDEPOSITED")
	for _, p := range ps {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", p.ID, p.Shop, p.Ref, p.Format, p.Currency, payoutTotal(p), p.Lines, day(p.DepositAt))
	}
	return tw.Flush()
}

func payoutTotal(p settlement.StoredPayout) string {
	if !p.HasTotal {
		return "-"
	}
	return p.Total.String()
}

func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.DateOnly)
}

func showPayout(ctx context.Context, env cliEnv, h *hub, id int64, n int) error {
	if n < 1 || n > 1000 {
		return usageErr("--lines must be 1 to 1000")
	}
	p, lines, err := h.settlements.Payout(ctx, id, n)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "payout %d: %s of shop %s (%s, %s), import %d\n", p.ID, p.Ref, p.Shop, p.Platform, p.Format, p.ImportID)
	fmt.Fprintf(env.stdout, "period %s to %s, deposited %s, total %s, status %q, %d lines\n", day(p.Start), day(p.End), day(p.DepositAt), payoutTotal(p), p.Status, p.Lines)
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tROW\tKIND\tTYPE\tORDER\tAMOUNT\tKEY")
	for _, l := range lines {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\t%s\n", l.ID, l.Row, l.Kind, l.Type, l.OrderRef, l.Amount, l.Key)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if int64(len(lines)) < p.Lines {
		fmt.Fprintf(env.stdout, "… %d more lines (GET /api/v1/settlements/payouts/%d/lines pages them)\n", p.Lines-int64(len(lines)), p.ID)
	}
	return nil
}

func settlementMappingCmd() command {
	var verb string
	var operands []string
	return command{name: "settlement mapping", verb: "save|list", chosen: &verb, operands: &operands,
		args:    "save NAME FILE.json | list",
		summary: "save or list the generic settlement format's column mappings",
		help: "A mapping tells the generic settlement format which column of a platform's CSV or Excel bill holds\n" +
			"what (the JSON shape of settlement.Mapping: currency, columns {amount, payout_ref, posted_at, type …},\n" +
			"kinds {type value: kind}, signs …).\n" +
			"save: stores FILE.json as the newest version of mapping NAME; older versions are kept unchanged.\n" +
			"list: prints every mapping's name, newest version, when and by whom it was saved.",
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			switch {
			case verb == "save" && len(operands) != 2:
				return usageErr("say fnshub settlement mapping save NAME FILE.json")
			case verb == "list" && len(operands) != 0:
				return usageErr("unexpected argument %q", operands[0])
			}
			if verb == "list" {
				return withHub(ctx, env, cfg, func(h *hub) error { return listMappings(ctx, env, h) })
			}
			m, err := readMapping(operands[1])
			if err != nil {
				return err
			}
			m.Name = operands[0]
			return withHub(ctx, env, cfg, func(h *hub) error {
				saved, err := h.settlements.SaveMapping(ctx, m, "cli:"+cliActor(env))
				if err != nil {
					return err
				}
				fmt.Fprintf(env.stdout, "saved mapping %s, version %d\n", saved.Name, saved.Version)
				return h.recordCLI(ctx, env, "settlement mapping save", "settlement mapping "+saved.Name, map[string]any{"version": saved.Version, "mapping": saved.Mapping})
			})
		}}
}

func readMapping(file string) (settlement.Mapping, error) {
	var m settlement.Mapping
	raw, err := os.ReadFile(file)
	if err != nil {
		return m, err
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return m, fmt.Errorf("%s is not a mapping: %w", file, err)
	}
	return m, nil
}

func listMappings(ctx context.Context, env cliEnv, h *hub) error {
	ms, err := h.settlements.Mappings(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tVERSION\tSAVED\tBY")
	for _, m := range ms {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", m.Name, m.Version, m.CreatedAt.Format(time.RFC3339), m.CreatedBy)
	}
	return tw.Flush()
}
