package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/order/shipsheet"
	"github.com/fnshub/fnshub/internal/sheet"
)

// The degraded mode (docs/adr/0034-shipment-write-back-and-offline-mode.md):
// while a platform's API is down, staff export a shop's orders awaiting
// shipment, ship by hand, and import the carriers and tracking numbers.
// Each imported row ships its order through Ship, so the stock and the
// books move as for any shipment, and the write-back job it enqueues tells
// the platform once its API answers again.

// awaitingShipment are the statuses of an order that may ship next.
var awaitingShipment = []order.Status{order.Allocated, order.Approved}

// AwaitingShipment lists shop shopID's orders that wait to ship (allocated
// or approved), oldest first.
func (o *Orders) AwaitingShipment(ctx context.Context, shopID string) ([]*order.Record, error) {
	var out []*order.Record
	for _, st := range awaitingShipment {
		f := order.Filter{Shop: shopID, Status: st, Limit: 500}
		for {
			page, err := o.List(ctx, f)
			if err != nil {
				return nil, err
			}
			out = append(out, page...)
			if len(page) < f.Limit {
				break
			}
			f.Before = page[len(page)-1].ID
		}
	}
	// Oldest first, as a warehouse works a pick list; an import of one file
	// may assign ids in any order, so the id only breaks ties.
	slices.SortFunc(out, func(a, b *order.Record) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out, nil
}

// ShipmentImport is what importing a shipping sheet did.
type ShipmentImport struct {
	Shipped int              // orders shipped by this import
	Already int              // orders shipped before under the same tracking number (an import run again, or shipped elsewhere)
	Errors  []sheet.RowError // rows that shipped nothing, and why
}

// ImportKey is the Idempotency-Key an imported row ships its order under:
// the same row imported again replays the first shipment.
func ImportKey(id order.ID, trackingNo string) string {
	return fmt.Sprintf("import-ship:%d:%s", id, trackingNo)
}

// ImportShipments ships the order of each row, each in its own
// transaction, under ImportKey, so a file imported twice ships nothing
// twice. An order shipped already with the row's tracking number counts as
// Already, not as an error: that is the reconciliation of a shipment made
// by hand and written back, or made on the platform and pulled. A row that
// cannot ship (no such order, not allocated, another tracking number) is a
// row error; the other rows still ship. An error that is no row's fault
// stops the import and is returned.
func (o *Orders) ImportShipments(ctx context.Context, rows []shipsheet.Shipment) (ShipmentImport, error) {
	return o.ImportShipmentsIn(ctx, rows, nil)
}

// ImportShipmentsIn is ImportShipments for a user who may see only shops
// (none: every shop): a row of an order of another shop is a row error,
// the same as a row of no order, so it tells nothing of that shop.
func (o *Orders) ImportShipmentsIn(ctx context.Context, rows []shipsheet.Shipment, shops []string) (ShipmentImport, error) {
	var out ShipmentImport
	for _, r := range rows {
		already, err := o.importShipment(ctx, r, shops)
		switch {
		case err == nil && already:
			out.Already++
		case err == nil:
			out.Shipped++
		case fault.KindOf(err) == fault.Internal || fault.KindOf(err) == fault.Unavailable:
			return out, fmt.Errorf("app: import the shipment of row %d: %w", r.Row, err)
		default:
			out.Errors = append(out.Errors, sheet.RowError{Row: r.Row, Reason: reason(err)})
		}
	}
	return out, nil
}

func reason(err error) string {
	if fe := (*fault.Error)(nil); errors.As(err, &fe) {
		return fe.Message
	}
	return err.Error()
}

// importShipment ships one row's order; already is true when it had
// shipped under the row's tracking number before.
func (o *Orders) importShipment(ctx context.Context, r shipsheet.Shipment, shops []string) (already bool, err error) {
	rec, err := o.rowOrder(ctx, r, shops)
	if err != nil {
		return false, err
	}
	if shipped(rec) {
		if rec.TrackingNo == r.TrackingNo {
			return true, nil
		}
		return false, fault.New(fault.Conflict, "shipped_otherwise",
			"order %d shipped already with %s %s, not %s; fix the row, or handle the second parcel as after-sales", rec.ID, rec.Carrier, rec.TrackingNo, r.TrackingNo)
	}
	res, err := o.Ship(ctx, rec.ID, ImportKey(rec.ID, r.TrackingNo), r.Carrier, r.TrackingNo)
	if err != nil {
		return false, err
	}
	return res.Replayed, nil
}

// rowOrder finds the row's order by id, or by shop and platform order id;
// given both, they must agree, so a row shifted by hand ships nothing.
// An order outside shops (when any are given) is not found.
func (o *Orders) rowOrder(ctx context.Context, r shipsheet.Shipment, shops []string) (*order.Record, error) {
	if r.OrderID == 0 {
		recs, err := o.List(ctx, order.Filter{Shop: r.Shop, Shops: shops, ExternalID: r.ExternalID, Limit: 2})
		if err != nil {
			return nil, err
		}
		if len(recs) != 1 {
			return nil, fault.New(fault.NotFound, "order_not_found", "shop %s has no order %s; check the shop and the platform order id", r.Shop, r.ExternalID)
		}
		return recs[0], nil
	}
	rec, err := o.Get(ctx, r.OrderID)
	if err == nil && len(shops) > 0 && !slices.Contains(shops, rec.Shop) {
		err = fault.New(fault.NotFound, "order_not_found", "order %d does not exist", r.OrderID)
	}
	if fault.Is(err, fault.NotFound) {
		return nil, fault.New(fault.NotFound, "order_not_found", "there is no order %d; give the order id as exported", r.OrderID)
	}
	if err != nil {
		return nil, err
	}
	if (r.Shop != "" && r.Shop != rec.Shop) || (r.ExternalID != "" && r.ExternalID != rec.ExternalID) {
		return nil, fault.New(fault.Conflict, "order_mismatch", "order %d is %s/%s, not %s/%s; the row's cells do not belong together",
			rec.ID, rec.Shop, rec.ExternalID, r.Shop, r.ExternalID)
	}
	return rec, nil
}
