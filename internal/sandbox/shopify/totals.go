package shopify

import (
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/money"
)

// recompute sets an order's totals from its lines, shipping, taxes and
// refunds, as Shopify derives them: prices include tax in a tax-inclusive
// shop and exclude it otherwise.
func (s *Shop) recompute(o *Order) {
	cur := currency(o.Currency)
	var items, lineDisc, shipDisc, shipping, tax money.Amount = money.Zero(cur), money.Zero(cur), money.Zero(cur), money.Zero(cur), money.Zero(cur)
	byTitle := map[string]*TaxLine{}
	var order []string
	addTax := func(t TaxLine) {
		tax = add(tax, amount(t.Price, cur))
		if byTitle[t.Title] == nil {
			byTitle[t.Title] = &TaxLine{Title: t.Title, Rate: t.Rate, Price: money.Zero(cur).String()}
			order = append(order, t.Title)
		}
		byTitle[t.Title].Price = add(amount(byTitle[t.Title].Price, cur), amount(t.Price, cur)).String()
	}
	for i := range o.LineItems {
		li := &o.LineItems[i]
		line, _ := amount(li.Price, cur).Mul(li.Quantity)
		items = add(items, line)
		d := money.Zero(cur)
		for _, a := range li.DiscountAllocations {
			d = add(d, amount(a.Amount, cur))
		}
		li.TotalDiscount = d.String()
		lineDisc = add(lineDisc, d)
		for _, t := range li.TaxLines {
			addTax(t)
		}
	}
	for _, sl := range o.ShippingLines {
		price, disc := amount(sl.Price, cur), amount(sl.DiscountedPrice, cur)
		shipping = add(shipping, disc)
		off, _ := price.Sub(disc)
		shipDisc = add(shipDisc, off)
		for _, t := range sl.TaxLines {
			addTax(t)
		}
	}
	subtotal, _ := items.Sub(lineDisc)
	total := add(subtotal, shipping)
	if !o.TaxesIncluded {
		total = add(total, tax)
	}
	refunded := money.Zero(cur)
	for _, r := range o.Refunds {
		for _, t := range r.Transactions {
			refunded = add(refunded, amount(t.Amount, cur))
		}
	}
	current, _ := total.Sub(refunded)
	o.TotalLineItemsPrice, o.TotalDiscounts = items.String(), add(lineDisc, shipDisc).String()
	o.SubtotalPrice, o.TotalTax, o.TotalPrice, o.CurrentTotalPrice = subtotal.String(), tax.String(), total.String(), current.String()
	o.TaxLines = []TaxLine{}
	for _, title := range order {
		o.TaxLines = append(o.TaxLines, *byTitle[title])
	}
}

func currency(code string) money.Currency {
	c, err := money.ParseCurrency(code)
	if err != nil {
		panic(fmt.Sprintf("sandbox/shopify: currency %q: %v", code, err))
	}
	return c
}

func amount(s string, cur money.Currency) money.Amount {
	a, err := money.Parse(s, cur)
	if err != nil {
		panic(fmt.Sprintf("sandbox/shopify: amount %q: %v", s, err))
	}
	return a
}

func add(a, b money.Amount) money.Amount {
	c, err := a.Add(b)
	if err != nil {
		panic(fmt.Sprintf("sandbox/shopify: %v", err))
	}
	return c
}

func mulString(price string, n int64, code string) string {
	cur := currency(code)
	a, _ := amount(price, cur).Mul(n)
	return a.String()
}

func cmpAmount(a, b, code string) int {
	cur := currency(code)
	d, _ := amount(a, cur).Sub(amount(b, cur))
	return d.Sign()
}

func moneySet(amt, code string) MoneySet {
	m := MoneyV2{Amount: amt, CurrencyCode: code}
	return MoneySet{ShopMoney: m, PresentmentMoney: m}
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(fmt.Sprintf("sandbox/shopify: time %q: %v", s, err))
	}
	return t
}
