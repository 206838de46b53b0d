package httpapi

import (
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
)

// orderIn is one version of an order as a channel (a self-built site, a
// mini-program, a POS) sends it.
type orderIn struct {
	Channel     string        `json:"channel"`
	Shop        string        `json:"shop"`
	ExternalID  string        `json:"external_id"`
	Version     int64         `json:"version"`
	Status      order.Status  `json:"status"`
	BuyerID     string        `json:"buyer_id"`
	Currency    string        `json:"currency"`
	Lines       []lineIn      `json:"lines"`
	ShippingFee *money.Amount `json:"shipping_fee"`
	Discount    *money.Amount `json:"discount"`
	// PlatformDiscount is the part of the discounts the platform funded;
	// Campaign the campaign the order is attributed to (docs/adr/0050).
	PlatformDiscount *money.Amount `json:"platform_discount"`
	Campaign         string        `json:"campaign"`
	PaidTotal        *money.Amount `json:"paid_total"`
	Contact          *pii.Contact  `json:"contact"`
	Fulfillment      string        `json:"fulfillment"`
	CreatedAt        time.Time     `json:"created_at"`
	PaidAt           time.Time     `json:"paid_at"`
}

type lineIn struct {
	SKU            string        `json:"sku"`
	ExternalItemID string        `json:"external_item_id"`
	ExternalSKUID  string        `json:"external_sku_id"`
	Title          string        `json:"title"`
	Quantity       int64         `json:"quantity"`
	UnitPrice      money.Amount  `json:"unit_price"`
	Discount       *money.Amount `json:"discount"`
}

func (in orderIn) input(raw []byte) app.Input {
	o := order.Order{Channel: in.Channel, Shop: in.Shop, ExternalID: in.ExternalID, Version: in.Version, Status: in.Status,
		Currency: money.Currency(in.Currency), Fulfillment: order.Fulfillment(in.Fulfillment), CreatedAt: in.CreatedAt.UTC(), PaidAt: in.PaidAt.UTC()}
	if in.ShippingFee != nil {
		o.ShippingFee = *in.ShippingFee
	}
	if in.Discount != nil {
		o.Discount = *in.Discount
	}
	if in.PlatformDiscount != nil {
		o.PlatformDiscount = *in.PlatformDiscount
	}
	o.Campaign = in.Campaign
	for _, l := range in.Lines {
		line := order.Line{SKU: l.SKU, ExternalItemID: l.ExternalItemID, ExternalSKUID: l.ExternalSKUID, Title: l.Title,
			Quantity: l.Quantity, UnitPrice: l.UnitPrice}
		if l.Discount != nil {
			line.LineDiscount = *l.Discount
		}
		o.Lines = append(o.Lines, line)
	}
	return app.Input{Order: o, BuyerID: in.BuyerID, Contact: in.Contact, PaidTotal: in.PaidTotal, Source: "api", Raw: raw}
}

// orderOut is an order as the API shows it: times in the merchant's zone,
// contact details masked unless the caller's role may see them.
type orderOut struct {
	order.Order
	Total   money.Amount `json:"total"`
	Contact *pii.Contact `json:"contact,omitempty"` // always masked
	// ContactStatus is "erased" when the buyer was erased: the contact is
	// gone for good.
	ContactStatus string           `json:"contact_status,omitempty"`
	Entries       map[string]int64 `json:"entries,omitempty"`
}

type orderDetail struct {
	orderOut
	Effect       app.Effect        `json:"effect,omitempty"`
	Reservations []reservationJSON `json:"reservations"`
	Journal      []entryJSON       `json:"journal"`
	Versions     []order.Version   `json:"versions"`
	Events       []order.Event     `json:"events"`
}

// reservationJSON is a reservation in the merchant's zone; resolved_at is
// absent while it is held.
type reservationJSON struct {
	inventory.Reservation
	ResolvedAt time.Time `json:"resolved_at,omitzero"`
}

func (s *Server) reservationsOut(rs []inventory.Reservation) []reservationJSON {
	out := make([]reservationJSON, len(rs))
	for i, r := range rs {
		r.CreatedAt = s.local(r.CreatedAt)
		out[i] = reservationJSON{Reservation: r, ResolvedAt: s.local(r.ResolvedAt)}
	}
	return out
}

// localTrail shows an order's versions and events in the merchant's zone.
func (s *Server) localTrail(vs []order.Version, es []order.Event) {
	for i := range vs {
		vs[i].ReceivedAt = s.local(vs[i].ReceivedAt)
	}
	for i := range es {
		es[i].CreatedAt = s.local(es[i].CreatedAt)
	}
}

// orderOut shows rec. Its lines were priced when it was stored, so a total
// that cannot be summed is a defect: it fails the answer, never shows 0.
func (s *Server) orderOut(rec *order.Record, contact *pii.Contact) (orderOut, error) {
	total, err := rec.Total()
	if err != nil {
		return orderOut{}, fmt.Errorf("httpapi: order %d: total: %w", rec.ID, err)
	}
	out := orderOut{Order: rec.Order, Contact: contact, Total: total}
	out.CreatedAt, out.PaidAt, out.UpdatedAt = s.local(rec.CreatedAt), s.local(rec.PaidAt), s.local(rec.UpdatedAt)
	entries := map[string]int64{"paid": rec.PaidEntry, "revenue": rec.RevenueEntry, "payment_reversal": rec.UndoEntry}
	for k, v := range entries {
		if v == 0 {
			delete(entries, k)
		}
	}
	if len(entries) > 0 {
		out.Entries = entries
	}
	return out, nil
}

func (s *Server) local(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.In(s.Location)
}
