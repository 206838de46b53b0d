package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement/terms"
	"github.com/fnshub/fnshub/internal/settlement/termsdb"
)

// repeated collects a repeatable string flag.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(s string) error { *r = append(*r, s); return nil }

// contractFile is a contract as --file reads it (the API's PUT body).
type contractFile struct {
	Commission   string            `json:"commission"`
	FeeRates     map[string]string `json:"fee_rates"`
	KnownFees    []string          `json:"known_fees"`
	CycleDays    int               `json:"cycle_days"`
	GraceDays    int               `json:"grace_days"`
	FeeTolerance int64             `json:"fee_tolerance_minor"`
}

func shopContractCmd() command {
	var verb, id, commission, file string
	var fees repeated
	var cycle, grace int
	var tolerance int64
	return command{name: "shop contract", verb: "show|set", chosen: &verb, operand: &id,
		args:    "show SHOP | set [--commission RATE] [--fee TYPE[=RATE]]… [--cycle DAYS] [--grace DAYS] [--fee-tolerance MINOR] [--file contract.json] SHOP",
		summary: "show or set a shop's settlement contract with its platform (versioned)",
		help: "The contract is what reconciliation holds a shop's payouts to (docs/adr/0049): the commission rate,\n" +
			"fee rates by the platform's fee Type, the fee Types it has without a rate, the settlement cycle.\n" +
			"show: prints the current contract — the platform's default, marked DEFAULT, when none was saved —\n" +
			"  and every saved version.\n" +
			"set: saves a new version (saved versions never change); the same terms again change nothing.\n" +
			"  Flags come before SHOP. --commission 5% or 0.05; --fee FBAPerUnitFulfillmentFee names a fee Type\n" +
			"  without a rate, --fee RefundCommission=3% one with a rate (repeat it). --file reads the API's\n" +
			"  PUT /api/v1/shops/{id}/settlement-contract JSON body instead of these flags.",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&commission, "commission", "0", "set: commission rate, 5% or 0.05")
			fs.Var(&fees, "fee", "set: a fee Type, TYPE or TYPE=RATE (repeatable)")
			fs.IntVar(&cycle, "cycle", 0, "set: settlement cycle in days, 1 to 90 (Amazon 14)")
			fs.IntVar(&grace, "grace", 0, "set: days of grace after the cycle")
			fs.Int64Var(&tolerance, "fee-tolerance", 1, "set: how far a fee may be from rate × base, in minor units")
			fs.StringVar(&file, "file", "", "set: a JSON file with the contract (the API's body)")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			if id == "" {
				return usageErr("name the SHOP")
			}
			var in contractFile
			if verb == "set" {
				var err error
				if in, err = contractFlags(file, commission, fees, cycle, grace, tolerance); err != nil {
					return err
				}
			}
			return withHub(ctx, env, cfg, func(h *hub) error {
				sh, err := h.shops.Get(ctx, id)
				if err != nil {
					return err
				}
				st := termsdb.New(h.db)
				if verb == "show" {
					return showContracts(ctx, env.stdout, st, id, sh.Channel)
				}
				c, err := contractOf(id, in)
				if err != nil {
					return err
				}
				c.CreatedBy = cliActor(env)
				saved, err := st.SaveContract(ctx, c, time.Now())
				if err != nil {
					return err
				}
				if saved.Duplicate {
					fmt.Fprintf(env.stdout, "duplicate: shop %s's contract version %d already says this; nothing saved\n", id, saved.Version)
					return nil
				}
				fmt.Fprintf(env.stdout, "saved shop %s's settlement contract version %d\n", id, saved.Version)
				return h.recordCLI(ctx, env, "shop contract set", "shop "+id, map[string]any{"after": in, "version": saved.Version})
			})
		}}
}

