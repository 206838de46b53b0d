package app

import (
	"context"
	"errors"

	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
)

// ContactOf is an order's contact in effect, as Contacts opens it.
type ContactOf struct {
	Contact   *pii.Contact // nil: none given, or erased
	Corrected bool         // Contact is a receiver a person corrected
	Erased    bool         // the buyer was erased: the contact is gone for good
	Err       error        // it could not be opened (a lost key, a damaged value)
}

// Contact opens the contact in effect of rec: the receiver a person
// corrected, else the one its version sent; nil when none was given.
// Errors wrap pii.ErrErased when the buyer was erased.
func (o *Orders) Contact(ctx context.Context, rec *order.Record) (*pii.Contact, error) {
	cs, err := o.Contacts(ctx, []*order.Record{rec})
	if err != nil {
		return nil, err
	}
	c := cs[0]
	if c.Erased {
		return nil, pii.ErrErased
	}
	return c.Contact, c.Err
}

// Contacts opens the contacts in effect of recs in one read, one answer
// per order in order; one that cannot be opened does not fail the others.
func (o *Orders) Contacts(ctx context.Context, recs []*order.Record) (out []ContactOf, err error) {
	err = o.unit.Read(ctx, func(s Stores) error {
		out, err = contactsIn(ctx, newBuyerKeys(o.keys, s.Buyers, o.clock()), recs)
		return err
	})
	return out, err
}

func contactsIn(ctx context.Context, bk *buyerKeys, recs []*order.Record) ([]ContactOf, error) {
	ids, refs := make([]int64, len(recs)), make([]string, len(recs))
	for i, rec := range recs {
		ids[i], refs[i] = int64(rec.ID), keyRef(rec.Order)
	}
	fixed, err := bk.store.Corrections(ctx, ids)
	if err != nil {
		return nil, err
	}
	if err := bk.load(ctx, refs...); err != nil {
		return nil, err
	}
	out := make([]ContactOf, len(recs))
	for i, rec := range recs {
		out[i] = contactIn(ctx, bk, rec, fixed[int64(rec.ID)])
	}
	return out, nil
}

// contactIn opens the contact in effect of rec; corrected is its corrected
// receiver, if any.
func contactIn(ctx context.Context, bk *buyerKeys, rec *order.Record, corrected []byte) ContactOf {
	blob := rec.Contact
	if corrected != nil {
		blob = corrected
	}
	c, err := bk.open(ctx, rec, blob)
	if errors.Is(err, pii.ErrErased) {
		return ContactOf{Erased: true}
	}
	if err != nil {
		return ContactOf{Err: err}
	}
	if c == nil {
		erased, err := bk.erased(ctx, rec) // a contact sealed by the master key is dropped on erasure
		return ContactOf{Erased: erased, Err: err}
	}
	return ContactOf{Contact: c, Corrected: corrected != nil}
}
