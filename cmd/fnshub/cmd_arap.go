package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/arap"
	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// The receivables, payables and cash commands (docs/adr/0051).

func arapOf(h *hub, cfg config.Config) *app.ARAP {
	return &app.ARAP{Unit: unit.New(h.db), Books: h.ledger, Currency: money.Currency(cfg.Currency)}
}

// arapIn is the use case of legal entity id (docs/adr/0058, 0060): the
// default entity's, or that entity's books and documents in its own
// currency.
func arapIn(ctx context.Context, h *hub, cfg config.Config, id int64) (*app.ARAP, error) {
	uc := arapOf(h, cfg)
	if id == ledger.DefaultEntity {
		return uc, nil
	}
	e, err := h.entities.ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return uc.For(e.ID, e.BaseCurrency), nil
}

func partyCmd(kind arap.PartyKind) command {
	var verb, code, name, currency string
	var terms int
	return command{name: string(kind), verb: "add|list", chosen: &verb, operand: &code,
		args:    "add --name NAME [--in CCY] [--terms DAYS] CODE | list",
		summary: "keep the B2B " + string(kind) + "s whose documents the " + map[arap.PartyKind]string{arap.Customer: "receivables", arap.Supplier: "payables"}[kind] + " hold",
		help: "add: adds the " + string(kind) + " CODE, or changes its name and terms; its currency is fixed once added.\n" +
			"  --terms is the days from a document's date to its due date when it names none.\n" +
			"list: prints every " + string(kind) + ".",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&name, "name", "", "add: the name")
			fs.StringVar(&currency, "in", "", "add: the currency its documents are in (the configured currency)")
			fs.IntVar(&terms, "terms", 30, "add: payment terms in days")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			if currency == "" {
				currency = cfg.Currency
			}
			if verb == "add" && code == "" {
				return usageErr("name the %s's CODE", kind)
			}
			return withHub(ctx, env, cfg, func(h *hub) error {
				uc := arapOf(h, cfg)
				if verb == "list" {
					ps, err := uc.Parties(ctx, kind)
					if err != nil {
						return err
					}
					tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
					fmt.Fprintln(tw, "CODE\tNAME\tCURRENCY\tTERMS")
					for _, p := range ps {
						fmt.Fprintf(tw, "%s\t%s\t%s\t%d\n", p.Code, p.Name, p.Currency, p.TermsDays)
					}
					return tw.Flush()
				}
				p, err := uc.PutParty(ctx, arap.Party{Kind: kind, Code: code, Name: name, Currency: money.Currency(currency), TermsDays: terms})
				if err != nil {
					return err
				}
				fmt.Fprintf(env.stdout, "saved %s %s (%s, %d days)\n", kind, p.Code, p.Currency, p.TermsDays)
				return h.recordCLI(ctx, env, string(kind)+" add", string(kind)+" "+code, map[string]any{"name": name, "currency": currency, "terms_days": terms})
			})
		}}
}

// docSide is one side's document command: suppliers' bills and payments
// (ap bill) or customers' invoices and receipts (ar invoice).
type docSide struct {
	name, partyFlag string
	party           arap.PartyKind
	opens, settles  arap.DocKind
	settleVerb      string
	// The other side's default account: of the document that opens an
	// item, and of the one that settles it.
	openAccount, settleAccount string
	summary, help              string
}

var (
	billSide = docSide{name: "ap bill", partyFlag: "supplier", party: arap.Supplier, opens: arap.Bill, settles: arap.Payment,
		settleVerb: "pay", openAccount: "6602", settleAccount: arap.Cash,
		summary: "enter supplier bills and their payments (posted to 2202 应付账款)",
		help: "add: books the supplier's bill BILL-NO in the supplier's currency: debit --account (an expense, or 1402\n" +
			"  goods in transit), credit 2202. --due defaults to the date plus the supplier's terms. The same bill\n" +
			"  again changes nothing; another under the same number is refused (a correction is a new bill).\n" +
			"list: prints the bills and payments.\n" +
			"pay: books payment NO of --of BILL-NO: debit 2202, credit --account (1002 bank). At most what is open.\n" +
			"  A payment in another currency than the entity's also books the exchange difference it realises on\n" +
			"  2202.91 against 6603, at the stored rates of its and the bill's days (docs/adr/0058).\n" +
			"--entity books the bill or payment in that legal entity's books, or lists its bills; a payment pays a\n" +
			"  bill of the same entity. Suppliers are shared by every entity (docs/adr/0060)."}
	invoiceSide = docSide{name: "ar invoice", partyFlag: "customer", party: arap.Customer, opens: arap.Invoice, settles: arap.Receipt,
		settleVerb: "receive", openAccount: "6001", settleAccount: arap.Cash,
		summary: "enter B2B customer invoices and the money received for them (posted to 1122.90 应收账款)",
		help: "add: books the customer's invoice INVOICE-NO in the customer's currency: debit 1122.90, credit --account\n" +
			"  (6001 revenue). --due defaults to the date plus the customer's terms. The same invoice again changes\n" +
			"  nothing; another under the same number is refused (a correction is a new invoice).\n" +
			"list: prints the invoices and receipts.\n" +
			"receive: books receipt NO of --of INVOICE-NO: debit --account (1002 bank), credit 1122.90. At most what\n" +
			"  is open. A receipt in another currency than the entity's also books the exchange difference it\n" +
			"  realises on 1122.91 against 6603 (docs/adr/0058).\n" +
			"--entity books the invoice or receipt in that legal entity's books, or lists its invoices; a receipt\n" +
			"  settles an invoice of the same entity. Customers are shared by every entity (docs/adr/0060).\n" +
			"These are B2B documents (应收); the 发票 of platform orders are fnshub invoice."}
)

