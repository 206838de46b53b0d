package shopify

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/fnshub/fnshub/internal/channel"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
)

// toOrder maps a doc to the canonical order (ADR 0031 has the table).
// raw is the order's JSON as Shopify sent it. Errors: a plain error
// saying which field is wrong; the caller wraps it as Rejected.
func (c *Connector) toOrder(d doc, raw []byte) (channel.Order, error) {
	if _, err := strconv.ParseUint(d.ID, 10, 64); err != nil {
		return channel.Order{}, fmt.Errorf("id: want the order's number, got %q", d.ID)
	}
	cur, err := money.ParseCurrency(d.Currency)
	if err != nil {
		return channel.Order{}, fmt.Errorf("currency: %w", err)
	}
	o := order.Order{Channel: c.channel, Shop: c.shop, ExternalID: d.ID, Currency: cur,
		Discount: money.Zero(cur), Campaign: d.Campaign}
	if err := d.times(&o); err != nil {
		return channel.Order{}, err
	}
	if o.Status, err = status(d.FinancialStatus, d.CancelledAt); err != nil {
		return channel.Order{}, err
	}
	o.Version = channel.Version(o.UpdatedAt, o.Status)
	for i, dl := range d.Lines {
		l, err := line(dl, cur, d.TaxesIncluded)
		if err != nil {
			return channel.Order{}, fmt.Errorf("line_items[%d]: %w", i, err)
		}
		o.Lines = append(o.Lines, l)
	}
	if o.ShippingFee, err = shippingFee(d.Shipping, cur, d.TaxesIncluded); err != nil {
		return channel.Order{}, err
	}
	out := channel.Order{Order: o, BuyerID: d.CustomerID, Raw: raw}
	if d.TotalPrice != "" {
		paid, err := money.Parse(d.TotalPrice, cur)
		if err != nil {
			return channel.Order{}, fmt.Errorf("total_price: %w", err)
		}
		out.PaidTotal = &paid
	}
	if a := d.Address; a != nil {
		out.Order.Province = a.Province
		out.Contact = contact(a)
	}
	return out, nil
}

// times sets CreatedAt, UpdatedAt, and PaidAt (processed_at, once the
// order is paid).
func (d doc) times(o *order.Order) error {
	var err error
	if o.UpdatedAt, err = parseTime("updated_at", d.UpdatedAt); err != nil {
		return err
	}
	if o.CreatedAt, err = parseTime("created_at", d.CreatedAt); err != nil {
		return err
	}
	if paidStatuses[d.FinancialStatus] && d.ProcessedAt != "" {
		if o.PaidAt, err = parseTime("processed_at", d.ProcessedAt); err != nil {
			return err
		}
	}
	return nil
}

func parseTime(field, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: want ISO-8601 with an offset, got %q", field, s)
	}
	return t.UTC(), nil
}

// paidStatuses are the financial statuses in which the buyer has paid.
var paidStatuses = map[string]bool{"paid": true, "partially_paid": true, "partially_refunded": true, "refunded": true}

// status maps Shopify's financial status and cancellation to the status a
// channel may send. A cancelled order stays cancelled whatever its money
// did; a voided authorization is a cancellation too. An expired
// authorization (GraphQL's EXPIRED) has taken no money, so it waits for
// payment as pending does.
func status(financial, cancelledAt string) (order.Status, error) {
	if cancelledAt != "" || financial == "voided" {
		return order.Cancelled, nil
	}
	switch financial {
	case "pending", "authorized", "expired":
		return order.AwaitingPayment, nil
	case "paid", "partially_paid", "partially_refunded":
		return order.Paid, nil
	case "refunded":
		return order.Refunded, nil
	}
	return "", fmt.Errorf("financial_status: unknown value %q", financial)
}

