package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/inventory"
	"github.com/fnshub/fnshub/internal/invoice"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/shop"
)

// Input is one version of one order as a channel sent it.
type Input struct {
	Order     order.Order         // lines name our SKU or the channel's item/SKU ids
	BuyerID   string              // the channel's buyer id; only its pseudonym is kept
	Contact   *pii.Contact        // sealed before it is stored
	PaidTotal *money.Amount       // what the channel says was paid, checked against the lines
	Source    string              // "api", "import"
	Headers   map[string][]string // what the payload came with (an http.Header), kept without credentials
	Raw       []byte              // the payload exactly as received
	// RawID names the kept payload this input was decoded from when it is
	// replayed (Replay) or came in a kept push message; 0 for a payload
	// arriving now, which is kept with it.
	RawID int64
	// Shop, when set, is the shop the payload arrived for (a webhook's
	// path): an order of another shop is refused, so one shop's
	// credentials cannot write another's orders.
	Shop string
	// Invoice is the buyer's invoice request (发票) the channel sent with
	// the order, raised with source channel once the order is paid
	// (docs/adr/0048-invoices.md). It is a seam: no connector fills it
	// yet, as none of the documented order APIs carries one (TOP's
	// invoice_no is the waybill number); requests are entered by hand.
	Invoice *invoice.Request
}

// Result is what one ingestion did.
type Result struct {
	Order    *order.Record
	Effect   Effect
	Replayed bool // a version seen before: Order is the current state, nothing changed
	Err      error
	kept     bool // its payload was written with the group, refused or not
}

// Effect names what a version did, as the API reports it.
type Effect string

const (
	EffectCreated   Effect = "created"
	EffectApplied   Effect = "applied"
	EffectStale     Effect = "stale"     // older than what is stored: recorded, changed nothing
	EffectDuplicate Effect = "duplicate" // this version was received before, with the same content
	EffectHeld      Effect = "held"      // newer, but its change cannot apply (the order shipped): recorded, the order held
)

// upstream lists the statuses a channel may send; the rest of the state
// machine is driven by fnshub (review, allocation, shipping).
var upstream = map[order.Status]bool{order.AwaitingPayment: true, order.Paid: true, order.Cancelled: true, order.Refunded: true}

// Ingest stores one version of an order and carries out its effects in one
// transaction, shared with other orders arriving at the same moment. It
// returns once that transaction is durable.
//
// Errors: Invalid (the message names the field), Conflict (a version that
// the state machine cannot apply), Unavailable.
//
// The payload is kept whatever the outcome: with the order when the version
// is taken in or refused inside the group, and on its own, before Ingest
// returns, when it is refused earlier or the group's transaction fails.
func (o *Orders) Ingest(ctx context.Context, in Input) Result {
	p, err := o.prepare(ctx, in)
	if err != nil {
		return Result{Err: o.keepRefused(ctx, in, false, err)}
	}
	res := o.ingests.Submit(ctx, p)
	if res.Err != nil {
		res.Err = o.keepRefused(ctx, in, res.kept, res.Err)
	}
	return res
}

// pending is an order version prepared outside the transaction: validated,
// mapped, priced, its personal data sealed.
type pending struct {
	ord          order.Order
	plain        *pii.Contact // the contact as sent, sealed in the transaction with its buyer's data key
	contact      []byte
	hash         string      // fingerprint of the content and contact as sent (pii.Fingerprint)
	contactPrint string      // fingerprint of the contact alone, to tell an address change
	demand       demand      // what stock the lines take
	hold         *order.Hold // an exception found while preparing
	raw          order.RawEvent
	invoice      *invoice.Request // the channel's invoice request, if it sent one
}

func (o *Orders) prepare(ctx context.Context, in Input) (*pending, error) {
	ord := in.Order
	if err := validateUpstream(ord); err != nil {
		return nil, err
	}
	if in.Shop != "" && ord.Shop != in.Shop {
		return nil, fault.Invalidf("shop", "shop_mismatch", "this message arrived for shop %s but names shop %q; send each shop's orders to its own webhook", in.Shop, ord.Shop)
	}
	sh, err := o.opt.Shops.Check(ctx, ord.Channel, ord.Shop)
	if err != nil {
		return nil, err
	}
	p := &pending{ord: ord, raw: order.RawEvent{ID: in.RawID}, invoice: in.Invoice}
	if in.RawID == 0 {
		raw, err := o.sealRaw(in.Source, ord.Key(), keptHeaders(in.Headers), in.Raw)
		if err != nil {
			return nil, err
		}
		p.raw = raw
	}
	p.ord.ID, p.ord.Hold, p.ord.Warehouse = 0, nil, ""
	p.ord.Lines = append([]order.Line(nil), ord.Lines...)
	zeroIn(&p.ord.ShippingFee, ord.Currency)
	zeroIn(&p.ord.Discount, ord.Currency)
	for i := range p.ord.Lines {
		zeroIn(&p.ord.Lines[i].LineDiscount, ord.Currency)
		p.ord.Lines[i].Warehouse = "" // allocation decides
	}
	if in.BuyerID != "" {
		p.ord.BuyerRef = pii.Pseudonym(o.keys, ord.Channel, in.BuyerID)
	}
	if p.ord.Fulfillment == "" {
		p.ord.Fulfillment = order.Ship
	}
	p.hash, p.contactPrint = fingerprints(o.keys, p.ord, in.Contact)
	hold, err := o.mapLines(ctx, &p.ord, &p.demand)
	if err != nil {
		return nil, err
	}
	if err := p.ord.Price(); err != nil {
		return nil, err
	}
	if in.Contact != nil {
		c := *in.Contact
		p.plain, p.ord.Province = &c, c.Province
	}
	p.hold = firstHold(o.currencyHold(p.ord, sh), hold, amountHold(p.ord, in.PaidTotal), addressHold(in.Contact, p.ord.Fulfillment))
	return p, nil
}

