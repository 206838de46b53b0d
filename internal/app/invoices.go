package app

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/invoice"
	"github.com/fnshub/fnshub/internal/order"
)

// Invoices runs the invoice requests of orders (docs/adr/0048-invoices.md):
// asked for by hand or by the channel, issued, rejected or cancelled by
// finance, exported to the tax-invoicing system and their numbers
// imported back.
type Invoices struct {
	unit Unit
	now  func() time.Time
}

// NewInvoices returns the invoice use cases over unit; now is the clock
// (time.Now when nil).
func NewInvoices(unit Unit, now func() time.Time) *Invoices {
	if now == nil {
		now = time.Now
	}
	return &Invoices{unit: unit, now: now}
}

func (s *Invoices) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Request records an invoice request for an order, idempotent by the
// order (one live blue request each) and by key, the Idempotency-Key:
// the same request again returns the first with duplicate set. shops is
// the caller's scope: an order of another shop is as if it did not exist.
// Errors: Invalid (naming the field: the tax number, the type, an amount
// above the order's total net of refunds), NotFound, Conflict (the order
// has another live request, or the key was used for another).
func (s *Invoices) Request(ctx context.Context, r invoice.Request, key string, shops []string) (inv invoice.Invoice, duplicate bool, err error) {
	err = s.unit.InTx(ctx, func(st Stores) error {
		rec, err := st.Orders.LoadByID(ctx, r.OrderID, true)
		if err != nil {
			return err
		}
		if !inScope(rec.Shop, shops) {
			return fault.New(fault.NotFound, "order_not_found", "order %d does not exist", r.OrderID)
		}
		asked, err := invoice.New(r, rec, key, s.clock())
		if err != nil {
			return err
		}
		inv, duplicate, err = insertOnce(ctx, st.Invoices, asked)
		return err
	})
	return inv, duplicate, err
}

// insertOnce stores asked unless the same request is stored: then it
// returns that one as a duplicate; another under its key or for its order
// is a Conflict.
func insertOnce(ctx context.Context, st invoice.TxStore, asked invoice.Invoice) (invoice.Invoice, bool, error) {
	if asked.IdemKey != "" {
		got, ok, err := st.ByKey(ctx, asked.IdemKey)
		if err != nil {
			return invoice.Invoice{}, false, err
		}
		if ok {
			if !got.Same(asked) {
				return invoice.Invoice{}, false, fault.New(fault.Conflict, "idempotency_key_reused",
					"Idempotency-Key %q was used for invoice %d with other fields; use a new key", asked.IdemKey, got.ID)
			}
			return got, true, nil
		}
	}
	created, err := st.Insert(ctx, &asked)
	if err != nil || created {
		return asked, false, err
	}
	got, ok, err := st.Live(ctx, asked.OrderID)
	switch {
	case err != nil:
		return invoice.Invoice{}, false, err
	case !ok:
		return invoice.Invoice{}, false, fault.New(fault.Conflict, "idempotency_key_reused",
			"Idempotency-Key %q was used for another invoice; use a new key", asked.IdemKey)
	case got.Same(asked):
		return got, true, nil
	}
	return invoice.Invoice{}, false, fault.New(fault.Conflict, "invoice_exists",
		"order %d has invoice %d %s already; cancel or reject it before asking for another", asked.OrderID, got.ID, got.Status)
}

func inScope(shop string, shops []string) bool {
	if len(shops) == 0 {
		return true
	}
	for _, s := range shops {
		if s == shop {
			return true
		}
	}
	return false
}

// Issue records the number and date the tax-invoicing system issued
// invoice id with. The same number again is a duplicate. Errors: Invalid,
// NotFound, Conflict (not requested, or issued with another number).
func (s *Invoices) Issue(ctx context.Context, id invoice.ID, number, date string, shops []string) (invoice.Invoice, bool, error) {
	return s.change(ctx, id, shops, func(inv *invoice.Invoice) (bool, error) {
		if inv.Status == invoice.Issued && inv.Number == number && inv.IssuedOn == date {
			return true, nil
		}
		return false, inv.Issue(number, date, s.clock())
	})
}

// Reject records that invoice id will not be issued, and why. Errors:
// Invalid, NotFound, Conflict.
func (s *Invoices) Reject(ctx context.Context, id invoice.ID, reason string, shops []string) (invoice.Invoice, bool, error) {
	return s.change(ctx, id, shops, func(inv *invoice.Invoice) (bool, error) {
		if inv.Status == invoice.Rejected && inv.Reason == reason {
			return true, nil
		}
		return false, inv.Reject(reason, s.clock())
	})
}

// Cancel withdraws invoice id before it is issued; cancelled again is a
// duplicate. Errors: NotFound, Conflict.
func (s *Invoices) Cancel(ctx context.Context, id invoice.ID, shops []string) (invoice.Invoice, bool, error) {
	return s.change(ctx, id, shops, func(inv *invoice.Invoice) (bool, error) {
		if inv.Status == invoice.Cancelled {
			return true, nil
		}
		return false, inv.Cancel(s.clock())
	})
}

// change loads invoice id, applies fn and writes it back unless fn found
// it done already (duplicate).
func (s *Invoices) change(ctx context.Context, id invoice.ID, shops []string, fn func(*invoice.Invoice) (bool, error)) (inv invoice.Invoice, duplicate bool, err error) {
	err = s.unit.InTx(ctx, func(st Stores) error {
		if inv, err = getInScope(ctx, st, id, shops); err != nil {
			return err
		}
		if duplicate, err = fn(&inv); err != nil || duplicate {
			return err
		}
		return st.Invoices.Update(ctx, inv)
	})
	return inv, duplicate, err
}

func getInScope(ctx context.Context, st Stores, id invoice.ID, shops []string) (invoice.Invoice, error) {
	inv, err := st.Invoices.Get(ctx, id)
	if err == nil && !inScope(inv.Shop, shops) {
		err = fault.New(fault.NotFound, "invoice_not_found", "invoice %d does not exist", id)
	}
	return inv, err
}

// Get returns invoice id. Errors: NotFound.
func (s *Invoices) Get(ctx context.Context, id invoice.ID, shops []string) (inv invoice.Invoice, err error) {
	err = s.unit.Read(ctx, func(st Stores) error { inv, err = getInScope(ctx, st, id, shops); return err })
	return inv, err
}

// List returns invoices newest first.
func (s *Invoices) List(ctx context.Context, f invoice.Filter) (out []invoice.Invoice, err error) {
	err = s.unit.Read(ctx, func(st Stores) error { out, err = st.Invoices.List(ctx, f); return err })
	return out, err
}

// orderOf loads an invoice's order, for the export's lines.
func orderOf(ctx context.Context, st Stores, id order.ID) (*order.Record, error) {
	return st.Orders.LoadByID(ctx, id, false)
}
