package order

import (
	"fmt"
	"slices"
)

// Changed lists what a newer version changes in the order's content, as
// a person would name it: "lines", "shipping_fee", "discount", "currency",
// "buyer", "fulfillment". The contact is compared by the caller, which
// alone can open it. Lines are compared as the channel sent them: the
// channel's item and SKU ids (or our SKU code where the channel named it
// directly), title, quantity, unit price and line discount.
func Changed(old, newer Order) []string {
	var parts []string
	add := func(changed bool, part string) {
		if changed {
			parts = append(parts, part)
		}
	}
	add(!slices.EqualFunc(old.Lines, newer.Lines, Line.sameAsSent), "lines")
	add(old.ShippingFee.Minor() != newer.ShippingFee.Minor(), "shipping_fee")
	add(old.Discount.Minor() != newer.Discount.Minor(), "discount")
	add(old.Currency != newer.Currency, "currency")
	add(old.BuyerRef != newer.BuyerRef, "buyer")
	add(old.Fulfillment.orShip() != newer.Fulfillment.orShip(), "fulfillment")
	return parts
}

// sameAsSent compares two lines as the channel sent them. A line named by
// the channel's item id is mapped to our SKU by fnshub, so its SKU is ours,
// not the channel's, and is left out.
func (l Line) sameAsSent(m Line) bool {
	return l.sentSKU() == m.sentSKU() && l.ExternalItemID == m.ExternalItemID && l.ExternalSKUID == m.ExternalSKUID &&
		l.Title == m.Title && l.Quantity == m.Quantity && l.UnitPrice.Minor() == m.UnitPrice.Minor() &&
		l.LineDiscount.Minor() == m.LineDiscount.Minor()
}

func (l Line) sentSKU() string {
	if l.ExternalItemID != "" {
		return ""
	}
	return l.SKU
}

// Content is the canonical form of what an order's content is, for a
// fingerprint: the lines as sent, the amounts, the buyer and how it is
// fulfilled. Two versions with the same Content (and contact) are the same
// order; times, status and version are not content.
func (o Order) Content() []byte {
	b := fmt.Appendf(nil, "v1|%s|%d|%d|%s|%s|%d", o.Currency, o.ShippingFee.Minor(), o.Discount.Minor(), o.BuyerRef,
		o.Fulfillment.orShip(), len(o.Lines))
	for _, l := range o.Lines {
		b = fmt.Appendf(b, "|%q|%q|%q|%q|%d|%d|%d", l.sentSKU(), l.ExternalItemID, l.ExternalSKUID, l.Title,
			l.Quantity, l.UnitPrice.Minor(), l.LineDiscount.Minor())
	}
	return b
}

// Fulfillment says whether an order's goods are shipped to the buyer.
type Fulfillment string

const (
	// Ship: a carrier takes the goods to the buyer's address, which the
	// order must give in full. The default.
	Ship Fulfillment = "ship"
	// NoShipping: nothing is shipped (a POS sale, pickup in store, virtual
	// goods), so no address is needed and shipping needs no tracking number.
	NoShipping Fulfillment = "none"
)

func (f Fulfillment) orShip() Fulfillment {
	if f == "" {
		return Ship
	}
	return f
}

// Valid reports whether f is a known fulfillment ("" means Ship).
func (f Fulfillment) Valid() bool { return f == "" || f == Ship || f == NoShipping }
