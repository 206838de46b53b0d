package orderimport

import (
	"fmt"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
)

// maxLines is what ingestion accepts in one order.
const maxLines = 500

// builder turns one group of rows into an order, collecting problems.
type builder struct {
	s    *layout
	g    *group
	errs []RowError
}

func (b *builder) bad(line int, col, format string, args ...any) {
	name := ""
	if col != "" {
		name = b.s.name(col)
	}
	b.errs = append(b.errs, RowError{Row: line, Column: name, Reason: fmt.Sprintf(format, args...)})
}

func (s *layout) build(g *group) (Order, []RowError) {
	b := &builder{s: s, g: g}
	b.checkKey()
	b.checkWidth()
	out := Order{Rows: g.lines(), Order: order.Order{Channel: g.key.Channel, Shop: g.key.Shop, ExternalID: g.key.ExternalID}}
	b.orderFields(&out)
	b.lines(&out.Order)
	if len(b.errs) == 0 {
		b.checkPrice(out.Order)
	}
	if len(b.errs) > 0 {
		return Order{}, b.errs
	}
	o := &out.Order
	o.ShippingFee, o.Discount = zeroOr(o.ShippingFee, o.Currency), zeroOr(o.Discount, o.Currency)
	for i := range o.Lines {
		o.Lines[i].LineDiscount = zeroOr(o.Lines[i].LineDiscount, o.Currency)
	}
	out.Raw = s.raw(g)
	return out, nil
}

func (b *builder) checkKey() {
	k, first := b.g.key, b.g.rows[0].line
	if !order.ValidChannel(k.Channel) {
		b.bad(first, "channel", "%q is not a channel code; use 1 to %d letters, digits, '_', '.', ':' or '-', e.g. web or pos", k.Channel, order.MaxChannelLen)
	}
	if !order.ValidCode(k.Shop) {
		b.bad(first, "shop", "%q is not a shop code; use 1 to 64 letters, digits, '_', '.', ':' or '-'", k.Shop)
	}
	switch {
	case len(k.ExternalID) > 128:
		b.bad(first, "external_id", "the order number is longer than 128 characters")
	case excelNumber(k.ExternalID):
		b.bad(first, "external_id", "Excel turned the order number into %s and lost digits; format the column as Text and enter the numbers again", k.ExternalID)
	}
}

// checkWidth refuses cells beyond the header: the row is shifted, usually
// by an unquoted comma in a CSV cell.
func (b *builder) checkWidth() {
	for _, r := range b.g.rows {
		if len(r.rec) > b.s.width && !blank(r.rec[b.s.width:]) {
			b.bad(r.line, "", "the row has %d cells but the header names %d columns; quote cells that contain commas", len(r.rec), b.s.width)
		}
	}
}

// orderFields reads the order-level columns.
func (b *builder) orderFields(out *Order) {
	o := &out.Order
	cur, curOK := orderValue(b, "currency", parseCurrency)
	switch curOK {
	case absent:
		o.Currency = "CNY"
	case given:
		o.Currency = cur
	} // invalid: no currency, so amounts are not read (they could not be checked)
	o.Version, o.Status = 1, order.Paid
	if v, ok := orderValue(b, "version", parseVersion); ok == given {
		o.Version = v
	}
	if st, ok := orderValue(b, "status", parseStatus); ok == given {
		o.Status = st
	}
	if f, ok := orderValue(b, "fulfillment", parseFulfillment); ok == given {
		o.Fulfillment = f
	}
	out.BuyerID, _ = orderValue(b, "buyer_id", text)
	if curOK != invalid {
		b.amounts(out)
	}
	b.times(o)
	out.Contact = b.contact()
}

func (b *builder) amounts(out *Order) {
	amount := amountIn(out.Order.Currency)
	out.Order.ShippingFee, _ = orderValue(b, "shipping_fee", amount)
	out.Order.Discount, _ = orderValue(b, "order_discount", amount)
	if paid, ok := orderValue(b, "paid_total", amount); ok == given {
		out.PaidTotal = &paid
	}
}

