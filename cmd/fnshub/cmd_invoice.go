package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/fnshub/fnshub/internal/config"
	"github.com/fnshub/fnshub/internal/invoice"
	"github.com/fnshub/fnshub/internal/invoice/invoicesheet"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/sheet"
)

// invoiceFlags are the flags of fnshub invoice's verbs.
type invoiceFlags struct {
	shop, status, title, titleKind, taxNo, typ, amount, number, date, out, key string
	orderID, id                                                                int64
}

func invoiceCmd() command {
	var verb, file string
	var f invoiceFlags
	return command{name: "invoice", verb: "list|request|issue|export|import-issued", chosen: &verb, operand: &file,
		args: "list [--shop ID] [--status S] [--order ID] | request --order ID --title T --title-kind company|personal [--tax-no N] --type 81|82|85|86 [--amount A] [--key K]" +
			" | issue --id ID --number N --date YYYY-MM-DD | export [--shop ID] [--out FILE.xlsx] | import-issued FILE",
		summary: "request, list, export and issue the orders' invoices (发票)",
		help: "Invoice requests (docs/adr/0048-invoices.md) are issued in the merchant's tax-invoicing system; fnshub keeps them.\n" +
			"list: prints invoices, newest first: id, shop, order, kind (blue, or red for a red-letter credit), type, amount,\n" +
			"status, number, title.\n" +
			"request: records a request for a paid order. --type is the 数电 发票种类: 81 数电专票, 82 数电普票, 85 纸质专票,\n" +
			"86 纸质普票. A company title needs --tax-no, its 18-character 统一社会信用代码; a personal one has none and\n" +
			"no special invoice. --amount defaults to the order's total net of refunds and may not exceed it. The same\n" +
			"request again (or under the same --key) changes nothing. A refund of the order after the invoice is issued\n" +
			"raises a red-letter request for the refunded amount by itself.\n" +
			"issue: records the 发票号码 (20 digits, or 8 for paper) and 开票日期 of a requested invoice.\n" +
			"export: writes the requested invoices in the 数电 batch issue layout (sheet 发票明细信息, one row per line),\n" +
			"default invoices-pending.xlsx.\n" +
			"import-issued: reads a .csv/.xlsx with 发票流水号 (from the export) or 订单号, 发票号码 and 开票日期 and issues\n" +
			"each row's invoice, all rows or none; importing it again changes nothing.",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&f.shop, "shop", "", "list, export: only this shop's invoices")
			fs.StringVar(&f.status, "status", "", "list: requested, issued, rejected or cancelled")
			fs.Int64Var(&f.orderID, "order", 0, "list: only this order's; request: the order to invoice")
			fs.StringVar(&f.title, "title", "", "request: the title (抬头), a company's or a person's name")
			fs.StringVar(&f.titleKind, "title-kind", "company", "request: company or personal")
			fs.StringVar(&f.taxNo, "tax-no", "", "request: the company's 统一社会信用代码")
			fs.StringVar(&f.typ, "type", "82", "request: 81, 82, 85 or 86")
			fs.StringVar(&f.amount, "amount", "", "request: the amount, VAT included (default: the order's total net of refunds)")
			fs.StringVar(&f.key, "key", "", "request: an idempotency key")
			fs.Int64Var(&f.id, "id", 0, "issue: the invoice's id")
			fs.StringVar(&f.number, "number", "", "issue: the 发票号码")
			fs.StringVar(&f.date, "date", "", "issue: the 开票日期, YYYY-MM-DD")
			fs.StringVar(&f.out, "out", "invoices-pending.xlsx", "export: the file to write")
		},
		run: func(ctx context.Context, env cliEnv, cfg config.Config) error {
			if (verb == "import-issued") != (file != "") {
				return usageErr("import-issued takes the file to read, and only it takes a file")
			}
			return withHub(ctx, env, cfg, func(h *hub) error { return runInvoice(ctx, env, cfg, h, verb, file, f) })
		}}
}

