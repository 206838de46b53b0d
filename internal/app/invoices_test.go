package app_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/invoice"
	"github.com/fnshub/fnshub/internal/invoice/invoicesheet"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/sheet"
	"github.com/fnshub/fnshub/internal/store/storetest"
	"github.com/fnshub/fnshub/internal/store/unit"
)

// validTaxNo is the worked example of GB 32100-2015's check character.
const validTaxNo = "91350100M000100Y43"

func TestInvoices(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			t.Run("lifecycle", func(t *testing.T) { invoiceLifecycle(t, e.Open) })
			t.Run("refund raises one red-letter request", func(t *testing.T) { invoiceRefunds(t, e.Open) })
			t.Run("a channel's refund raises one red-letter request", func(t *testing.T) { invoiceChannelRefund(t, e.Open) })
			t.Run("export and issued import round trip", func(t *testing.T) { invoiceRoundTrip(t, e.Open) })
			t.Run("a channel's invoice request", func(t *testing.T) { invoiceFromChannel(t, e.Open) })
		})
	}
}

func companyAsk(id order.ID) invoice.Request {
	return invoice.Request{OrderID: id, Title: "福州某某科技有限公司", TitleKind: invoice.Company, TaxNo: validTaxNo, Type: invoice.DigitalSpecial}
}

// invoiceLifecycle: a request defaults to the order's total, repeats as a
// duplicate, refuses a bad tax number (named) and an amount above the
// order; it is issued once, and a second request waits for a cancel.
func invoiceLifecycle(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	inv := app.NewInvoices(unit.New(h.db), nil)
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	r := h.ingest(t, paid("I1", 1, "TEA-250", "TEA-250")) // 20.00

	bad := companyAsk(r.Order.ID)
	bad.TaxNo = "91350100M000100Y44"
	if _, _, err := inv.Request(ctx, bad, "", nil); fieldOf(err) != "tax_no" {
		t.Fatalf("a wrong check character = %v (field %q), want Invalid tax_no", err, fieldOf(err))
	}
	over := companyAsk(r.Order.ID)
	over.Amount = cny(2001)
	if _, _, err := inv.Request(ctx, over, "", nil); fieldOf(err) != "amount" {
		t.Fatalf("an amount above the order = %v, want Invalid amount", err)
	}
	if _, _, err := inv.Request(ctx, companyAsk(r.Order.ID), "", []string{"OTHER"}); !fault.Is(err, fault.NotFound) {
		t.Fatalf("an order of another shop = %v, want NotFound", err)
	}

	first, dup, err := inv.Request(ctx, companyAsk(r.Order.ID), "k-1", nil)
	must(t, err)
	if dup || first.Amount != cny(2000) || first.Status != invoice.Requested || first.Shop != "S1" || first.Source != invoice.Manual {
		t.Fatalf("first request = %+v dup %v, want requested for 20.00 of S1", first, dup)
	}
	again, dup, err := inv.Request(ctx, companyAsk(r.Order.ID), "k-1", nil)
	must(t, err)
	if !dup || again.ID != first.ID {
		t.Fatalf("the same request again = %d dup %v, want %d as duplicate", again.ID, dup, first.ID)
	}
	if _, dup, err = inv.Request(ctx, companyAsk(r.Order.ID), "k-2", nil); err != nil || !dup {
		t.Fatalf("the same request under a new key = dup %v %v, want a duplicate of the live one", dup, err)
	}
	other := companyAsk(r.Order.ID)
	other.Type = invoice.DigitalOrdinary
	if _, _, err := inv.Request(ctx, other, "k-3", nil); !fault.Is(err, fault.Conflict) {
		t.Fatalf("another request for an order with a live one = %v, want Conflict", err)
	}

	if _, _, err := inv.Issue(ctx, first.ID, "123", "2026-12-01", nil); fieldOf(err) != "number" {
		t.Fatalf("a short number = %v, want Invalid number", err)
	}
	issued, dup, err := inv.Issue(ctx, first.ID, "26332000000012345678", "2026-12-01", nil)
	must(t, err)
	if dup || issued.Status != invoice.Issued || issued.Number != "26332000000012345678" {
		t.Fatalf("issued = %+v", issued)
	}
	if _, dup, err = inv.Issue(ctx, first.ID, "26332000000012345678", "2026-12-01", nil); err != nil || !dup {
		t.Fatalf("issued again with the same number = dup %v %v, want duplicate", dup, err)
	}
	if _, _, err := inv.Cancel(ctx, first.ID, nil); !fault.Is(err, fault.Conflict) {
		t.Fatalf("cancelling an issued invoice = %v, want Conflict", err)
	}

	r2 := h.ingest(t, paid("I2", 1, "TEA-250"))
	personal := invoice.Request{OrderID: r2.Order.ID, Title: "王五", TitleKind: invoice.Personal, Type: invoice.DigitalOrdinary}
	p, _, err := inv.Request(ctx, personal, "", nil)
	must(t, err)
	if _, _, err := inv.Reject(ctx, p.ID, "", nil); fieldOf(err) != "reason" {
		t.Fatalf("a rejection without reason = %v", err)
	}
	_, _, err = inv.Cancel(ctx, p.ID, nil)
	must(t, err)
	p2, dup, err := inv.Request(ctx, personal, "", nil)
	must(t, err)
	if dup || p2.ID == p.ID {
		t.Fatalf("a request after a cancel = %d dup %v, want a new one", p2.ID, dup)
	}
	rej, _, err := inv.Reject(ctx, p2.ID, "抬头与付款人不符", nil)
	must(t, err)
	list, err := inv.List(ctx, invoice.Filter{Status: invoice.Rejected})
	must(t, err)
	if len(list) != 1 || list[0].ID != rej.ID || list[0].Reason != "抬头与付款人不符" {
		t.Fatalf("rejected = %+v", list)
	}
	if list, _ = inv.List(ctx, invoice.Filter{OrderID: r.Order.ID}); len(list) != 1 {
		t.Fatalf("by order = %d invoices, want 1", len(list))
	}
}