func apBillCmd() command    { return documentCmd(billSide) }
func arInvoiceCmd() command { return documentCmd(invoiceSide) }

func documentCmd(side docSide) command {
	var verb, number, party, date, due, amount, account, of string
	var entity int64
	open := strings.ToUpper(string(side.opens))
	return command{name: side.name, verb: "add|list|" + side.settleVerb, chosen: &verb, operand: &number,
		args: fmt.Sprintf("add --%[1]s CODE --date YYYY-MM-DD [--due YYYY-MM-DD] --amount 12.34 [--account %[2]s] [--entity ID] %[3]s-NO | "+
			"list [--%[1]s CODE] [--entity ID] | %[4]s --%[1]s CODE --of %[3]s-NO --date YYYY-MM-DD --amount 12.34 [--account %[5]s] [--entity ID] NO",
			side.partyFlag, side.openAccount, open, side.settleVerb, side.settleAccount),
		summary: side.summary,
		help:    side.help,
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&party, side.partyFlag, "", "the "+side.partyFlag+"'s code")
			fs.StringVar(&date, "date", "", "the document's date, YYYY-MM-DD")
			fs.StringVar(&due, "due", "", "add: the due date, YYYY-MM-DD")
			fs.StringVar(&amount, "amount", "", "the amount, in the "+side.partyFlag+"'s currency: 12.34")
			fs.StringVar(&account, "account", "", fmt.Sprintf("the other side's account (add: %s; %s: %s)", side.openAccount, side.settleVerb, side.settleAccount))
			fs.StringVar(&of, "of", "", side.settleVerb+": the "+string(side.opens)+" number it settles")
			if side.opens == arap.Bill {
				fs.StringVar(&of, "bill", "", "pay: the bill number paid (as --of)")
			}
			fs.Int64Var(&entity, "entity", ledger.DefaultEntity, "legal entity id")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			if entity < 1 {
				return usageErr("--entity must be 1 or more")
			}
			if verb == "list" {
				return withHub(ctx, env, cfg, func(h *hub) error {
					uc, err := documentsIn(ctx, h, cfg, entity)
					if err != nil {
						return err
					}
					return listDocuments(ctx, env, uc, side, party)
				})
			}
			if number == "" || party == "" || date == "" || amount == "" {
				return usageErr("%s needs --%s, --date, --amount and the document number", verb, side.partyFlag)
			}
			d := arap.Document{Kind: side.opens, Party: party, Number: number, Account: account}
			if verb == side.settleVerb {
				if of == "" {
					return usageErr("%s needs --of, the %s it settles", verb, side.opens)
				}
				d.Kind, d.AppliesTo = side.settles, of
			}
			if d.Account == "" {
				d.Account = map[bool]string{true: side.settleAccount, false: side.openAccount}[verb == side.settleVerb]
			}
			var err error
			if d.Date, err = time.Parse(arap.DateLayout, date); err != nil {
				return usageErr("--date %q must be YYYY-MM-DD", date)
			}
			if due != "" {
				if d.DueDate, err = time.Parse(arap.DateLayout, due); err != nil {
					return usageErr("--due %q must be YYYY-MM-DD", due)
				}
			}
			return withHub(ctx, env, cfg, func(h *hub) error {
				uc, err := documentsIn(ctx, h, cfg, entity)
				if err != nil {
					return err
				}
				return bookDocument(ctx, env, h, uc, side, d, amount)
			})
		}}
}

