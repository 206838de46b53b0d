// Package app holds the use cases that span domains, each in one
// transaction: an order enters, reserves stock and posts to the books
// together, or not at all.
package app

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/group"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/shop"
)

// OrderOptions configure Orders.
type OrderOptions struct {
	// Split lets an order that no single warehouse covers ship from several;
	// otherwise it is held as insufficient_stock.
	Split bool
	// Shops says which shops may take orders; an order for a shop it does
	// not know, an inactive one or one on another channel is refused
	// (docs/adr/0024-legal-entities-and-shops.md). Required.
	Shops *shop.Service
	// Decoders read kept payloads by source, for Replay ("api", "import").
	Decoders map[string]Decoder
	MaxBatch int // most orders one commit carries; default 256
	// Linger is how long a busy committer may hold a group open for the
	// producers its last group answered (internal/group); default 1 ms,
	// negative for none.
	Linger time.Duration
	Now    func() time.Time // the clock; time.Now when nil
	// Platforms names the platform a shop's orders come from over an API
	// (Connectors.Puller). With it, shipping an order of such a shop
	// enqueues its write-back (shipment.push) in the same transaction;
	// nil writes nothing back (docs/adr/0034-shipment-write-back-and-offline-mode.md).
	Platforms Platforms
}

// Platforms says which shops have a platform API to write back to.
type Platforms interface {
	Puller(sh shop.Shop) (platform string, ok bool)
}

// Orders ingests orders and carries out what people do to them.
type Orders struct {
	unit    Unit
	catalog *catalog.Service
	keys    *pii.Keyring
	opt     OrderOptions
	ingests *group.Committer[*pending, Result]
	// replayHook replays a kept push message (set by NewHooks): a
	// message is read by its shop's connector, not by a Decoder.
	replayHook func(ctx context.Context, ev order.RawEvent) Result
}

// NewOrders returns the order use cases. Close stops its committer.
func NewOrders(unit Unit, cat *catalog.Service, keys *pii.Keyring, opt OrderOptions) *Orders {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Shops == nil {
		panic("app: NewOrders needs OrderOptions.Shops")
	}
	if opt.MaxBatch <= 0 {
		opt.MaxBatch = 256
	}
	if opt.Linger == 0 {
		opt.Linger = time.Millisecond
	}
	o := &Orders{unit: unit, catalog: cat, keys: keys, opt: opt}
	o.ingests = group.NewLinger(o.commit, func(err error) Result { return Result{Err: err} }, opt.MaxBatch, opt.Linger)
	return o
}

// Close lets queued orders commit and stops accepting new ones.
func (o *Orders) Close() { o.ingests.Close() }

func (o *Orders) clock() time.Time { return o.opt.Now().UTC().Truncate(time.Microsecond) }

// Get returns one order. Errors: NotFound.
func (o *Orders) Get(ctx context.Context, id order.ID) (rec *order.Record, err error) {
	err = o.unit.Read(ctx, func(s Stores) error { rec, err = s.Orders.LoadByID(ctx, id, false); return err })
	return rec, err
}

// List returns orders newest first.
func (o *Orders) List(ctx context.Context, f order.Filter) (recs []*order.Record, err error) {
	err = o.unit.Read(ctx, func(s Stores) error { recs, err = s.Orders.List(ctx, f); return err })
	return recs, err
}

// Versions lists the versions received of an order.
func (o *Orders) Versions(ctx context.Context, id order.ID) (vs []order.Version, err error) {
	err = o.unit.Read(ctx, func(s Stores) error { vs, err = s.Orders.Versions(ctx, id); return err })
	return vs, err
}

// Events lists an order's event trail.
func (o *Orders) Events(ctx context.Context, id order.ID) (evs []order.Event, err error) {
	err = o.unit.Read(ctx, func(s Stores) error { evs, err = s.Orders.Events(ctx, id); return err })
	return evs, err
}

// Reservations lists the stock held and shipped for an order.
func (o *Orders) Reservations(ctx context.Context, id order.ID) (rs []inventory.Reservation, err error) {
	err = o.unit.Read(ctx, func(s Stores) error { rs, err = s.Stock.ByRef(ctx, order.ReservationRef(id)); return err })
	return rs, err
}