func validateUpstream(ord order.Order) error {
	switch {
	case !order.ValidChannel(ord.Channel):
		return fault.Invalidf("channel", "channel_invalid", "channel must be 1 to %d letters, digits, '_', '.', ':' or '-', e.g. \"web\" or \"pos\"", order.MaxChannelLen)
	case !order.ValidCode(ord.Shop):
		return fault.Invalidf("shop", "shop_invalid", "shop must be 1 to 64 letters, digits, '_', '.', ':' or '-'")
	case ord.ExternalID == "" || len(ord.ExternalID) > 128:
		return fault.Invalidf("external_id", "external_id_invalid", "external_id must be 1 to 128 characters: the channel's order number")
	case ord.Version <= 0:
		return fault.Invalidf("version", "version_invalid", "version must be positive: the channel's revision or updated-at in unix milliseconds")
	case !upstream[ord.Status]:
		return fault.Invalidf("status", "status_invalid", "a channel may send status awaiting_payment, paid, cancelled or refunded, not %q", ord.Status)
	case len(ord.Lines) == 0 || len(ord.Lines) > 500:
		return fault.Invalidf("lines", "lines_invalid", "an order needs 1 to 500 lines")
	case ord.CreatedAt.IsZero():
		return fault.Invalidf("created_at", "created_at_missing", "give created_at, when the buyer placed the order")
	case !ord.Fulfillment.Valid():
		return fault.Invalidf("fulfillment", "fulfillment_invalid", "fulfillment must be \"ship\" (the default) or \"none\" (nothing is shipped: POS, pickup, virtual goods), not %q", ord.Fulfillment)
	}
	if _, err := money.ParseMinor("0", ord.Currency); err != nil {
		return fault.Invalidf("currency", "currency_invalid", "currency %q is not an ISO 4217 code fnshub knows", ord.Currency)
	}
	if ord.ShippingFee.IsZero() {
		return nil
	}
	if ord.ShippingFee.Currency() != ord.Currency || ord.ShippingFee.Sign() < 0 {
		return fault.Invalidf("shipping_fee", "shipping_fee_invalid", "shipping_fee must be a non-negative amount in %s", ord.Currency)
	}
	return nil
}

// mapLines resolves each line to our SKU and its tax rate, and lists the
// stock the order takes. A listing without a mapping, or a SKU that does
// not exist, holds the order rather than refusing it: the channel has sold
// it, and the fix (a mapping) comes later.
func (o *Orders) mapLines(ctx context.Context, ord *order.Order, d *demand) (*order.Hold, error) {
	d.needs, d.first = d.needs[:0], d.first[:0]
	for i := range ord.Lines {
		l := &ord.Lines[i]
		sku, err := o.resolve(ctx, ord, *l)
		if fault.Is(err, fault.NotFound) {
			if l.ExternalItemID != "" {
				l.SKU = "" // a listing nobody mapped yet; a SKU code given directly is kept to show what was asked for
			}
			return unmappedHold(i, *l, ord), nil
		}
		if err != nil {
			return nil, err
		}
		l.SKU, l.TaxRate = sku.Code, sku.TaxRate
		if !sku.IsBundle() {
			d.needs, d.first = append(d.needs, inventory.Need{SKU: sku.Code, Quantity: l.Quantity}), append(d.first, sku.Code)
			continue
		}
		for _, c := range sku.Components {
			d.needs = append(d.needs, inventory.Need{SKU: c.SKU, Quantity: c.Quantity * l.Quantity})
		}
		d.first = append(d.first, sku.Components[0].SKU)
	}
	return nil, nil
}

// demand is the stock an order's lines take, bundles unpacked into their
// components, and for each line the SKU whose reservation says which
// warehouse the line ships from: its own, or its bundle's first component
// (a bundle split over warehouses records the first one's).
type demand struct {
	needs []inventory.Need
	first []string
}

func (o *Orders) resolve(ctx context.Context, ord *order.Order, l order.Line) (catalog.SKU, error) {
	if l.ExternalItemID != "" {
		return o.catalog.Resolve(ctx, ord.Channel, ord.Shop, l.ExternalItemID, l.ExternalSKUID)
	}
	return o.catalog.SKU(ctx, l.SKU)
}

