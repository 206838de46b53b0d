package shopify

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// fulfillmentOrder is the work of shipping an order from one location.
type fulfillmentOrder struct {
	ID      int64
	OrderID int64
	Status  string // OPEN, IN_PROGRESS, CLOSED
	Lines   []*foLine
}

type foLine struct {
	ID, LineItemID, Remaining int64
}

// AddOrder stores a new order as a buyer's checkout would: it gets ids,
// a name, timestamps (now, in the shop's zone) and totals computed from its
// lines, and an open fulfillment order at the primary location; the
// orders/create webhook (and orders/paid for a paid order) is queued. It
// panics on an amount that is not a decimal in the shop's currency.
func (s *Shop) AddOrder(o Order) Order {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fill(&o)
	s.recompute(&o)
	s.orders[o.ID] = &o
	fo := &fulfillmentOrder{ID: s.id(), OrderID: o.ID, Status: "OPEN"}
	for _, li := range o.LineItems {
		fo.Lines = append(fo.Lines, &foLine{ID: s.id(), LineItemID: li.ID, Remaining: li.Quantity})
	}
	s.fos[o.ID] = []*fulfillmentOrder{fo}
	s.queue("orders/create", &o)
	if o.FinancialStatus == "paid" {
		s.queue("orders/paid", &o)
	}
	return clone(o)
}

// fill gives a new order what Shopify would.
func (s *Shop) fill(o *Order) {
	if o.ID == 0 {
		o.ID = s.id()
	}
	o.AdminGraphqlAPIID = gid("Order", o.ID)
	n := int64(len(s.orders) + 1)
	if o.Name == "" {
		o.Name = "#" + strconv.FormatInt(1000+n, 10)
	}
	o.OrderNumber, o.Number = 1000+n, n
	if o.Currency == "" {
		o.Currency = s.opt.Currency
	}
	if o.PresentmentCurrency == "" {
		o.PresentmentCurrency = o.Currency
	}
	now := s.stamp()
	for _, t := range []*string{&o.CreatedAt, &o.UpdatedAt, &o.ProcessedAt} {
		if *t == "" {
			*t = now
		}
	}
	if o.FinancialStatus == "" {
		o.FinancialStatus = "paid"
	}
	for i := range o.LineItems {
		li := &o.LineItems[i]
		if li.ID == 0 {
			li.ID = s.id()
		}
		li.AdminGraphqlAPIID = gid("LineItem", li.ID)
		li.CurrentQuantity, li.FulfillableQuantity = li.Quantity, li.Quantity
		li.PriceSet = moneySet(li.Price, o.Currency)
		li.TaxLines = nonNil(li.TaxLines)
		li.DiscountAllocations = nonNil(li.DiscountAllocations)
		li.Properties = nonNil(li.Properties)
	}
	for i := range o.ShippingLines {
		sl := &o.ShippingLines[i]
		if sl.ID == 0 {
			sl.ID = s.id()
		}
		if sl.DiscountedPrice == "" {
			sl.DiscountedPrice = sl.Price
		}
		sl.TaxLines = nonNil(sl.TaxLines)
		sl.DiscountAllocations = nonNil(sl.DiscountAllocations)
	}
	o.TaxLines, o.DiscountCodes, o.DiscountApplications = nonNil(o.TaxLines), nonNil(o.DiscountCodes), nonNil(o.DiscountApplications)
	o.Fulfillments, o.Refunds = nonNil(o.Fulfillments), nonNil(o.Refunds)
}

// UpdateOrder changes an order as a merchant's edit would: change runs on
// it, totals are computed again, updated_at moves to now, and
// orders/updated is queued.
func (s *Shop) UpdateOrder(id int64, change func(*Order)) (Order, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orders[id]
	if o == nil {
		return Order{}, fmt.Errorf("sandbox/shopify: no order %d", id)
	}
	change(o)
	s.touch(o)
	return clone(*o), nil
}

// touch records a change to o: totals, updated_at, orders/updated.
func (s *Shop) touch(o *Order) {
	s.recompute(o)
	o.UpdatedAt = s.stamp()
	s.queue("orders/updated", o)
}

