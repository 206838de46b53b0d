// Package order owns the canonical order every channel's order becomes: its
// lines and their money, and the state machine it moves through.
package order

import (
	"fmt"
	"regexp"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

// ID is fnshub's own id of an order, handed out from a counter when the
// order is first stored, so ids sort by when orders arrived.
type ID int64

// Order is one order from one channel, in one currency.
type Order struct {
	ID          ID             `json:"id,omitempty"` // assigned when first stored
	Channel     string         `json:"channel"`
	Shop        string         `json:"shop"`
	ExternalID  string         `json:"external_id"`
	Version     int64          `json:"version"` // the channel's updated-at or revision; higher wins
	Status      Status         `json:"status"`
	BuyerRef    string         `json:"buyer_ref"` // pseudonymous; contact details live encrypted elsewhere
	Currency    money.Currency `json:"currency"`
	Lines       []Line         `json:"lines"`
	ShippingFee money.Amount   `json:"shipping_fee"`
	Discount    money.Amount   `json:"discount"` // order-level, spread over the lines by Price
	// PlatformDiscount is the part of the discounts (order-level and the
	// lines' own) the platform funded (a Tmall coupon, a JD platform
	// voucher); the rest the shop funded (docs/adr/0050-profit.md).
	PlatformDiscount money.Amount `json:"platform_discount,omitzero"`
	// Campaign is the marketing campaign the order is attributed to: the
	// channel's UTM campaign or an order tag; "" when none.
	Campaign    string      `json:"campaign,omitempty"`
	Fulfillment Fulfillment `json:"fulfillment"`        // ship (the default) or none
	Province    string      `json:"province,omitempty"` // ship-to province, for routing; the rest of the address is sealed
	Hold        *Hold       `json:"hold,omitempty"`     // why the order is on hold
	Warehouse   string      `json:"warehouse,omitempty"`
	Carrier     string      `json:"carrier,omitempty"`
	TrackingNo  string      `json:"tracking_no,omitempty"`
	CreatedAt   time.Time   `json:"created_at"`
	PaidAt      time.Time   `json:"paid_at,omitzero"`
	UpdatedAt   time.Time   `json:"updated_at,omitzero"`
}

// Key is the order's natural key: one order per channel, shop and external id.
type Key struct{ Channel, Shop, ExternalID string }

// Key returns o's natural key.
func (o Order) Key() Key { return Key{o.Channel, o.Shop, o.ExternalID} }

// String joins the key with "/", which channel and shop codes may not
// contain (ValidCode), so the joined form is unique too.
func (k Key) String() string { return k.Channel + "/" + k.Shop + "/" + k.ExternalID }

var code = regexp.MustCompile(`^[A-Za-z0-9_.:-]{1,64}$`)

// Bounds every edge (the API, imports) holds orders to; openapi.json states
// the same, and a test in internal/httpapi keeps the two equal.
const (
	MaxChannelLen = 32        // a channel code: tmall, jd, web, pos…
	MaxQuantity   = 1_000_000 // units of one order line
)

// ValidCode reports whether s may name a shop: 1 to 64 letters, digits,
// '_', '.', ':' or '-'.
func ValidCode(s string) bool { return code.MatchString(s) }

// ValidChannel reports whether s may name a channel: a code (ValidCode) of
// at most MaxChannelLen characters, as listings take.
func ValidChannel(s string) bool { return len(s) <= MaxChannelLen && ValidCode(s) }

// Line is one SKU of an order. UnitPrice includes VAT, as Chinese prices do.
type Line struct {
	SKU            string `json:"sku"` // ours; empty while the listing is unmapped
	ExternalItemID string `json:"external_item_id,omitempty"`
	ExternalSKUID  string `json:"external_sku_id,omitempty"`
	Title          string `json:"title,omitempty"`

	Quantity     int64        `json:"quantity"`
	Returned     int64        `json:"returned"` // units that came back after shipping
	UnitPrice    money.Amount `json:"unit_price"`
	LineDiscount money.Amount `json:"line_discount"` // given on this line by the channel
	TaxRate      money.Rate   `json:"tax_rate"`
	// Set by Price:
	Allocated money.Amount `json:"allocated_discount"` // this line's share of the order discount
	Total     money.Amount `json:"total"`              // what the buyer pays for the line, VAT included
	Net       money.Amount `json:"net"`
	Tax       money.Amount `json:"tax"`
	// Set by allocation: the warehouse the line's stock was reserved in
	// (a bundle's: its first component's, the first warehouse when split).
	Warehouse string `json:"warehouse,omitempty"`
}

// Price spreads the order discount over the lines in proportion to what each
// line costs after its own discount (largest remainder, so the shares add up
// to the discount exactly), then splits each line total into net and VAT,
// rounding once per line. Errors: Invalid, naming the line.
func (o *Order) Price() error {
	gross := make([]int64, len(o.Lines))
	for i, l := range o.Lines {
		g, err := l.gross(o.Currency)
		if err != nil {
			return fault.Invalidf(fmt.Sprintf("lines[%d]", i), "line_invalid", "line %d: %v", i+1, err)
		}
		gross[i] = g.Minor()
	}
	shares, err := o.discountShares(gross)
	if err != nil {
		return err
	}
	if err := o.checkFunding(); err != nil {
		return err
	}
	for i := range o.Lines {
		if err := o.Lines[i].settle(gross[i], shares[i], o.Currency); err != nil {
			return fault.Invalidf(fmt.Sprintf("lines[%d]", i), "line_invalid", "line %d: %v", i+1, err)
		}
	}
	return nil
}

// Total is what the buyer pays: the lines after discounts, plus shipping.
func (o Order) Total() (money.Amount, error) {
	amounts := make([]money.Amount, 0, len(o.Lines)+1)
	if !o.ShippingFee.IsZero() {
		amounts = append(amounts, o.ShippingFee)
	}
	for _, l := range o.Lines {
		amounts = append(amounts, l.Total)
	}
	return money.Sum(o.Currency, amounts...)
}

func (o Order) discountShares(gross []int64) ([]money.Amount, error) {
	if o.Discount.IsZero() {
		shares := make([]money.Amount, len(gross))
		for i := range shares {
			shares[i] = money.Zero(o.Currency)
		}
		return shares, nil
	}
	if o.Discount.Currency() != o.Currency || o.Discount.Sign() < 0 {
		return nil, fault.Invalidf("discount", "discount_invalid", "the order discount must be a positive amount in %s", o.Currency)
	}
	shares, err := o.Discount.Allocate(gross)
	if err != nil {
		return nil, fault.Invalidf("discount", "discount_invalid", "the order discount cannot be spread over lines that cost nothing")
	}
	return shares, nil
}

// gross is quantity × unit price − the line's own discount.
func (l Line) gross(cur money.Currency) (money.Amount, error) {
	switch {
	case l.SKU == "" && l.ExternalItemID == "":
		return money.Amount{}, fmt.Errorf("name the SKU, or the channel's item id to map it by")
	case l.Quantity <= 0:
		return money.Amount{}, fmt.Errorf("quantity must be positive, not %d", l.Quantity)
	case l.UnitPrice.Currency() != cur || l.UnitPrice.Sign() < 0:
		return money.Amount{}, fmt.Errorf("unit price must be a non-negative amount in %s", cur)
	}
	g, err := l.UnitPrice.Mul(l.Quantity)
	if err == nil && !l.LineDiscount.IsZero() {
		g, err = g.Sub(l.LineDiscount)
	}
	if err != nil || g.Sign() < 0 {
		return money.Amount{}, fmt.Errorf("the line discount exceeds the line's price (or is in another currency)")
	}
	return g, nil
}

func (l *Line) settle(gross int64, share money.Amount, cur money.Currency) error {
	total, err := money.New(gross, cur).Sub(share)
	if err != nil || total.Sign() < 0 {
		return fmt.Errorf("its share of the order discount exceeds its price")
	}
	net, tax, err := total.SplitVAT(l.TaxRate)
	if err != nil {
		return err
	}
	l.Allocated, l.Total, l.Net, l.Tax = share, total, net, tax
	return nil
}

// MaxCampaignLen bounds a campaign name.
const MaxCampaignLen = 128

// checkFunding holds the platform-funded part of the discounts to what was
// discounted, and the campaign to its bound.
func (o Order) checkFunding() error {
	if len(o.Campaign) > MaxCampaignLen {
		return fault.Invalidf("campaign", "campaign_invalid", "the campaign is %d bytes; at most %d", len(o.Campaign), MaxCampaignLen)
	}
	if o.PlatformDiscount.IsZero() {
		return nil
	}
	if o.PlatformDiscount.Currency() != o.Currency || o.PlatformDiscount.Sign() < 0 {
		return fault.Invalidf("platform_discount", "platform_discount_invalid", "the platform-funded discount must be a positive amount in %s", o.Currency)
	}
	all := o.Discount.Minor()
	for _, l := range o.Lines {
		all += l.LineDiscount.Minor()
	}
	if o.PlatformDiscount.Minor() > all {
		return fault.Invalidf("platform_discount", "platform_discount_invalid",
			"the platform-funded discount %s exceeds the order's discounts %s; send at most the discounts' sum", o.PlatformDiscount, money.New(all, o.Currency))
	}
	return nil
}
