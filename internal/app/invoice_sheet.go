package app

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/invoice"
	"github.com/fnshub/fnshub/internal/invoice/invoicesheet"
	"github.com/fnshub/fnshub/internal/sheet"
)

// Export writes the requested (not yet issued) invoices that f selects in
// the 数电 batch issue layout (invoicesheet), oldest first, and returns how
// many it wrote.
func (s *Invoices) Export(ctx context.Context, w io.Writer, f invoice.Filter) (int, error) {
	f = invoice.Filter{Shops: f.Shops, Shop: f.Shop, OrderID: f.OrderID, Limit: f.Limit, Status: invoice.Requested}
	var ps []invoicesheet.Pending
	err := s.unit.Read(ctx, func(st Stores) error {
		invs, err := st.Invoices.List(ctx, f)
		if err != nil {
			return err
		}
		ps = make([]invoicesheet.Pending, 0, len(invs))
		for i := len(invs) - 1; i >= 0; i-- {
			p := invoicesheet.Pending{Invoice: invs[i]}
			if p.Order, err = orderOf(ctx, st, invs[i].OrderID); err != nil {
				return err
			}
			if invs[i].Kind == invoice.Red {
				blue, err := st.Invoices.Get(ctx, invs[i].Original)
				if err != nil {
					return err
				}
				p.Blue = blue.Number
			}
			ps = append(ps, p)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(ps), invoicesheet.Write(w, ps)
}

// IssuedImport is what an import of issued numbers did: each invoice
// issued now, or issued before with the same number (a file imported
// again), or, when Errors is set, nothing at all.
type IssuedImport struct {
	Issued  int
	Already int
	Errors  []sheet.RowError
}

// errRowsRefused rolls an import with row errors back.
var errRowsRefused = errors.New("app: rows refused")

// ImportIssued records the numbers and dates the tax-invoicing system
// issued, all rows or none: a row whose invoice does not exist (or is of
// a shop outside shops), is not requested, or is named by an order with
// more than one request is an error of its row, and then nothing is
// written.
func (s *Invoices) ImportIssued(ctx context.Context, rows []invoicesheet.Issued, shops []string) (IssuedImport, error) {
	var res IssuedImport
	err := s.unit.InTx(ctx, func(st Stores) error {
		res = IssuedImport{}
		for _, r := range rows {
			already, err := s.issueRow(ctx, st, r, shops)
			switch {
			case err != nil && fault.KindOf(err) == fault.Internal:
				return err
			case err != nil:
				res.Errors = append(res.Errors, sheet.RowError{Row: r.Row, Reason: err.Error()})
			case already:
				res.Already++
			default:
				res.Issued++
			}
		}
		if len(res.Errors) > 0 {
			return errRowsRefused
		}
		return nil
	})
	if errors.Is(err, errRowsRefused) {
		res.Issued, res.Already = 0, 0
		return res, nil
	}
	return res, err
}

func (s *Invoices) issueRow(ctx context.Context, st Stores, r invoicesheet.Issued, shops []string) (already bool, err error) {
	inv, err := s.rowInvoice(ctx, st, r, shops)
	if err != nil {
		return false, err
	}
	if inv.Status == invoice.Issued && inv.Number == r.Number && inv.IssuedOn == r.IssuedOn {
		return true, nil
	}
	if err := inv.Issue(r.Number, r.IssuedOn, s.clock()); err != nil {
		return false, err
	}
	return false, st.Invoices.Update(ctx, inv)
}

// rowInvoice is the invoice a row names: by its 发票流水号, or its order's
// one requested invoice (or the one issued with the row's number, when
// the file comes again).
func (s *Invoices) rowInvoice(ctx context.Context, st Stores, r invoicesheet.Issued, shops []string) (invoice.Invoice, error) {
	if r.Invoice != 0 {
		inv, err := getInScope(ctx, st, r.Invoice, shops)
		if err == nil && r.OrderID != 0 && inv.OrderID != r.OrderID {
			err = fault.Invalidf("order", "order_mismatch", "invoice %d is of order %d, not %d", inv.ID, inv.OrderID, r.OrderID)
		}
		return inv, err
	}
	all, err := st.Invoices.List(ctx, invoice.Filter{OrderID: r.OrderID, Shops: shops})
	if err != nil {
		return invoice.Invoice{}, err
	}
	var pending []invoice.Invoice
	for _, inv := range all {
		if inv.Status == invoice.Issued && inv.Number == r.Number {
			return inv, nil
		}
		if inv.Status == invoice.Requested {
			pending = append(pending, inv)
		}
	}
	switch len(pending) {
	case 1:
		return pending[0], nil
	case 0:
		return invoice.Invoice{}, fault.New(fault.NotFound, "invoice_not_found", "order %d has no requested invoice", r.OrderID)
	}
	return invoice.Invoice{}, fault.New(fault.Conflict, "invoice_ambiguous",
		"order %d has %d requested invoices; name the one issued by its 发票流水号 (from the export)", r.OrderID, len(pending))
}

// String makes an import's outcome a line for people.
func (r IssuedImport) String() string {
	if len(r.Errors) > 0 {
		return fmt.Sprintf("%d problem(s); nothing issued", len(r.Errors))
	}
	return fmt.Sprintf("%d issued, %d issued before", r.Issued, r.Already)
}
