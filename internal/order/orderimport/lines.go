package orderimport

import (
	"encoding/json"
	"strconv"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
)

// lines reads one order line from each row.
func (b *builder) lines(o *order.Order) {
	for i, r := range b.g.rows {
		if i == maxLines {
			b.bad(r.line, "", "order %s has more than %d lines; split it into several orders", b.g.key, maxLines)
			return
		}
		o.Lines = append(o.Lines, b.line(r, o.Currency))
	}
}

func (b *builder) line(r row, cur money.Currency) order.Line {
	get := func(col string) string { return b.s.cell(r.rec, col) }
	l := order.Line{SKU: get("sku"), ExternalItemID: get("external_item_id"), ExternalSKUID: get("external_sku_id"), Title: get("title")}
	switch {
	case l.SKU == "" && l.ExternalItemID == "":
		b.bad(r.line, "sku", "name the line's SKU (sku, 商家编码), or the channel's item id (external_item_id, 商品id) to map it by")
	case l.ExternalSKUID != "" && l.ExternalItemID == "":
		b.bad(r.line, "external_item_id", "a channel SKU id needs the channel's item id it belongs to")
	}
	var err error
	if l.Quantity, err = parseQuantity(get("quantity")); err != nil {
		b.bad(r.line, "quantity", "%v", err)
	}
	if !cur.Valid() {
		return l // the currency is reported; amounts cannot be read without it
	}
	amount := amountIn(cur)
	if s := get("unit_price"); s == "" {
		b.bad(r.line, "unit_price", "give the price of one unit, VAT included, e.g. 12.50")
	} else if l.UnitPrice, err = amount(s); err != nil {
		b.bad(r.line, "unit_price", "%v", err)
	}
	if s := get("line_discount"); s != "" {
		if l.LineDiscount, err = amount(s); err != nil {
			b.bad(r.line, "line_discount", "%v", err)
		}
	}
	b.checkLineDiscount(r.line, l)
	return l
}

// checkLineDiscount refuses a discount larger than quantity × unit price.
func (b *builder) checkLineDiscount(line int, l order.Line) {
	if l.LineDiscount.IsZero() || l.Quantity <= 0 || l.UnitPrice.Currency() == "" {
		return
	}
	gross, err := l.UnitPrice.Mul(l.Quantity)
	if err != nil {
		b.bad(line, "quantity", "quantity × unit price is too large an amount")
		return
	}
	if rest, err := gross.Sub(l.LineDiscount); err != nil || rest.Sign() < 0 {
		b.bad(line, "line_discount", "the line discount %s is more than quantity × unit price (%s)", l.LineDiscount, gross)
	}
}

// raw is the order's rows as JSON, keyed by English column name, for the
// raw event store: every cell, the contact too, so that ParseRaw rebuilds
// the order exactly when the payload is replayed. It holds personal data,
// so ingestion seals it before it is stored, as it seals an API payload.
func (s *layout) raw(g *group) []byte {
	rows := make([]map[string]string, len(g.rows))
	for i, r := range g.rows {
		cells := map[string]string{"row": strconv.Itoa(r.line)}
		for col := range s.idx {
			if v := s.cell(r.rec, col); v != "" {
				cells[col] = v
			}
		}
		rows[i] = cells
	}
	b, _ := json.Marshal(rawRows{Source: "import", Rows: rows})
	return b
}
