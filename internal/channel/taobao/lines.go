package taobao

import (
	"fmt"
	"strconv"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
)

// line maps one sub-order. UnitPrice is its list price; LineDiscount is
// what takes the line from price × num to what the buyer pays for it
// (lineTotal), so every discount TOP spreads onto lines — the item's own
// (discount_fee), the seller's adjustment (adjust_fee) and the shop-wide
// ones (part_mjz_discount) — lands on its line, as TOP spread it.
func line(so subOrder) (order.Line, error) {
	qty, err := strconv.ParseInt(so.Num.String(), 10, 64)
	if err != nil || qty <= 0 || qty > order.MaxQuantity {
		return order.Line{}, fmt.Errorf("num %q is not a quantity from 1 to %d", so.Num, order.MaxQuantity)
	}
	price, err := amount(so.Price)
	if err != nil {
		return order.Line{}, fmt.Errorf("price: %w", err)
	}
	list, err := price.Mul(qty)
	if err != nil {
		return order.Line{}, fmt.Errorf("price × num: %w", err)
	}
	total, err := lineTotal(so, list)
	if err != nil {
		return order.Line{}, err
	}
	discount, err := list.Sub(total)
	if err != nil {
		return order.Line{}, err
	}
	sku := so.OuterSkuID
	if sku == "" {
		sku = so.OuterIID
	}
	// The amounts Price sets start as zero yuan, so an unpriced order encodes.
	zero := money.Zero(cny)
	return order.Line{SKU: sku, ExternalItemID: so.NumIID.String(), ExternalSKUID: so.SkuID, Title: so.Title,
		Quantity: qty, UnitPrice: price, LineDiscount: discount, Allocated: zero, Total: zero, Net: zero, Tax: zero}, nil
}

// lineTotal is what the buyer pays for the line, from the most complete
// field TOP sent: divide_order_fee (after every discount spread, TOP's own
// figure for the line), else total_fee − part_mjz_discount, else payment,
// else the list price.
func lineTotal(so subOrder, list money.Amount) (money.Amount, error) {
	switch {
	case so.DivideOrderFee != "":
		return field("divide_order_fee", so.DivideOrderFee)
	case so.TotalFee != "":
		total, err := field("total_fee", so.TotalFee)
		if err != nil {
			return total, err
		}
		mjz, err := field("part_mjz_discount", so.PartMjz)
		if err != nil {
			return mjz, err
		}
		return total.Sub(mjz)
	case so.Payment != "":
		return field("payment", so.Payment)
	}
	return list, nil
}

func field(name, s string) (money.Amount, error) {
	a, err := amount(s)
	if err != nil {
		return a, fmt.Errorf("%s: %w", name, err)
	}
	return a, nil
}

// reconcile returns the order-level discount that makes the lines and the
// post fee add up to payment, what the buyer paid. TOP's per-line figures
// already carry its discounts, so it is zero unless a discount was not
// spread onto lines (an older trade without divide_order_fee). When the
// lines add up to less than payment, no discount can explain it: zero is
// returned and the hub's paid-total check holds the order for a person.
func reconcile(o order.Order, paid money.Amount) (money.Amount, error) {
	sum := o.ShippingFee
	for _, l := range o.Lines {
		g, err := l.UnitPrice.Mul(l.Quantity)
		if err == nil {
			g, err = g.Sub(l.LineDiscount)
		}
		if err == nil {
			sum, err = sum.Add(g)
		}
		if err != nil {
			return money.Amount{}, err
		}
	}
	rest, err := sum.Sub(paid)
	if err != nil || rest.Sign() <= 0 {
		return money.Zero(cny), err
	}
	return rest, nil
}