// invoiceRefunds: refunds of an order with an issued invoice raise one
// red-letter request each, linked to the invoice, however often the same
// refund is asked for; an order without an invoice raises none.
func invoiceRefunds(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	inv := app.NewInvoices(unit.New(h.db), nil)
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	r := h.ingest(t, paid("R1", 1, "TEA-250", "TEA-250", "TEA-250")) // 30.00
	plain := h.ingest(t, paid("R2", 1, "TEA-250"))
	blue, _, err := inv.Request(ctx, companyAsk(r.Order.ID), "", nil)
	must(t, err)
	_, _, err = inv.Issue(ctx, blue.ID, "26332000000012345678", "2026-12-01", nil)
	must(t, err)
	for _, id := range []order.ID{r.Order.ID, plain.Order.ID} {
		_, err = h.orders.Ship(ctx, id, "", "SF", "SF9")
		must(t, err)
	}
	for range 2 {
		_, err = h.orders.RefundPart(ctx, r.Order.ID, "refund-1", cny(1000))
		must(t, err)
	}
	_, err = h.orders.RefundPart(ctx, plain.Order.ID, "refund-p", cny(100))
	must(t, err)
	reds := redsOf(t, inv, r.Order.ID)
	if len(reds) != 1 || reds[0].Original != blue.ID || reds[0].Amount != cny(1000) || reds[0].Status != invoice.Requested ||
		reds[0].Source != invoice.Refund || reds[0].TaxNo != validTaxNo {
		t.Fatalf("after one refund asked twice: %+v, want one red request of 10.00 against %d", reds, blue.ID)
	}
	if got := redsOf(t, inv, plain.Order.ID); len(got) != 0 {
		t.Fatalf("an order without invoice has %d red requests", len(got))
	}
	// The rest in full: a second red request for what is left, 20.00.
	for range 2 {
		_, err = h.orders.Refund(ctx, r.Order.ID, "refund-all")
		must(t, err)
	}
	reds = redsOf(t, inv, r.Order.ID)
	if len(reds) != 2 || reds[0].Amount != cny(2000) {
		t.Fatalf("after the full refund: %+v, want a second red request of 20.00", reds)
	}
	red, _, err := inv.Issue(ctx, reds[0].ID, "26332000000012345699", "2026-12-02", nil)
	must(t, err)
	if red.Number != "26332000000012345699" || red.Kind != invoice.Red {
		t.Fatalf("issued red = %+v", red)
	}
	if _, _, err := inv.Request(ctx, companyAsk(r.Order.ID), "", nil); !fault.Is(err, fault.Conflict) {
		t.Fatalf("a request for a refunded order = %v, want Conflict", err)
	}
}

