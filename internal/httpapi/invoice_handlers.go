package httpapi

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/invoice"
	"github.com/fnshub/fnshub/internal/invoice/invoicesheet"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/sheet"
)

// invoices returns the invoice use cases, or Unavailable on a server
// built without them.
func (s *Server) invoices() (*app.Invoices, error) {
	if s.Invoices == nil {
		return nil, fault.New(fault.Unavailable, "invoices_unavailable", "this server keeps no invoices")
	}
	return s.Invoices, nil
}

// invoiceFilter reads ?shop=, ?status=, ?order= and ?limit= within the
// caller's scope.
func (s *Server) invoiceFilter(r *http.Request) (invoice.Filter, error) {
	var f invoice.Filter
	shops, err := s.shopScope(r, requestedShops(r))
	if err != nil {
		return f, err
	}
	f.Shops = shops
	q := r.URL.Query()
	if v := q.Get("status"); v != "" {
		if f.Status, err = invoice.ParseStatus(v); err != nil {
			return f, err
		}
	}
	id, err := queryInt(r, "order", 0)
	if err != nil {
		return f, err
	}
	f.OrderID = order.ID(id)
	limit, err := queryInt(r, "limit", 100)
	if err != nil || limit < 1 || limit > 1000 {
		return f, fault.Invalidf("limit", "limit_invalid", "limit must be between 1 and 1000")
	}
	f.Limit = int(limit)
	return f, nil
}

func (s *Server) listInvoices(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.invoices()
	if err != nil {
		return err
	}
	f, err := s.invoiceFilter(r)
	if err != nil {
		return err
	}
	items, err := svc.List(r.Context(), f)
	if err != nil {
		return err
	}
	if items == nil {
		items = []invoice.Invoice{}
	}
	for i := range items {
		items[i] = s.localInvoice(items[i])
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

// requestInvoice records an invoice request for an order: 201 when new,
// 200 with Idempotent-Replayed when the order (or the Idempotency-Key)
// has the same request already.
func (s *Server) requestInvoice(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.invoices()
	if err != nil {
		return err
	}
	var in invoice.Request
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	rec, err := s.Orders.Get(r.Context(), in.OrderID)
	if err != nil {
		return err
	}
	if err := s.hidden(r, rec.Shop, fault.New(fault.NotFound, "order_not_found", "order %d does not exist", in.OrderID)); err != nil {
		return err
	}
	shops, err := s.shopScope(r, nil)
	if err != nil {
		return err
	}
	inv, dup, err := svc.Request(r.Context(), in, r.Header.Get("Idempotency-Key"), shops)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if dup {
		w.Header().Set("Idempotent-Replayed", "true")
		status = http.StatusOK
	}
	writeJSON(w, status, s.localInvoice(inv))
	return nil
}

// scopedInvoice is the invoice in the path, as if it did not exist when it
// is of a shop outside the caller's scope.
func (s *Server) scopedInvoice(r *http.Request, svc *app.Invoices) (invoice.ID, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, err
	}
	inv, err := svc.Get(r.Context(), invoice.ID(id), nil)
	if err != nil {
		return 0, err
	}
	return inv.ID, s.hidden(r, inv.Shop, fault.New(fault.NotFound, "invoice_not_found", "invoice %d does not exist", id))
}

// invoiceAction runs one transition on the invoice in the path and answers
// with the invoice; one done already answers with Idempotent-Replayed.
func (s *Server) invoiceAction(w http.ResponseWriter, r *http.Request, body any,
	act func(svc *app.Invoices, id invoice.ID, shops []string) (invoice.Invoice, bool, error)) error {
	svc, err := s.invoices()
	if err != nil {
		return err
	}
	id, err := s.scopedInvoice(r, svc)
	if err != nil {
		return err
	}
	if body != nil && r.ContentLength != 0 {
		if err := decodeJSON(w, r, body); err != nil {
			return err
		}
	}
	shops, err := s.shopScope(r, nil)
	if err != nil {
		return err
	}
	inv, dup, err := act(svc, id, shops)
	if err != nil {
		return err
	}
	if dup {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	writeJSON(w, http.StatusOK, s.localInvoice(inv))
	return nil
}

// localInvoice gives the invoice's times at the merchant's offset, as
// every answer does.
func (s *Server) localInvoice(inv invoice.Invoice) invoice.Invoice {
	inv.CreatedAt, inv.UpdatedAt = inv.CreatedAt.In(s.Location), inv.UpdatedAt.In(s.Location)
	return inv
}

func (s *Server) issueInvoice(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Number   string `json:"number"`
		IssuedOn string `json:"issued_on"`
	}
	return s.invoiceAction(w, r, &in, func(svc *app.Invoices, id invoice.ID, shops []string) (invoice.Invoice, bool, error) {
		return svc.Issue(r.Context(), id, in.Number, in.IssuedOn, shops)
	})
}

func (s *Server) rejectInvoice(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Reason string `json:"reason"`
	}
	return s.invoiceAction(w, r, &in, func(svc *app.Invoices, id invoice.ID, shops []string) (invoice.Invoice, bool, error) {
		return svc.Reject(r.Context(), id, in.Reason, shops)
	})
}

func (s *Server) cancelInvoice(w http.ResponseWriter, r *http.Request) error {
	return s.invoiceAction(w, r, nil, func(svc *app.Invoices, id invoice.ID, shops []string) (invoice.Invoice, bool, error) {
		return svc.Cancel(r.Context(), id, shops)
	})
}

// exportInvoices answers the requested invoices in the 数电 batch issue
// layout, for the merchant's tax-invoicing system to import.
func (s *Server) exportInvoices(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.invoices()
	if err != nil {
		return err
	}
	f, err := s.invoiceFilter(r)
	if err != nil {
		return err
	}
	f.Limit = 1000
	var buf bytes.Buffer
	if _, err := svc.Export(r.Context(), &buf, f); err != nil {
		return err
	}
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", `attachment; filename="invoices-pending.xlsx"`)
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(buf.Bytes())
	return err
}

type issuedImportJSON struct {
	Issued        int            `json:"issued"`
	AlreadyIssued int            `json:"already_issued"`
	Errors        []rowErrorJSON `json:"errors"`
}

// importIssued reads the numbers the tax-invoicing system issued (CSV or
// .xlsx: 发票流水号 or 订单号, 发票号码, 开票日期), all rows or none.
func (s *Server) importIssued(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.invoices()
	if err != nil {
		return err
	}
	name, err := sheetName(r.Header.Get("Content-Type"))
	if err != nil {
		return err
	}
	table, err := sheet.ReadTable(name, r.Body)
	if err != nil {
		return err
	}
	parsed := invoicesheet.ParseIssued(table)
	if len(parsed.Errors) > 0 {
		writeRowsInvalid(w, fmt.Sprintf("%d problem(s) in the sheet, listed in rows; nothing issued: fix them and send it again", len(parsed.Errors)), parsed.Errors)
		return nil
	}
	shops, err := s.shopScope(r, nil)
	if err != nil {
		return err
	}
	res, err := svc.ImportIssued(r.Context(), parsed.Rows, shops)
	if err != nil {
		return err
	}
	if len(res.Errors) > 0 {
		writeRowsInvalid(w, fmt.Sprintf("%d row(s) refused; nothing issued: fix them and send the file again", len(res.Errors)), res.Errors)
		return nil
	}
	writeJSON(w, http.StatusOK, issuedImportJSON{Issued: res.Issued, AlreadyIssued: res.Already, Errors: []rowErrorJSON{}})
	return nil
}
