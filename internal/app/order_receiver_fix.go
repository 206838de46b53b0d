package app

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
)

// CorrectReceiver replaces who order id ships to — a person checked the
// name, phone or address with the buyer — sealed with the buyer's data
// key. The order keeps the contact its version sent (its fingerprint
// covers that); labels, the receiver endpoint and the address check use
// the correction from now on, until the buyer changes the address on the
// platform. The same receiver again changes nothing (changed is false).
// An order held for its address can then be retried.
//
// Errors: Invalid (the field and what is wrong, never its value),
// NotFound, Conflict (the order ships nothing, has shipped or is closed,
// or its buyer was erased).
func (o *Orders) CorrectReceiver(ctx context.Context, id order.ID, key string, c pii.Contact) (res ActionResult, changed bool, err error) {
	c = trimContact(c)
	if err := validReceiver(c); err != nil {
		return ActionResult{}, false, err
	}
	a := action{key: key, name: "correct_receiver", params: []string{pii.Fingerprint(o.keys, nil, &c)}}
	res, err = o.act(ctx, id, a, func(w *work, rec *order.Record) error {
		if err := correctable(rec); err != nil {
			return err
		}
		cs, err := contactsIn(ctx, w.buyers(), []*order.Record{rec})
		switch {
		case err != nil:
			return err
		case cs[0].Erased:
			return erasedFault(rec)
		case cs[0].Err != nil:
			return cs[0].Err
		case cs[0].Contact != nil && *cs[0].Contact == c:
			return nil // as it stands: nothing to write
		}
		sealed, err := w.buyers().seal(ctx, rec.Order, c)
		if err != nil {
			return fmt.Errorf("app: seal the receiver of order %d: %w", rec.ID, err)
		}
		if err := w.s.Buyers.SetCorrection(ctx, int64(rec.ID), sealed, w.now); err != nil {
			return err
		}
		changed = true
		rec.Province = c.Province // routing goes by it
		w.touch(rec)
		return nil
	})
	return res, changed, err
}

// correctable refuses a receiver change where it can no longer matter.
func correctable(rec *order.Record) error {
	switch {
	case rec.Fulfillment == order.NoShipping:
		return fault.New(fault.Conflict, "order_ships_nothing", "order %d ships nothing (fulfillment none), so it has no receiver to correct", rec.ID)
	case shipped(rec) || rec.Status.Final():
		return fault.New(fault.Conflict, "order_closed",
			"order %d is %s: its parcel has left or it is closed, so a new receiver would reach no label; handle it as after-sales", rec.ID, rec.Status)
	}
	return nil
}

func trimContact(c pii.Contact) pii.Contact {
	for _, f := range []*string{&c.Name, &c.Phone, &c.Province, &c.City, &c.District, &c.Detail} {
		*f = strings.TrimSpace(*f)
	}
	return c
}

// receiverLimits bounds each field, in characters: what a label prints.
var receiverLimits = []struct {
	field    string
	get      func(pii.Contact) string
	required bool
	max      int
}{
	{"name", func(c pii.Contact) string { return c.Name }, true, 64},
	{"phone", func(c pii.Contact) string { return c.Phone }, true, 32},
	{"address.province", func(c pii.Contact) string { return c.Province }, true, 32},
	{"address.city", func(c pii.Contact) string { return c.City }, false, 32},
	{"address.district", func(c pii.Contact) string { return c.District }, false, 32},
	{"address.detail", func(c pii.Contact) string { return c.Detail }, true, 256},
}

// validReceiver checks a corrected receiver: what a carrier needs is
// there, and nothing is too long or holds control characters. Messages
// name the field, never its value, which is personal data.
func validReceiver(c pii.Contact) error {
	for _, l := range receiverLimits {
		v := l.get(c)
		switch n := utf8.RuneCountInString(v); {
		case l.required && n == 0:
			return fault.Invalidf(l.field, "receiver_incomplete", "give %s: a carrier needs it on the label", l.field)
		case n > l.max:
			return fault.Invalidf(l.field, "receiver_too_long", "%s is %d characters; a label takes at most %d", l.field, n, l.max)
		case !utf8.ValidString(v) || strings.IndexFunc(v, unicode.IsControl) >= 0:
			return fault.Invalidf(l.field, "receiver_invalid", "%s holds control characters or invalid UTF-8; send plain text", l.field)
		}
	}
	digits := 0
	for _, r := range c.Phone {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("+-() ", r):
		default:
			return fault.Invalidf("phone", "phone_invalid", "phone may hold digits, spaces, '+', '-' and parentheses only, e.g. 13812345678 or +86 571-8888-6666")
		}
	}
	if digits < 7 || digits > 15 {
		return fault.Invalidf("phone", "phone_invalid", "phone has %d digits; a mobile or landline number has 7 to 15", digits)
	}
	return nil
}

// recheckAddress checks the address in effect of an order held for it
// again, as ingestion did: after a correction the hold clears on retry.
// It returns the hold that still applies, nil when the address is now
// complete.
func (o *Orders) recheckAddress(ctx context.Context, w *work, rec *order.Record) (*order.Hold, error) {
	cs, err := contactsIn(ctx, w.buyers(), []*order.Record{rec})
	switch {
	case err != nil:
		return nil, err
	case cs[0].Erased:
		return nil, erasedFault(rec)
	case cs[0].Err != nil:
		return nil, cs[0].Err
	}
	return addressHold(cs[0].Contact, rec.Fulfillment), nil
}
