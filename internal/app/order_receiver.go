package app

import (
	"context"
	"fmt"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
)

// Receiver is who a shipping label of order id is addressed to, in plain
// text: the receiver a person corrected (CorrectReceiver), if any. Else,
// where the platform masks contacts (TOP sends 张** and an OAID), the
// platform opens it now, from the payload of the version in effect; the
// answer is for the label printer and is not stored, so the hub keeps only
// what the platform sent. Elsewhere it is the contact the order holds. An
// erased buyer's is a Conflict (buyer_erased).
//
// Errors: NotFound (no such order), Unavailable (the platform did not
// answer; try again), Conflict (the platform refused: the order's OAID
// changed, fetch the order again, or the app may not decrypt).
func (o *Orders) Receiver(ctx context.Context, id order.ID) (pii.Contact, error) {
	rec, err := o.Get(ctx, id)
	if err != nil {
		return pii.Contact{}, err
	}
	cs, err := o.Contacts(ctx, []*order.Record{rec})
	if err != nil {
		return pii.Contact{}, err
	}
	c := cs[0]
	switch {
	case c.Erased:
		return pii.Contact{}, erasedFault(rec)
	case c.Corrected && c.Err == nil:
		return *c.Contact, nil // a person checked it with the buyer: it beats what the platform holds
	}
	if opened, ok, err := o.openedByPlatform(ctx, rec); ok || err != nil {
		return opened, err
	}
	switch {
	case c.Err != nil:
		return pii.Contact{}, c.Err
	case c.Contact == nil:
		return pii.Contact{}, fault.New(fault.NotFound, "receiver_unknown", "order %d has no receiver (it ships nowhere)", id)
	}
	return *c.Contact, nil
}

// openedByPlatform asks the order's platform to open its receiver, if the
// platform masks them (channel.Receivers) and the payload carries one.
func (o *Orders) openedByPlatform(ctx context.Context, rec *order.Record) (pii.Contact, bool, error) {
	if o.opt.Platforms == nil || o.opt.Shops == nil || rec.RawEventID == 0 {
		return pii.Contact{}, false, nil
	}
	sh, err := o.opt.Shops.Lookup(ctx, rec.Shop)
	if err != nil {
		return pii.Contact{}, false, err
	}
	conns, ok := o.opt.Platforms.(Connectors) // ShopConnectors, in serve
	platform, pulls := o.opt.Platforms.Puller(sh)
	if !ok || !pulls {
		return pii.Contact{}, false, nil
	}
	conn, err := conns.Connector(ctx, sh, platform)
	if err != nil {
		return pii.Contact{}, false, err
	}
	opener, ok := conn.(channel.Receivers)
	if !ok {
		return pii.Contact{}, false, nil
	}
	raw, err := o.rawBody(ctx, rec.RawEventID)
	if err != nil {
		return pii.Contact{}, false, err
	}
	c, ok, err := opener.Receiver(ctx, rec.ExternalID, raw)
	if err != nil {
		return pii.Contact{}, false, receiverFault(rec, err)
	}
	return c, ok, nil
}

// rawBody opens kept payload id.
func (o *Orders) rawBody(ctx context.Context, id int64) ([]byte, error) {
	evs, err := o.RawEvents(ctx, order.RawFilter{IDs: []int64{id}, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(evs) == 0 {
		return nil, fmt.Errorf("app: payload %d of an order is gone", id)
	}
	return o.openRaw(evs[0])
}

// openRaw opens a kept payload. One emptied by a buyer's erasure is a
// Conflict: nothing can be read or replayed from it again.
func (o *Orders) openRaw(ev order.RawEvent) ([]byte, error) {
	if len(ev.Body) == 0 {
		return nil, fault.New(fault.Conflict, "payload_erased",
			"payload %d was erased with its buyer's personal data; it can no longer be read or replayed", ev.ID)
	}
	body, err := o.keys.Open(ev.Body, []byte("raw:"+ev.OrderKey))
	if err != nil {
		return nil, fmt.Errorf("app: open payload %d: %w", ev.ID, err)
	}
	return body, nil
}

// erasedFault answers for the contact of an erased buyer's order.
func erasedFault(rec *order.Record) error {
	return fault.New(fault.Conflict, "buyer_erased",
		"the buyer of order %d was erased on request: the name, phone and address are gone for good", rec.ID)
}

// receiverFault says what a platform's failure to open a receiver means
// to whoever asked for the label.
func receiverFault(rec *order.Record, err error) error {
	switch channel.KindOf(err) {
	case channel.Unavailable, channel.Throttled:
		return &fault.Error{Kind: fault.Unavailable, Code: "platform_unavailable", Err: err,
			Message: fmt.Sprintf("%s did not open the receiver of order %d: %s; try again in a moment", rec.Channel, rec.ID, channelMessage(err))}
	case channel.Unauthorized, channel.Rejected:
		return &fault.Error{Kind: fault.Conflict, Code: "receiver_refused", Err: err,
			Message: fmt.Sprintf("%s refused to open the receiver of order %d: %s", rec.Channel, rec.ID, channelMessage(err))}
	}
	return err
}