// invoiceChannelRefund: the channel refunding an invoiced order in full,
// said twice, raises one red-letter request for the whole invoice.
func invoiceChannelRefund(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	inv := app.NewInvoices(unit.New(h.db), nil)
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	r := h.ingest(t, paid("C1", 1, "TEA-250"))
	ask := companyAsk(r.Order.ID)
	ask.Amount = cny(600)
	blue, _, err := inv.Request(ctx, ask, "", nil)
	must(t, err)
	_, _, err = inv.Issue(ctx, blue.ID, "12345678", "2026-12-01", nil)
	must(t, err)
	for range 2 {
		in := paid("C1", 2, "TEA-250")
		in.Order.Status = order.Refunded
		h.ingest(t, in)
	}
	reds := redsOf(t, inv, r.Order.ID)
	if len(reds) != 1 || reds[0].Amount != cny(600) {
		t.Fatalf("after the channel's refund heard twice: %+v, want one red request for the invoice's 6.00", reds)
	}
}

func redsOf(t *testing.T, inv *app.Invoices, id order.ID) []invoice.Invoice {
	t.Helper()
	all, err := inv.List(ctx, invoice.Filter{OrderID: id})
	must(t, err)
	var reds []invoice.Invoice
	for _, i := range all {
		if i.Kind == invoice.Red {
			reds = append(reds, i)
		}
	}
	return reds
}

// fieldOf is the field an Invalid error names, "" for any other error.
func fieldOf(err error) string {
	var fe *fault.Error
	if errors.As(err, &fe) && fe.Kind == fault.Invalid {
		return fe.Field
	}
	return ""
}

// invoiceRoundTrip: the export lists the requested invoices; the numbers
// typed next to its 发票流水号 import back and issue them; a file with one
// bad row issues nothing; the same file again changes nothing.
func invoiceRoundTrip(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	inv := app.NewInvoices(unit.New(h.db), nil)
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	a := h.ingest(t, paid("X1", 1, "TEA-250", "CUP"))
	b := h.ingest(t, paid("X2", 1, "TEA-250"))
	ia, _, err := inv.Request(ctx, companyAsk(a.Order.ID), "", nil)
	must(t, err)
	ib, _, err := inv.Request(ctx, invoice.Request{OrderID: b.Order.ID, Title: "王五", TitleKind: invoice.Personal, Type: invoice.DigitalOrdinary}, "", nil)
	must(t, err)

	var buf bytes.Buffer
	n, err := inv.Export(ctx, &buf, invoice.Filter{Shop: "S1"})
	must(t, err)
	table, err := sheet.ReadTable("x.xlsx", &buf)
	must(t, err)
	if n != 2 || len(table) != 4 || table[1][0] != invoicesheet.Serial(ia.ID) || table[3][0] != invoicesheet.Serial(ib.ID) {
		t.Fatalf("export of %d invoices: %q", n, table)
	}
	issued := "发票流水号,订单号,发票号码,开票日期\n" +
		fmt.Sprintf("%s,%d,26332000000000000001,2026-12-01\n", invoicesheet.Serial(ia.ID), a.Order.ID) +
		fmt.Sprintf(",%d,26332000000000000002,2026/12/01\n", b.Order.ID)
	bad := issued + ",999999,26332000000000000003,2026-12-01\n"
	res, err := inv.ImportIssued(ctx, parseIssued(t, bad), nil)
	must(t, err)
	if len(res.Errors) != 1 || res.Errors[0].Row != 4 || res.Issued != 0 {
		t.Fatalf("a file with an unknown order = %+v, want one error at row 4 and nothing issued", res.Errors)
	}
	if got, _ := inv.Get(ctx, ia.ID, nil); got.Status != invoice.Requested {
		t.Fatalf("a refused file issued invoice %d", ia.ID)
	}
	res, err = inv.ImportIssued(ctx, parseIssued(t, issued), nil)
	must(t, err)
	if res.Issued != 2 || res.Already != 0 || len(res.Errors) != 0 {
		t.Fatalf("import = %+v, want 2 issued", res)
	}
	got, _ := inv.Get(ctx, ib.ID, nil)
	if got.Status != invoice.Issued || got.Number != "26332000000000000002" || got.IssuedOn != "2026-12-01" {
		t.Fatalf("invoice b = %+v", got)
	}
	if res, _ = inv.ImportIssued(ctx, parseIssued(t, issued), nil); res.Already != 2 || res.Issued != 0 {
		t.Fatalf("the same file again = %+v, want 2 issued before", res)
	}
	if n, _ = inv.Export(ctx, &buf, invoice.Filter{}); n != 0 {
		t.Fatalf("export after issuing lists %d", n)
	}
}

