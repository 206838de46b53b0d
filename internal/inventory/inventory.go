// Package inventory owns stock: warehouses, levels per (SKU, warehouse), the
// append-only movement ledger behind every level, and reservations, each
// resolved at most once (DESIGN.md §5, invariants 3–4).
package inventory

import (
	"time"

	"github.com/fnshub/fnshub/internal/fault"
)

// Warehouse is a place stock is kept.
type Warehouse struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Province string `json:"province"` // for routing orders to the nearest warehouse
	Priority int    `json:"priority"` // lower ships first
	Active   bool   `json:"active"`
	// Entity is the code of the legal entity that owns the warehouse and
	// books its stock ("default" when none is given); EntityID is its id,
	// as the books keep it. A transfer between warehouses of different
	// entities posts in both entities' books (ADR 27).
	Entity    string    `json:"entity"`
	EntityID  int64     `json:"entity_id"`
	CreatedAt time.Time `json:"created_at"`
}

// Level is the stock of one SKU in one warehouse.
type Level struct {
	SKU       string `json:"sku"`
	Warehouse string `json:"warehouse"`
	OnHand    int64  `json:"on_hand"`
	Reserved  int64  `json:"reserved"`
}

// Available is what may still be promised.
func (l Level) Available() int64 { return l.OnHand - l.Reserved }

// Line is a quantity of one SKU in one warehouse.
type Line struct {
	SKU       string `json:"sku"`
	Warehouse string `json:"warehouse"`
	Quantity  int64  `json:"quantity"`
}

// Status is where a reservation stands.
type Status string

const (
	Held     Status = "held"
	Released Status = "released" // given back: the order was cancelled
	Shipped  Status = "shipped"  // left the warehouse: on hand fell with it
)

// Reservation holds stock for one line of an order.
type Reservation struct {
	ID         string    `json:"id"`
	Ref        string    `json:"ref"` // what it is for, e.g. the order
	Line                 // what is held
	Status     Status    `json:"status"`
	CreatedAt  time.Time `json:"created_at"`
	ResolvedAt time.Time `json:"resolved_at"`
}

// Movement kinds, as stored.
const (
	KindReceipt     = "receipt"
	KindAdjustment  = "adjustment"
	KindTransferOut = "transfer_out"
	KindTransferIn  = "transfer_in"
	KindRelease     = "release"
	KindShipment    = "shipment"
	KindReturn      = "return"
)

// validate checks a line; positive says whether the quantity must be > 0
// (everything but an adjustment).
func (l Line) validate(positive bool) error {
	switch {
	case l.SKU == "" || len(l.SKU) > 64:
		return fault.Invalidf("sku", "sku_invalid", "sku must be 1 to 64 characters")
	case l.Warehouse == "":
		return fault.Invalidf("warehouse", "warehouse_missing", "name the warehouse")
	case positive && l.Quantity <= 0:
		return fault.Invalidf("quantity", "quantity_invalid", "quantity must be positive, not %d", l.Quantity)
	case !positive && l.Quantity == 0:
		return fault.Invalidf("quantity", "quantity_invalid", "an adjustment of zero changes nothing")
	}
	return nil
}

// ErrInsufficient builds the Conflict returned when stock does not cover a line.
func ErrInsufficient(l Line) error {
	e := fault.New(fault.Conflict, "insufficient_stock", "not enough %s in warehouse %s for %d", l.SKU, l.Warehouse, l.Quantity)
	e.Field = "sku"
	return e
}