// documentsIn is arapIn for the commands that book or list an entity's
// documents: an unknown entity names the flag.
func documentsIn(ctx context.Context, h *hub, cfg config.Config, id int64) (*app.ARAP, error) {
	uc, err := arapIn(ctx, h, cfg, id)
	if fault.Is(err, fault.NotFound) {
		return nil, fmt.Errorf("--entity %d: %w", id, err)
	}
	return uc, err
}

func bookDocument(ctx context.Context, env cliEnv, h *hub, uc *app.ARAP, side docSide, d arap.Document, amount string) error {
	parties, err := uc.Parties(ctx, side.party)
	if err != nil {
		return err
	}
	var cur money.Currency
	for _, p := range parties {
		if p.Code == d.Party {
			cur = p.Currency
		}
	}
	if !cur.Valid() {
		return fmt.Errorf("--%s: no %s %q; add it first (fnshub %s add)", side.partyFlag, side.party, d.Party, side.party)
	}
	if d.Amount, err = money.Parse(amount, cur); err != nil {
		return usageErr("--amount %q: %v", amount, err)
	}
	b, err := uc.AddDocument(ctx, d, cliActor(env))
	if err != nil {
		return err
	}
	if b.Replayed {
		fmt.Fprintf(env.stdout, "duplicate: %s %s of %s was booked already (entry %d); nothing changed\n", d.Kind, d.Number, d.Party, b.Document.EntryID)
		return nil
	}
	fmt.Fprintf(env.stdout, "booked %s %s of %s: %s, entry %d of entity %d\n", d.Kind, d.Number, d.Party, b.Document.Amount.Format(), b.Document.EntryID, b.Document.Entity)
	return h.recordCLI(ctx, env, side.name+" "+string(d.Kind), string(d.Kind)+" "+d.Party+" "+d.Number,
		map[string]any{"entity": b.Document.Entity, "amount": b.Document.Amount.Format(), "entry": b.Document.EntryID})
}

func listDocuments(ctx context.Context, env cliEnv, uc *app.ARAP, side docSide, party string) error {
	docs, err := uc.Documents(ctx, side.party, party)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "KIND\t%s\tNUMBER\tDATE\tDUE\tAMOUNT\tACCOUNT\tAPPLIES TO\n", strings.ToUpper(side.partyFlag))
	for _, d := range docs {
		due := "-"
		if !d.DueDate.IsZero() {
			due = d.DueDate.Format(arap.DateLayout)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.Kind, d.Party, d.Number, d.Date.Format(arap.DateLayout), due, d.Amount.String(), d.Account, d.AppliesTo)
	}
	return tw.Flush()
}

func asOfFlag(v string) (time.Time, error) {
	if v == "" {
		return arap.Day(time.Now()), nil
	}
	t, err := time.Parse(arap.DateLayout, v)
	if err != nil {
		return t, usageErr("--as-of %q must be YYYY-MM-DD", v)
	}
	return t, nil
}

func arAgingCmd() command {
	var asOf string
	var entity int64
	return command{name: "ar aging", args: "[--as-of YYYY-MM-DD] [--entity ID]",
		summary: "print the aging of receivables (platforms, customers) and payables (suppliers)",
		help: "One row per platform shop, customer and supplier and currency: what is open by days past due —\n" +
			"current, 1-30, 31-60, 61-90, over 90. Platform receivables are due after the shop's settlement cycle.\n" +
			"Then each control account beside its sub-ledger (the TIE lines): a difference on 2202 is stock received\n" +
			"but not billed. --entity reads another legal entity: its platform receivables and its own customers'\n" +
			"invoices and suppliers' bills (docs/adr/0058, 0060).",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&asOf, "as-of", "", "the day, YYYY-MM-DD (today)")
			fs.Int64Var(&entity, "entity", ledger.DefaultEntity, "legal entity id")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			day, err := asOfFlag(asOf)
			if err != nil {
				return err
			}
			return withHub(ctx, env, cfg, func(h *hub) error {
				uc, err := arapIn(ctx, h, cfg, entity)
				if err != nil {
					return err
				}
				rows, err := uc.Aging(ctx, day)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
				fmt.Fprintln(tw, "TYPE\tPARTY\tCCY\tCURRENT\t1-30\t31-60\t61-90\tOVER 90\tTOTAL\t")
				for _, r := range rows {
					fmt.Fprintf(tw, "%s\t%s\t%s\t", r.Kind, r.Party, r.Currency)
					for _, b := range r.Buckets {
						fmt.Fprintf(tw, "%s\t", money.New(b, r.Currency).String())
					}
					fmt.Fprintf(tw, "%s\t\n", money.New(r.Total, r.Currency).String())
				}
				ties, err := uc.Ties(ctx, day)
				if err != nil {
					return err
				}
				for _, t := range ties {
					fmt.Fprintf(tw, "TIE\t%s\t%s\tledger %s\tsub-ledger %s\tdifference %s\t\t\t\t\n", t.Account, t.Currency,
						money.New(t.Control, t.Currency).String(), money.New(t.SubLedger, t.Currency).String(), money.New(t.Difference, t.Currency).String())
				}
				return tw.Flush()
			})
		}}
}