func parseIssued(t *testing.T, csv string) []invoicesheet.Issued {
	t.Helper()
	table, err := sheet.ReadCSV([]byte(csv))
	must(t, err)
	p := invoicesheet.ParseIssued(table)
	if len(p.Errors) > 0 {
		t.Fatalf("parse: %v", p.Errors)
	}
	return p.Rows
}

// invoiceFromChannel: an invoice request sent with an order waits for the
// payment, is raised once however often the version comes, and one with a
// bad tax number is left for a person instead of failing the order.
func invoiceFromChannel(t *testing.T, open storetest.Opener) {
	h := newHub(t, open, app.OrderOptions{})
	inv := app.NewInvoices(unit.New(h.db), nil)
	h.receive(t, "po-1", "TEA-250", "SH", 10)
	ask := invoice.Request{Title: "福州某某科技有限公司", TitleKind: invoice.Company, TaxNo: validTaxNo, Type: invoice.DigitalOrdinary}
	unpaid := paid("CH1", 1, "TEA-250")
	unpaid.Order.Status, unpaid.Order.PaidAt, unpaid.Invoice = order.AwaitingPayment, time.Time{}, &ask
	r := h.ingest(t, unpaid)
	if got, _ := inv.List(ctx, invoice.Filter{OrderID: r.Order.ID}); len(got) != 0 {
		t.Fatalf("an unpaid order's request was raised: %+v", got)
	}
	for range 2 {
		in := paid("CH1", 2, "TEA-250")
		in.Invoice = &ask
		h.ingest(t, in)
	}
	got, err := inv.List(ctx, invoice.Filter{OrderID: r.Order.ID})
	must(t, err)
	if len(got) != 1 || got[0].Source != invoice.Channel || got[0].Amount != cny(1000) || got[0].Status != invoice.Requested {
		t.Fatalf("after the paid version twice: %+v, want one channel request for 10.00", got)
	}
	bad := paid("CH2", 1, "TEA-250")
	wrong := ask
	wrong.TaxNo = "91350100M000100Y44"
	bad.Invoice = &wrong
	r2 := h.ingest(t, bad)
	if r2.Order.Status != order.Allocated && r2.Order.Status != order.Paid {
		t.Fatalf("an order with a bad invoice request is %s", r2.Order.Status)
	}
	if got, _ := inv.List(ctx, invoice.Filter{OrderID: r2.Order.ID}); len(got) != 0 {
		t.Fatalf("a bad channel request was raised: %+v", got)
	}
}
