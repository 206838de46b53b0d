package app

import (
	"context"

	"github.com/fnshub/fnshub/internal/invoice"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
)

// credit is money an order gives back to its buyer in this transaction:
// a refund, or the whole payment when it is cancelled or refunded in
// full. ref is the refund's ledger entry key, one red-letter request each.
type credit struct {
	rec    *order.Record
	amount money.Amount
	ref    string
}

// credit queues the whole payment of an order being undone as given back.
func (w *work) credit(rec *order.Record, ref string) error {
	total, err := rec.Total()
	if err != nil || total.IsZero() {
		return err
	}
	w.credits = append(w.credits, credit{rec: rec, amount: total, ref: ref})
	return nil
}

// raiseCredits raises a red-letter (红字) request against the issued
// invoice of each order the group gave money back on, for what it gave
// back (docs/adr/0048-invoices.md). A group without refunds reads
// nothing; one with refunds pays one indexed lookup, whether or not any
// of its orders has an invoice. The same refund heard twice raises one
// request: its ref is the refund's entry key, unique per invoice.
func (w *work) raiseCredits(ctx context.Context) error {
	if len(w.credits) == 0 {
		return nil
	}
	ids := make([]order.ID, 0, len(w.credits))
	for _, c := range w.credits {
		ids = append(ids, c.rec.ID)
	}
	issued, err := w.s.Invoices.IssuedBlue(ctx, ids)
	if err != nil || len(issued) == 0 {
		return err
	}
	for _, c := range w.credits {
		for i := range issued {
			if issued[i].Invoice.OrderID != c.rec.ID {
				continue
			}
			red, ok := invoice.Credit(issued[i].Invoice, issued[i].Credited, c.amount, c.ref, w.now)
			if !ok {
				continue
			}
			created, err := w.s.Invoices.Insert(ctx, &red)
			if err != nil {
				return err
			}
			if created {
				issued[i].Credited += red.Amount.Minor()
			}
		}
	}
	return nil
}

// invoiceAsk is an invoice request a channel sent with an order's version.
type invoiceAsk struct {
	rec *order.Record
	req invoice.Request
}

// askInvoice queues the invoice request p's version carries, if any.
func (w *work) askInvoice(rec *order.Record, p *pending) {
	if p.invoice != nil {
		w.asks = append(w.asks, invoiceAsk{rec: rec, req: *p.invoice})
	}
}

// takeInvoiceAsks records the invoice requests channels sent, once the
// order is paid; orders without one cost nothing. A request the order
// cannot take (not paid yet, a bad tax number) is left out rather than
// failing the order: a later version may bring it again, or a person
// enters it by hand. One the order has already is a duplicate, kept once
// by the live-request index.
func (w *work) takeInvoiceAsks(ctx context.Context) error {
	for _, a := range w.asks {
		a.req.OrderID, a.req.Source = a.rec.ID, invoice.Channel
		inv, err := invoice.New(a.req, a.rec, "", w.now)
		if err != nil {
			continue
		}
		if _, err := w.s.Invoices.Insert(ctx, &inv); err != nil {
			return err
		}
	}
	return nil
}