func contractFlags(file, commission string, fees []string, cycle, grace int, tolerance int64) (contractFile, error) {
	var in contractFile
	if file != "" {
		raw, err := os.ReadFile(file)
		if err != nil {
			return in, err
		}
		dec := json.NewDecoder(strings.NewReader(string(raw)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			return in, fmt.Errorf("%s: %w", file, err)
		}
		return in, nil
	}
	in = contractFile{Commission: commission, FeeRates: map[string]string{}, CycleDays: cycle, GraceDays: grace, FeeTolerance: tolerance}
	for _, f := range fees {
		if typ, rate, ok := strings.Cut(f, "="); ok {
			in.FeeRates[typ] = rate
		} else {
			in.KnownFees = append(in.KnownFees, f)
		}
	}
	return in, nil
}

func contractOf(shop string, in contractFile) (terms.Contract, error) {
	c := terms.Contract{Shop: shop, FeeRates: map[string]money.Rate{}, KnownFees: in.KnownFees, CycleDays: in.CycleDays,
		GraceDays: in.GraceDays, FeeTolerance: in.FeeTolerance}
	rate := func(field, v string) (money.Rate, error) {
		if v == "" {
			v = "0"
		}
		r, err := money.ParseRate(v)
		if err != nil {
			return money.Rate{}, fault.Invalidf(field, "rate_invalid", "%s %q: %v", field, v, err)
		}
		return r, nil
	}
	var err error
	if c.Commission, err = rate("commission", in.Commission); err != nil {
		return c, err
	}
	for typ, v := range in.FeeRates {
		if c.FeeRates[typ], err = rate("fee "+typ, v); err != nil {
			return c, err
		}
	}
	return c, c.Validate()
}

func showContracts(ctx context.Context, w io.Writer, st *termsdb.Store, shop, channel string) error {
	versions, err := st.Contracts(ctx, shop)
	if err != nil {
		return err
	}
	if len(versions) == 0 {
		fmt.Fprintf(w, "shop %s has no saved contract; the %s DEFAULT (not the merchant's terms) applies:\n", shop, channel)
		printContract(w, terms.DefaultContract(shop, channel))
		return nil
	}
	for i, c := range versions {
		if i == 0 {
			fmt.Fprint(w, "current ")
		}
		printContract(w, c)
	}
	return nil
}

func printContract(w io.Writer, c terms.Contract) {
	head := fmt.Sprintf("version %d, saved %s by %s", c.Version, c.CreatedAt.Format(time.RFC3339), c.CreatedBy)
	if c.Default {
		head = "DEFAULT"
	}
	fmt.Fprintf(w, "%s: commission %s, cycle %d days + %d grace, fee tolerance %d minor\n", head, c.Commission, c.CycleDays, c.GraceDays, c.FeeTolerance)
	for _, typ := range c.FeeTypes() {
		fmt.Fprintf(w, "  fee %s at %s\n", typ, c.FeeRates[typ])
	}
	for _, typ := range c.KnownFees {
		fmt.Fprintf(w, "  fee %s (no rate to check)\n", typ)
	}
}

func reconRulesCmd() command {
	var verb, shop string
	var tolerance, window int64
	var split bool
	return command{name: "recon rules", verb: "show|set", chosen: &verb,
		args:    "show [--shop SHOP] | set [--shop SHOP] [--amount-tolerance MINOR] [--refund-window-hours H] [--split-payouts=true|false]",
		summary: "show or set the reconciliation matching rules (versioned), for one shop or every shop",
		help: "show: prints the rules that apply to --shop (its own, else every shop's, else the default) and the\n" +
			"  saved versions of that scope; without --shop, every shop's.\n" +
			"set: saves the next version for --shop, or without it for every shop without rules of its own;\n" +
			"  the same rules again change nothing.",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&shop, "shop", "", "the shop; none for every shop")
			fs.Int64Var(&tolerance, "amount-tolerance", 1, "set: how far an order's settled amount may be off and still match, minor units")
			fs.Int64Var(&window, "refund-window-hours", 168, "set: hours a refund without its id may be from the hub's; 0 disables")
			fs.BoolVar(&split, "split-payouts", true, "set: accept an order settled over several payouts")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			return withHub(ctx, env, cfg, func(h *hub) error {
				if shop != "" {
					if _, err := h.shops.Get(ctx, shop); err != nil {
						return err
					}
				}
				st := termsdb.New(h.db)
				if verb == "show" {
					return showRules(ctx, env.stdout, st, shop)
				}
				if window < 0 || window > terms.MaxRefundWindowH {
					return fault.Invalidf("refund-window-hours", "refund_window_invalid", "--refund-window-hours must be 0 to %d", terms.MaxRefundWindowH)
				}
				r := terms.Rules{Scope: shop, AmountTolerance: tolerance, RefundWindow: time.Duration(window) * time.Hour, SplitPayouts: split, CreatedBy: cliActor(env)}
				saved, err := st.SaveRules(ctx, r, time.Now())
				if err != nil {
					return err
				}
				if saved.Duplicate {
					fmt.Fprintf(env.stdout, "duplicate: rules version %d already say this; nothing saved\n", saved.Version)
					return nil
				}
				fmt.Fprintf(env.stdout, "saved rules version %d for %s\n", saved.Version, scopeName(shop))
				return h.recordCLI(ctx, env, "recon rules set", "recon rules "+scopeName(shop),
					map[string]any{"version": saved.Version, "amount_tolerance_minor": tolerance, "refund_window_hours": window, "split_payouts": split})
			})
		}}
}