// CancelOrder cancels an order: an unpaid one's authorization is voided.
// orders/cancelled and orders/updated are queued.
func (s *Shop) CancelOrder(id int64, reason string) (Order, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orders[id]
	if o == nil {
		return Order{}, fmt.Errorf("sandbox/shopify: no order %d", id)
	}
	now := s.stamp()
	o.CancelledAt, o.ClosedAt, o.CancelReason = &now, &now, &reason
	if o.FinancialStatus == "pending" || o.FinancialStatus == "authorized" {
		o.FinancialStatus = "voided"
	}
	for _, fo := range s.fos[id] {
		fo.Status = "CLOSED"
	}
	o.UpdatedAt = now
	s.queue("orders/cancelled", o)
	s.queue("orders/updated", o)
	return clone(*o), nil
}

// RefundLine is a quantity of one line to refund.
type RefundLine struct {
	LineItemID, Quantity int64
}

// Refund refunds amount (a decimal in shop currency) and the lines' units:
// the order becomes refunded when its refunds reach its total, partially
// refunded before. refunds/create (the refund) and orders/updated (the
// order) are queued.
func (s *Shop) Refund(id int64, amount string, lines ...RefundLine) (Refund, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orders[id]
	if o == nil {
		return Refund{}, fmt.Errorf("sandbox/shopify: no order %d", id)
	}
	r := Refund{ID: s.id(), OrderID: id, CreatedAt: s.stamp(), Note: "sandbox refund", Restock: true,
		RefundLineItems: []RefundLineItem{}, Transactions: []Transaction{{ID: s.id(), OrderID: id, Kind: "refund",
			Status: "success", Amount: amount, Currency: o.Currency, Gateway: "bogus"}}}
	for _, rl := range lines {
		li := lineOf(o, rl.LineItemID)
		if li == nil || rl.Quantity > li.CurrentQuantity {
			return Refund{}, fmt.Errorf("sandbox/shopify: order %d cannot refund %d of line %d", id, rl.Quantity, rl.LineItemID)
		}
		li.CurrentQuantity -= rl.Quantity
		r.RefundLineItems = append(r.RefundLineItems, RefundLineItem{ID: s.id(), LineItemID: li.ID, Quantity: rl.Quantity,
			RestockType: "return", Subtotal: mulString(li.Price, rl.Quantity, o.Currency), TotalTax: "0.00"})
	}
	o.Refunds = append(o.Refunds, r)
	s.recompute(o)
	o.FinancialStatus = "partially_refunded"
	if cmpAmount(o.CurrentTotalPrice, "0", o.Currency) <= 0 {
		o.FinancialStatus = "refunded"
	}
	o.UpdatedAt = r.CreatedAt
	s.queueRefund(r)
	s.queue("orders/updated", o)
	return r, nil
}

// Order returns a stored order.
func (s *Shop) Order(id int64) (Order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orders[id]
	if o == nil {
		return Order{}, false
	}
	return clone(*o), true
}

// Fulfillments returns an order's fulfillments, oldest first.
func (s *Shop) Fulfillments(order int64) []Fulfillment {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o := s.orders[order]; o != nil {
		return clone(*o).Fulfillments
	}
	return nil
}

// sorted returns the orders by updated_at, then id: the order the orders
// query with sortKey UPDATED_AT pages in. Each time is parsed once, not
// at every comparison: every page of a pull sorts the whole store.
func (s *Shop) sorted() []*Order {
	type keyed struct {
		at time.Time
		o  *Order
	}
	ks := make([]keyed, 0, len(s.orders))
	for _, o := range s.orders {
		ks = append(ks, keyed{mustTime(o.UpdatedAt), o})
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return cmp.Compare(a.o.ID, b.o.ID)
	})
	out := make([]*Order, len(ks))
	for i, k := range ks {
		out[i] = k.o
	}
	return out
}

func lineOf(o *Order, id int64) *LineItem {
	for i := range o.LineItems {
		if o.LineItems[i].ID == id {
			return &o.LineItems[i]
		}
	}
	return nil
}

// clone deep-copies an order through its JSON, so callers cannot reach
// into the store.
func clone(o Order) Order {
	b, err := json.Marshal(o)
	if err != nil {
		panic(err)
	}
	var c Order
	if err := json.Unmarshal(b, &c); err != nil {
		panic(err)
	}
	return c
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func gid(kind string, id int64) string {
	return "gid://shopify/" + kind + "/" + strconv.FormatInt(id, 10)
}
