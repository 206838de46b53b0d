package app

import (
	"context"
	"fmt"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/job"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/shop"
)

// pushShipment writes one shipped order's carrier and tracking number back
// to its platform.
type pushShipment struct {
	Order int64 `json:"order"`
}

func (pushShipment) Kind() string { return "shipment.push" }

// queueWriteBack enqueues the write-back of rec's shipment in the
// transaction that ships it, so a ship that rolls back leaves no job and a
// ship that commits always has one. Only a shop whose platform has an API
// is written back; an order shipped without a tracking number (fulfillment
// none) has nothing to write.
func (o *Orders) queueWriteBack(ctx context.Context, w *work, rec *order.Record) error {
	if o.opt.Platforms == nil || rec.TrackingNo == "" {
		return nil
	}
	sh, err := o.opt.Shops.Lookup(ctx, rec.Shop)
	if err != nil {
		return err
	}
	if _, ok := o.opt.Platforms.Puller(sh); !ok {
		return nil
	}
	_, err = w.s.Jobs.Enqueue(ctx, pushShipment{Order: int64(rec.ID)}, &job.Opts{Unique: true, MaxAttempts: channelAttempts})
	return err
}

// Shipments writes shipped orders back to their platforms
// (docs/adr/0034-shipment-write-back-and-offline-mode.md).
type Shipments struct {
	orders *Orders
	shops  *shop.Service
	conns  Connectors
}

// NewShipments returns the write-back use case.
func NewShipments(orders *Orders, shops *shop.Service, conns Connectors) *Shipments {
	return &Shipments{orders: orders, shops: shops, conns: conns}
}

// Register adds the shipment.push job to w. A failure is retried under the
// sync engine's rules (channelRetry) and, after the last attempt, is a dead letter that
// GET /api/v1/jobs?state=discarded lists and POST /api/v1/jobs/{id}/retry
// sends again.
func (p *Shipments) Register(w *job.Workers) {
	registerChannelJob(w, func(ctx context.Context, a pushShipment) error {
		return p.Push(ctx, order.ID(a.Order))
	})
}

// Push writes order id's shipment back to its platform and records it on
// the order as an order.shipment_pushed event. It is idempotent: an order
// whose shipment is recorded as pushed is not pushed again, and a platform
// that shows the order shipped under this tracking number already answers
// nil (the connectors' contract), which is how a shipment made while the
// platform was down, or one pushed by a run that died before recording it,
// reconciles. An order not shipped, or of a shop with no API, is nothing to do.
func (p *Shipments) Push(ctx context.Context, id order.ID) error {
	rec, err := p.orders.Get(ctx, id)
	if err != nil {
		return err
	}
	if !shipped(rec) || rec.TrackingNo == "" {
		return nil
	}
	sh, err := p.shops.Lookup(ctx, rec.Shop)
	if err != nil {
		return err
	}
	platform, ok := p.conns.Puller(sh)
	if !ok {
		return nil
	}
	if done, err := p.pushed(ctx, rec); err != nil || done {
		return err
	}
	conn, err := p.conns.Connector(ctx, sh, platform)
	if err != nil {
		return fmt.Errorf("app: write back the shipment of order %d: %w", id, err)
	}
	s := channel.Shipment{ExternalID: rec.ExternalID, Carrier: rec.Carrier, TrackingNo: rec.TrackingNo}
	if err := conn.PushShipment(ctx, s); err != nil {
		return fmt.Errorf("app: write back the shipment of order %d to %s: %w", id, platform, err)
	}
	return p.record(ctx, rec, platform)
}

// pushed reports whether rec's shipment under its tracking number is
// recorded as written back.
func (p *Shipments) pushed(ctx context.Context, rec *order.Record) (bool, error) {
	evs, err := p.orders.Events(ctx, rec.ID)
	if err != nil {
		return false, err
	}
	return hasPush(evs, rec.TrackingNo), nil
}

func hasPush(evs []order.Event, tracking string) bool {
	for _, e := range evs {
		if e.Topic == order.TopicShipmentPushed && pushedTracking(e) == tracking {
			return true
		}
	}
	return false
}

// record appends the order.shipment_pushed event, once: the order's row
// is locked so two runs of the job cannot both append it.
func (p *Shipments) record(ctx context.Context, rec *order.Record, platform string) error {
	return p.orders.unit.InTx(ctx, func(s Stores) error {
		if _, err := s.Orders.LoadByID(ctx, rec.ID, true); err != nil {
			return err
		}
		evs, err := s.Orders.Events(ctx, rec.ID)
		if err != nil || hasPush(evs, rec.TrackingNo) {
			return err
		}
		w := p.orders.newWork(s)
		w.event(order.TopicShipmentPushed, rec, shipmentPushed{Platform: platform, Carrier: rec.Carrier, TrackingNo: rec.TrackingNo})
		if w.err != nil {
			return w.err
		}
		return s.Orders.InsertEvents(ctx, w.events)
	})
}