func cashflowCmd() command {
	var asOf, by string
	var weeks, days int
	var entity int64
	return command{name: "cashflow", args: "[--as-of YYYY-MM-DD] [--weeks N | --by day [--days N]] [--entity ID]",
		summary: "forecast cash by week, or by day, from open receivables and payables",
		help: "Per currency and week (or day, --by day): opening cash (1001, 1002, 1012), then platform settlements\n" +
			"expected on their due dates (the shop's settlement cycle), B2B receipts and bill payments by due date.\n" +
			"What is past due is expected in the first week (day); what falls due after the last one is left out.\n" +
			"--entity forecasts another legal entity: its cash, platform receivables, invoices and bills\n" +
			"(docs/adr/0058, 0060).",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&asOf, "as-of", "", "the first day, YYYY-MM-DD (today)")
			fs.StringVar(&by, "by", "week", "week or day")
			fs.IntVar(&weeks, "weeks", 8, "by week: how many weeks, 1 to 26")
			fs.IntVar(&days, "days", 14, "by day: how many days, 1 to 92")
			fs.Int64Var(&entity, "entity", ledger.DefaultEntity, "legal entity id")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			day, err := asOfFlag(asOf)
			if err != nil {
				return err
			}
			step, n, head := arap.Weekly, weeks, "WEEK"
			switch by {
			case "week":
				if weeks < 1 || weeks > 26 {
					return usageErr("--weeks must be 1 to 26, not %d", weeks)
				}
			case "day":
				if days < 1 || days > 92 {
					return usageErr("--days must be 1 to 92, not %d", days)
				}
				step, n, head = arap.Daily, days, "DAY"
			default:
				return usageErr("--by must be week or day, not %q", by)
			}
			return withHub(ctx, env, cfg, func(h *hub) error {
				uc, err := arapIn(ctx, h, cfg, entity)
				if err != nil {
					return err
				}
				ps, err := uc.Forecast(ctx, day, n, step)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
				fmt.Fprintln(tw, head+"\tCCY\tPLATFORMS\tCUSTOMERS\tSUPPLIERS\tNET\tCLOSING\t")
				for _, w := range ps {
					m := func(v int64) string { return money.New(v, w.Currency).String() }
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", w.Start.Format(arap.DateLayout), w.Currency, m(w.Platform), m(w.Customers), m(-w.Suppliers), m(w.Net), m(w.Closing))
				}
				return tw.Flush()
			})
		}}
}

// revaluePeriod runs fnshub period revalue YYYY-MM.
func revaluePeriod(ctx context.Context, env cliEnv, h *hub, cfg config.Config, entity int64, month string) error {
	uc, err := arapIn(ctx, h, cfg, entity)
	if err != nil {
		return err
	}
	res, err := uc.Revalue(ctx, month)
	if err != nil {
		return err
	}
	for _, l := range res.Lines {
		fmt.Fprintf(env.stdout, "%s %s open %s: booked %s, at month end %s, difference %s\n", l.Adjusts, l.Currency, money.New(l.Open, l.Currency).String(),
			money.New(l.Booked, uc.Currency).String(), money.New(l.Remeasured, uc.Currency).String(), money.New(l.Difference, uc.Currency).String())
	}
	switch {
	case res.Entry == 0:
		fmt.Fprintf(env.stdout, "nothing to revalue in %s\n", res.Period)
		return nil
	case res.Replayed:
		fmt.Fprintf(env.stdout, "duplicate: %s was revalued already (entry %d, reversal %d); nothing changed\n", res.Period, res.Entry, res.Reversal)
		return nil
	}
	fmt.Fprintf(env.stdout, "revalued %s: entry %d, reversed by entry %d on the next month's first day\n", res.Period, res.Entry, res.Reversal)
	return h.recordCLI(ctx, env, "period revalue", fmt.Sprintf("entity %d period %s", entity, res.Period), map[string]any{"entry": res.Entry, "reversal": res.Reversal})
}