func runInvoice(ctx context.Context, env cliEnv, cfg config.Config, h *hub, verb, file string, f invoiceFlags) error {
	switch verb {
	case "list":
		return listInvoices(ctx, env, h, f)
	case "request":
		return requestInvoice(ctx, env, h, f)
	case "issue":
		if f.id == 0 {
			return usageErr("name the invoice: --id ID")
		}
		inv, dup, err := h.invoices.Issue(ctx, invoice.ID(f.id), f.number, f.date, nil)
		if err != nil {
			return err
		}
		if dup {
			fmt.Fprintf(env.stdout, "invoice %d was issued as %s already (duplicate)\n", inv.ID, inv.Number)
			return nil
		}
		fmt.Fprintf(env.stdout, "invoice %d issued as %s on %s\n", inv.ID, inv.Number, inv.IssuedOn)
		return h.recordCLI(ctx, env, "invoice issue", fmt.Sprintf("invoice %d", inv.ID), map[string]any{"number": inv.Number, "issued_on": inv.IssuedOn})
	case "export":
		var buf bytes.Buffer
		n, err := h.invoices.Export(ctx, &buf, invoice.Filter{Shop: f.shop, Limit: 1000})
		if err != nil {
			return err
		}
		if err := os.WriteFile(f.out, buf.Bytes(), 0o600); err != nil { // buyers' names and tax numbers
			return err
		}
		fmt.Fprintf(env.stdout, "exported %d requested invoice(s) to %s\n", n, f.out)
		return h.recordCLI(ctx, env, "invoice export", "invoices", map[string]any{"invoices": n, "shop": f.shop})
	}
	return importIssued(ctx, env, h, file)
}

func listInvoices(ctx context.Context, env cliEnv, h *hub, f invoiceFlags) error {
	filter := invoice.Filter{Shop: f.shop, OrderID: order.ID(f.orderID), Limit: 1000}
	if f.status != "" {
		st, err := invoice.ParseStatus(f.status)
		if err != nil {
			return usageErr("%v", err)
		}
		filter.Status = st
	}
	invs, err := h.invoices.List(ctx, filter)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSHOP\tORDER\tKIND\tTYPE\tAMOUNT\tSTATUS\tNUMBER\tTITLE")
	for _, inv := range invs {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", inv.ID, inv.Shop, inv.OrderID, inv.Kind, inv.Type, inv.Amount.Format(),
			inv.Status, inv.Number, inv.Title)
	}
	return tw.Flush()
}

func requestInvoice(ctx context.Context, env cliEnv, h *hub, f invoiceFlags) error {
	if f.orderID == 0 || f.title == "" {
		return usageErr("name the order and the title: --order ID --title T")
	}
	r := invoice.Request{OrderID: order.ID(f.orderID), Title: f.title, TitleKind: invoice.TitleKind(f.titleKind), TaxNo: f.taxNo,
		Type: invoice.Type(f.typ)}
	if f.amount != "" {
		rec, err := h.orders.Get(ctx, r.OrderID)
		if err != nil {
			return err
		}
		if r.Amount, err = money.Parse(f.amount, rec.Currency); err != nil {
			return usageErr("--amount: %v", err)
		}
	}
	inv, dup, err := h.invoices.Request(ctx, r, f.key, nil)
	if err != nil {
		return err
	}
	if dup {
		fmt.Fprintf(env.stdout, "order %d has this request already: invoice %d, %s (duplicate)\n", inv.OrderID, inv.ID, inv.Status)
		return nil
	}
	fmt.Fprintf(env.stdout, "requested invoice %d for order %d: %s %s, %s\n", inv.ID, inv.OrderID, inv.Type.Name(), inv.Amount.Format(), inv.Title)
	return h.recordCLI(ctx, env, "invoice request", fmt.Sprintf("invoice %d", inv.ID), map[string]any{"after": inv})
}

func importIssued(ctx context.Context, env cliEnv, h *hub, file string) error {
	fh, err := os.Open(file)
	if err != nil {
		return err
	}
	defer fh.Close()
	table, err := sheet.ReadTable(file, fh)
	if err != nil {
		return err
	}
	parsed := invoicesheet.ParseIssued(table)
	errs := parsed.Errors
	var res struct{ issued, already int }
	if len(errs) == 0 {
		out, err := h.invoices.ImportIssued(ctx, parsed.Rows, nil)
		if err != nil {
			return err
		}
		errs, res.issued, res.already = out.Errors, out.Issued, out.Already
	}
	for _, e := range errs {
		fmt.Fprintf(env.stderr, "%s: %s\n", file, e)
	}
	if len(errs) > 0 {
		return fmt.Errorf("nothing issued: %d problem(s) in %s; fix them and import it again", len(errs), file)
	}
	fmt.Fprintf(env.stdout, "%s: issued %d, issued before %d\n", file, res.issued, res.already)
	return h.recordCLI(ctx, env, "invoice import-issued", "invoices", map[string]any{"file": filepath.Base(file), "issued": res.issued})
}
