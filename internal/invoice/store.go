package invoice

import (
	"context"

	"github.com/fnshub/fnshub/internal/order"
)

// Credited is an issued blue invoice and what red-letter requests that are
// not cancelled or rejected already take back of it.
type Credited struct {
	Invoice  Invoice
	Credited int64 // minor units
}

// TxStore is what the use cases (internal/app) need of stored invoices
// inside one transaction, bound to it by invoicedb.Bind.
type TxStore interface {
	// Insert stores a new request and sets its ID. created is false, and
	// inv is left alone, when the request's natural key is taken: a live
	// blue request of the order, the red one of the same refund, or the
	// same Idempotency-Key; Live and ByKey find it.
	Insert(ctx context.Context, inv *Invoice) (created bool, err error)
	// Get returns one invoice. Errors: NotFound.
	Get(ctx context.Context, id ID) (Invoice, error)
	// ByKey returns the request made under Idempotency-Key key.
	ByKey(ctx context.Context, key string) (Invoice, bool, error)
	// Live returns the order's blue request that is requested or issued.
	Live(ctx context.Context, id order.ID) (Invoice, bool, error)
	// IssuedBlue returns the issued blue invoices of orders, with what is
	// credited of each: one indexed lookup, the only one a refund pays.
	IssuedBlue(ctx context.Context, orders []order.ID) ([]Credited, error)
	// Update writes back a request's status, number, date and reason.
	Update(ctx context.Context, inv Invoice) error
	// List returns invoices newest first.
	List(ctx context.Context, f Filter) ([]Invoice, error)
}