func scopeName(shop string) string {
	if shop == "" {
		return "every shop"
	}
	return "shop " + shop
}

func showRules(ctx context.Context, w io.Writer, st *termsdb.Store, shop string) error {
	cur, ok, err := st.Rules(ctx, shop)
	if err != nil {
		return err
	}
	if !ok {
		cur = terms.DefaultRules("")
	}
	versions, err := st.RuleVersions(ctx, shop)
	if err != nil {
		return err
	}
	fmt.Fprint(w, "applies: ")
	printRules(w, cur)
	for _, v := range versions {
		printRules(w, v)
	}
	return nil
}

func printRules(w io.Writer, r terms.Rules) {
	head := fmt.Sprintf("%s version %d", scopeName(r.Scope), r.Version)
	if r.Default {
		head = "DEFAULT"
	}
	fmt.Fprintf(w, "%s: amount tolerance %d minor, refund window %dh, split payouts %v\n", head, r.AmountTolerance, int64(r.RefundWindow/time.Hour), r.SplitPayouts)
}

func fxCmd() command {
	var verb, base, source string
	var args []string
	var correct bool
	return command{name: "fx", verb: "import|rate", chosen: &verb, operands: &args,
		args:    "import [--base CUR] [--source NAME] [--correct] FILE.csv | rate FROM TO DATE",
		summary: "import daily exchange rates from CSV, or look one up",
		help: "import: reads date,from,to,rate (a header row, any column order, an optional source column), or the\n" +
			"  wide form the ECB and PBoC publish, date,USD,JPY,… with --base (the currency each rate is of).\n" +
			"  All or nothing: a bad cell fails the file naming its row and column. The same rate again is a\n" +
			"  duplicate; a different value for a stored pair and day fails unless --correct, which replaces\n" +
			"  it and keeps the old value in the history.\n" +
			"rate: prints the rate of FROM into TO on DATE (yyyy-mm-dd): the day's, else the latest of the 7 days\n" +
			"  before, a pair stored only the other way inverted to 10 places.",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&base, "base", "", "import: the wide form's base currency (EUR for the ECB's)")
			fs.StringVar(&source, "source", "", "import: where the rates come from, kept with each (default csv)")
			fs.BoolVar(&correct, "correct", false, "import: replace stored rates of another value, keeping the old")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			if verb == "import" && len(args) != 1 {
				return usageErr("name one FILE.csv")
			}
			if verb == "rate" && len(args) != 3 {
				return usageErr("say FROM TO DATE, e.g. USD CNY 2026-11-30")
			}
			return withHub(ctx, env, cfg, func(h *hub) error {
				st := termsdb.New(h.db)
				if verb == "rate" {
					f, err := st.Find(ctx, money.Currency(strings.ToUpper(args[0])), money.Currency(strings.ToUpper(args[1])), args[2])
					if err != nil {
						return err
					}
					how := "the day's rate"
					switch {
					case f.Inverse:
						how = fmt.Sprintf("inverse of %s→%s %s of %s", f.To, f.From, f.Stored.Rate, f.Stored.Date)
					case f.Carried > 0:
						how = fmt.Sprintf("carried from %s", f.Stored.Date)
					}
					fmt.Fprintf(env.stdout, "1 %s = %s %s on %s (%s, source %s)\n", f.From, f.Rate, f.To, f.Date, how, f.Stored.Source)
					return nil
				}
				data, err := os.ReadFile(args[0])
				if err != nil {
					return err
				}
				rates, err := terms.ParseCSV(data, terms.CSVOptions{Base: money.Currency(strings.ToUpper(base)), Source: source})
				if err != nil {
					return err
				}
				out, err := st.Import(ctx, rates, terms.ImportOptions{Correct: correct, Now: time.Now()})
				if err != nil {
					return err
				}
				fmt.Fprintf(env.stdout, "%d added, %d duplicate, %d corrected\n", out.Added, out.Duplicates, out.Corrected)
				if out.Added+out.Corrected == 0 {
					return nil
				}
				return h.recordCLI(ctx, env, "fx import", "fx rates", map[string]any{"file": args[0], "added": out.Added, "corrected": out.Corrected})
			})
		}}
}
