package taobao

import (
	"encoding/json"
	"fmt"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
)

// cny is TOP's one currency: every amount is a decimal string in 元.
const cny money.Currency = "CNY"

// mapTrade maps one trade's JSON, as TOP sent it, to a channel order of a
// shop. Errors: *channel.Error of kind Rejected naming what cannot be read.
func mapTrade(channelKind, shop string, raw json.RawMessage) (channel.Order, error) {
	var t trade
	if err := json.Unmarshal(raw, &t); err != nil {
		return channel.Order{}, malformed("a trade", err)
	}
	if t.id() == "" {
		return channel.Order{}, malformed("a trade", fmt.Errorf("it has no tid"))
	}
	o, err := canonical(t)
	if err != nil {
		return channel.Order{}, malformed("trade "+t.id(), err)
	}
	o.Channel, o.Shop = channelKind, shop
	paid, err := amount(t.Payment)
	if err != nil {
		return channel.Order{}, malformed("trade "+t.id()+" payment", err)
	}
	if o.Discount, err = reconcile(o, paid); err != nil {
		return channel.Order{}, malformed("trade "+t.id(), err)
	}
	if o.PlatformDiscount, err = platformFunded(o, t.PlatformSubsidy); err != nil {
		return channel.Order{}, malformed("trade "+t.id()+" platform_subsidy_fee", err)
	}
	return channel.Order{Order: o, BuyerID: buyerID(t), Contact: contact(t.receiver), PaidTotal: &paid,
		Raw: append([]byte(nil), raw...)}, nil
}

// canonical maps the trade's header, times and lines.
func canonical(t trade) (order.Order, error) {
	o := order.Order{ExternalID: t.id(), Currency: cny, Province: t.State}
	var err error
	if o.Status, err = status(t); err != nil {
		return o, err
	}
	if o.ShippingFee, err = amount(t.PostFee); err != nil {
		return o, fmt.Errorf("post_fee: %w", err)
	}
	if o.CreatedAt, err = ParseTime(t.Created); err != nil {
		return o, err
	}
	if o.PaidAt, err = ParseTime(t.PayTime); err != nil {
		return o, err
	}
	if o.UpdatedAt, err = ParseTime(t.Modified); err != nil {
		return o, err
	}
	if o.UpdatedAt.IsZero() {
		return o, fmt.Errorf("it has no modified time to version it by")
	}
	// modified has whole seconds: two changes within one are told apart
	// by what they did (channel.Version).
	o.Version = channel.Version(o.UpdatedAt, o.Status)
	for i, so := range t.Orders.Order {
		l, err := line(so)
		if err != nil {
			return o, fmt.Errorf("orders[%d] (oid %s): %w", i, so.id(), err)
		}
		o.Lines = append(o.Lines, l)
	}
	if len(o.Lines) == 0 {
		return o, fmt.Errorf("it has no orders (lines)")
	}
	return o, nil
}

// platformFunded is the part of the order's discounts Taobao/Tmall funded:
// platform_subsidy_fee, at most what the order was discounted (a subsidy
// the discounts do not show is revenue the buyer paid, not a discount).
// Every other discount TOP reports (discount_fee, adjust_fee,
// part_mjz_discount) is the seller's (docs/adr/0057).
func platformFunded(o order.Order, subsidy string) (money.Amount, error) {
	a, err := amount(subsidy)
	if err != nil || a.Sign() <= 0 {
		return money.Zero(cny), err
	}
	all := o.Discount.Minor()
	for _, l := range o.Lines {
		all += l.LineDiscount.Minor()
	}
	return money.New(max(min(a.Minor(), all), 0), cny), nil
}

// amount parses a 元 decimal string exactly; TOP leaves some fees empty
// where they are zero.
func amount(s string) (money.Amount, error) {
	if s == "" {
		return money.Zero(cny), nil
	}
	return money.Parse(s, cny)
}

func buyerID(t trade) string {
	if t.BuyerUID != "" {
		return t.BuyerUID
	}
	return t.BuyerNick
}

// contact is the receiver as TOP sent it: masked (张**, 138****0000) and
// never decrypted here. Town (街道) leads the detail line, as on a label.
func contact(r receiver) *pii.Contact {
	if r == (receiver{}) {
		return nil
	}
	phone := r.Mobile
	if phone == "" {
		phone = r.Phone
	}
	return &pii.Contact{Name: r.Name, Phone: phone, Province: r.State, City: r.City, District: r.District,
		Detail: r.Town + r.Address}
}