// line maps a line item. Shopify's discount_allocations already hold every
// discount that reached the line, the order-level ones included, so the
// canonical order's own Discount stays zero.
func line(dl docLine, cur money.Currency, taxesIncluded bool) (order.Line, error) {
	// The hub maps a line by its listing (product, variant) first and by
	// the SKU code second, so the line's sku is passed on as Shopify has it.
	l := order.Line{SKU: dl.SKU, ExternalItemID: dl.ProductID, ExternalSKUID: dl.VariantID, Title: dl.Title, Quantity: dl.Quantity}
	var err error
	if l.UnitPrice, err = money.Parse(dl.Price, cur); err != nil {
		return l, fmt.Errorf("price: %w", err)
	}
	if l.LineDiscount, err = sum(cur, dl.Discounts); err != nil {
		return l, fmt.Errorf("discount_allocations: %w", err)
	}
	if l.TaxRate, err = rate(dl.Taxes); err != nil {
		return l, err
	}
	if !taxesIncluded {
		return grossUp(l, dl.Taxes, cur)
	}
	return l, nil
}

// grossUp puts a tax-exclusive shop's line tax into the line, since the
// canonical unit price includes VAT: the unit price rises by the tax per
// unit rounded up, and the line discount takes back what rounding added,
// so quantity × unit price − discount is exactly price + tax − discount.
func grossUp(l order.Line, taxes []docTax, cur money.Currency) (order.Line, error) {
	prices := make([]string, 0, len(taxes))
	for _, t := range taxes {
		prices = append(prices, t.Price)
	}
	tax, err := sum(cur, prices)
	if err != nil || tax.IsZero() || l.Quantity <= 0 {
		return l, err
	}
	perUnit := (tax.Minor() + l.Quantity - 1) / l.Quantity
	extra := perUnit*l.Quantity - tax.Minor()
	if l.UnitPrice, err = l.UnitPrice.Add(money.New(perUnit, cur)); err != nil {
		return l, err
	}
	l.LineDiscount, err = l.LineDiscount.Add(money.New(extra, cur))
	return l, err
}

// shippingFee sums the shipping lines after their discounts, with their tax
// for a tax-exclusive shop.
func shippingFee(lines []docShipping, cur money.Currency, taxesIncluded bool) (money.Amount, error) {
	var parts []string
	for _, s := range lines {
		parts = append(parts, s.DiscountedPrice)
		if !taxesIncluded {
			for _, t := range s.Taxes {
				parts = append(parts, t.Price)
			}
		}
	}
	fee, err := sum(cur, parts)
	if err != nil {
		return fee, fmt.Errorf("shipping_lines: %w", err)
	}
	return fee, nil
}

// maxRateExponent bounds a rate's decimal exponent; ParseRate refuses
// more than six places anyway.
const maxRateExponent = 12

// rate adds a line's tax rates: a US line carries state, county and city
// taxes as separate lines that apply to the same price.
func rate(taxes []docTax) (money.Rate, error) {
	total := decimal.Zero
	for _, t := range taxes {
		d, err := decimal.NewFromString(t.Rate.String())
		if err == nil && (d.Exponent() < -maxRateExponent || d.Exponent() > maxRateExponent) {
			// 1e999999999 is a valid JSON number whose decimal text
			// would take gigabytes to write out.
			err = fmt.Errorf("out of range")
		}
		if err != nil {
			return money.Rate{}, fmt.Errorf("tax_lines: rate %q: %w", clip(t.Rate.String()), err)
		}
		total = total.Add(d)
	}
	r, err := money.ParseRate(total.String())
	if err != nil {
		return money.Rate{}, fmt.Errorf("tax_lines: %w", err)
	}
	return r, nil
}

func sum(cur money.Currency, amounts []string) (money.Amount, error) {
	parts := make([]money.Amount, 0, len(amounts))
	for _, s := range amounts {
		a, err := money.Parse(s, cur)
		if err != nil {
			return money.Amount{}, err
		}
		parts = append(parts, a)
	}
	return money.Sum(cur, parts...)
}

// contact is the shipping address as the buyer gave it. Shopify does not
// split district from city; the street, postcode and country go in Detail,
// which masking hides.
func contact(a *address) *pii.Contact {
	name := a.Name
	if name == "" {
		name = strings.TrimSpace(a.FirstName + " " + a.LastName)
	}
	var parts []string
	for _, p := range []string{a.Company, a.Address1, a.Address2, a.Zip, a.Country} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return &pii.Contact{Name: name, Phone: a.Phone, Province: a.Province, City: a.City, Detail: strings.Join(parts, ", ")}
}