func (b *builder) times(o *order.Order) {
	at := timeIn(b.s.loc)
	var ok found
	if o.CreatedAt, ok = orderValue(b, "created_at", at); ok == absent {
		b.bad(b.g.rows[0].line, "created_at", "give the time the buyer ordered on one line of the order (created_at, 下单时间)")
	}
	o.PaidAt, _ = orderValue(b, "paid_at", at)
	if !o.PaidAt.IsZero() && !o.CreatedAt.IsZero() && o.PaidAt.Before(o.CreatedAt) {
		b.bad(b.g.rows[0].line, "paid_at", "the order was paid before it was placed; check created_at and paid_at")
	}
}

func (b *builder) contact() *pii.Contact {
	var c pii.Contact
	var filled found
	for _, f := range []struct {
		col   string
		to    *string
		parse func(string) (string, error)
	}{{"receiver", &c.Name, text}, {"phone", &c.Phone, phone}, {"province", &c.Province, text},
		{"city", &c.City, text}, {"district", &c.District, text}, {"address", &c.Detail, text}} {
		var ok found
		*f.to, ok = orderValue(b, f.col, f.parse)
		filled = max(filled, ok)
	}
	if filled == absent {
		return nil
	}
	return &c
}

// found says whether an order-level column had a value.
type found int

const (
	absent  found = iota // blank on every row
	given                // given, and every row that gives it agrees
	invalid              // some row's cell is bad
)

// orderValue returns an order-level column's value: the first non-blank
// cell among the order's rows. Every other non-blank cell must mean the
// same, or the later row is reported naming the first.
func orderValue[T comparable](b *builder, col string, parse func(string) (T, error)) (T, found) {
	var v T
	state, firstLine, firstCell := absent, 0, ""
	for _, r := range b.g.rows {
		cell := b.s.cell(r.rec, col)
		if cell == "" {
			continue
		}
		x, err := parse(cell)
		switch {
		case err != nil: // parsers of secret columns never quote the cell
			b.bad(r.line, col, "%v", err)
			state = invalid
		case state == absent:
			v, state, firstLine, firstCell = x, given, r.line, cell
		case state == given && x != v:
			b.disagree(r.line, col, cell, firstLine, firstCell)
		}
	}
	return v, state
}

func (b *builder) disagree(line int, col, cell string, firstLine int, firstCell string) {
	k := b.g.key
	if secret[col] {
		b.bad(line, col, "differs from row %d; the lines of order %s must agree on it (or give it on one line only)", firstLine, k)
		return
	}
	b.bad(line, col, "%q here but %q in row %d; the lines of order %s must agree on it (or give it on one line only)", cell, firstCell, firstLine, k)
}

// checkPrice prices a copy of the order as ingestion will, so that a
// discount larger than the lines is reported here, by row, rather than
// refused after other orders of the file are in.
func (b *builder) checkPrice(o order.Order) {
	gross := money.Zero(o.Currency)
	for _, l := range o.Lines {
		g, _ := l.UnitPrice.Mul(l.Quantity)
		g, _ = g.Sub(zeroOr(l.LineDiscount, o.Currency))
		gross, _ = gross.Add(g)
	}
	if o.Discount.Sign() > 0 && o.Discount.Minor() > gross.Minor() {
		b.bad(b.rowOf("order_discount"), "order_discount", "the order discount %s is more than the lines cost after their own discounts (%s)", o.Discount, gross)
		return
	}
	o.Lines = append([]order.Line(nil), o.Lines...)
	if err := o.Price(); err != nil {
		b.bad(b.rowOf("order_discount"), "", "%v", err)
	}
}

// rowOf is the first row that fills col, or the order's first row.
func (b *builder) rowOf(col string) int {
	for _, r := range b.g.rows {
		if b.s.cell(r.rec, col) != "" {
			return r.line
		}
	}
	return b.g.rows[0].line
}

func zeroOr(a money.Amount, cur money.Currency) money.Amount {
	if a.IsZero() {
		return money.Zero(cur)
	}
	return a
}