func unmappedHold(i int, l order.Line, ord *order.Order) *order.Hold {
	what := fmt.Sprintf("SKU %s", l.SKU)
	if l.ExternalItemID != "" {
		what = fmt.Sprintf("%s item %s (SKU id %q)", ord.Channel, l.ExternalItemID, l.ExternalSKUID)
	}
	return &order.Hold{Reason: order.HoldUnmapped,
		Message: fmt.Sprintf("line %d: %s maps to no SKU; map it (PUT /api/v1/listings) or create the SKU, then retry", i+1, what),
		Detail: map[string]string{"line": fmt.Sprint(i + 1), "sku": l.SKU, "external_item_id": l.ExternalItemID,
			"external_sku_id": l.ExternalSKUID, "shop": ord.Shop}}
}

// currencyHold holds an order in a currency its shop's entity's books do
// not keep (the entity's base currency): until
// fnshub has exchange rates, booking it would put foreign lines in the
// trial balance that no rate turns into the base currency.
//
// An order in another currency than its shop's is held too: the shop says
// what it sells in (an Amazon US shop sells in USD), and an order in
// another currency is a mistake of the channel or of the shop's setup.
func (o *Orders) currencyHold(ord order.Order, sh shop.Shop) *order.Hold {
	if ord.Currency != sh.Currency {
		return &order.Hold{Reason: order.HoldCurrency,
			Message: fmt.Sprintf("the order is in %s but shop %s sells in %s; nothing was booked or reserved: cancel it, or fix the shop's currency or the channel's",
				ord.Currency, sh.ID, sh.Currency),
			Detail: map[string]string{"currency": string(ord.Currency), "shop_currency": string(sh.Currency), "shop": sh.ID}}
	}
	books := sh.BooksCurrency // the shop's legal entity's base currency
	if books == "" || ord.Currency == books {
		return nil
	}
	return &order.Hold{Reason: order.HoldCurrency,
		Message: fmt.Sprintf("the order is in %s but the books of entity %s keep %s, and fnshub has no exchange rates yet; nothing was booked or reserved: cancel it, or ask the channel to send it in %s",
			ord.Currency, sh.Entity, books, books),
		Detail: map[string]string{"currency": string(ord.Currency), "books": string(books), "entity": sh.Entity}}
}

func amountHold(ord order.Order, paid *money.Amount) *order.Hold {
	if paid == nil {
		return nil
	}
	total, err := ord.Total()
	if err == nil && total == *paid {
		return nil
	}
	return &order.Hold{Reason: order.HoldAmount,
		Message: fmt.Sprintf("the channel says %s was paid, but lines, discounts and shipping come to %s; check and approve", paid, total),
		Detail:  map[string]string{"paid_total": paid.String(), "computed_total": total.String()}}
}

// addressHold holds an order that ships without the address a carrier
// needs — none at all, or part of one — saying what is missing. One rule
// for both: an order that ships needs a name, phone, province and street
// line; one that ships nothing (fulfillment none: a POS sale, pickup in
// store, virtual goods) needs none.
func addressHold(c *pii.Contact, f order.Fulfillment) *order.Hold {
	if f == order.NoShipping {
		return nil
	}
	given := pii.Contact{}
	if c != nil {
		given = *c
	}
	var missing []string
	for _, f := range [][2]string{{"name", given.Name}, {"phone", given.Phone}, {"province", given.Province}, {"detail", given.Detail}} {
		if strings.TrimSpace(f[1]) == "" {
			missing = append(missing, f[0])
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return &order.Hold{Reason: order.HoldAddress,
		Message: fmt.Sprintf("the ship-to address lacks %s; check it with the buyer and approve, or send fulfillment \"none\" "+
			"if nothing is shipped (POS, pickup, virtual goods)", strings.Join(missing, ", ")),
		Detail: map[string]string{"missing": strings.Join(missing, ",")}}
}

// fingerprints returns the fingerprint of ord's content with its contact
// (docs/adr/0019), and of the contact alone, which tells an address change
// apart. Ingestion stores the first; check recomputes it the same way. The
// contact is encoded and hashed once, and its fingerprint goes into the
// content's.
func fingerprints(keys *pii.Keyring, ord order.Order, c *pii.Contact) (content, contact string) {
	contact = contactPrint(keys, c)
	return pii.Fingerprint(keys, append(ord.Content(), contact...), nil), contact
}

func contactPrint(keys *pii.Keyring, c *pii.Contact) string { return pii.Fingerprint(keys, nil, c) }

// zeroIn gives an absent amount the order's currency, so it is stored and
// shown as 0.00 CNY rather than as an amount in no currency.
func zeroIn(a *money.Amount, cur money.Currency) {
	if a.IsZero() {
		*a = money.Zero(cur)
	}
}

func firstHold(hs ...*order.Hold) *order.Hold {
	for _, h := range hs {
		if h != nil {
			return h
		}
	}
	return nil
}
