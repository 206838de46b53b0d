package top

import (
	"fmt"
	"slices"
	"time"
)

// Trade is a trade the gateway holds. Money fields are 元 decimal strings,
// as TOP sends them. Receiver is the plain ship-to: trades carry it masked,
// and only taobao.top.oaid.decrypt opens it.
type Trade struct {
	Tid          int64
	Status       string // WAIT_BUYER_PAY, WAIT_SELLER_SEND_GOODS …
	Created      time.Time
	PayTime      time.Time // zero while unpaid
	Modified     time.Time // zero: stamped with the gateway's clock
	Payment      string
	TotalFee     string
	PostFee      string
	BuyerNick    string
	BuyerOpenUID string
	OAID         string
	Receiver     Receiver
	Orders       []SubOrder
}

// Receiver is a ship-to in plain text.
type Receiver struct {
	Name, Mobile, Phone, State, City, District, Town, Address string
}

// SubOrder is one line of a trade (TOP's Order).
type SubOrder struct {
	Oid            int64
	NumIID         int64
	SkuID          string
	OuterIID       string
	OuterSkuID     string
	Title          string
	Num            int64
	Price          string
	TotalFee       string
	Payment        string
	DivideOrderFee string
	PartMjz        string
	RefundStatus   string // NO_REFUND, SUCCESS …; "" is NO_REFUND
	InvoiceNo      string // set by offline send
	Company        string
}

// Shipment is one taobao.logistics.offline.send the gateway took.
type Shipment struct {
	OutSid      string
	CompanyCode string
	SubTids     []int64 // the lines shipped; all of them for a whole trade
}

type stockKey struct {
	numIID int64
	skuID  string
}

// AddTrade adds a trade; one with a tid already held is an error.
func (g *Gateway) AddTrade(t Trade) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, dup := g.trades[t.Tid]; dup {
		return fmt.Errorf("top sandbox: trade %d exists", t.Tid)
	}
	t.Orders = slices.Clone(t.Orders)
	if t.Modified.IsZero() {
		t.Modified = g.opt.Now()
	}
	t.Modified = t.Modified.Truncate(time.Second)
	g.trades[t.Tid] = &t
	return nil
}

// UpdateTrade changes a trade and stamps it modified now, as any change on
// the platform does (a second later than before at least, since TOP's
// times have whole seconds). A change that sets Modified itself, later
// than before, keeps it: tests place updates in windows of the past.
func (g *Gateway) UpdateTrade(tid int64, change func(*Trade)) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	t, ok := g.trades[tid]
	if !ok {
		return fmt.Errorf("top sandbox: no trade %d", tid)
	}
	before := t.Modified
	change(t)
	t.Tid = tid
	if t.Modified = t.Modified.Truncate(time.Second); !t.Modified.After(before) {
		t.Modified = before
		g.touch(t)
	}
	return nil
}

// touch stamps t modified now; g.mu is held.
func (g *Gateway) touch(t *Trade) {
	now := g.opt.Now().Truncate(time.Second)
	if !now.After(t.Modified) {
		now = t.Modified.Add(time.Second)
	}
	t.Modified = now
}

// Trade returns a copy of a trade as the gateway holds it.
func (g *Gateway) Trade(tid int64) (Trade, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	t, ok := g.trades[tid]
	if !ok {
		return Trade{}, false
	}
	c := *t
	c.Orders = slices.Clone(t.Orders)
	return c, true
}

// SetQuantity sets the stock of an item's SKU ("" for an item without SKUs).
func (g *Gateway) SetQuantity(numIID int64, skuID string, q int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.stock[stockKey{numIID, skuID}] = q
}

// Quantity returns the stock of an item's SKU, and whether it is listed.
func (g *Gateway) Quantity(numIID int64, skuID string) (int64, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	q, ok := g.stock[stockKey{numIID, skuID}]
	return q, ok
}

// Shipment returns the shipments taken for a trade, in order.
func (g *Gateway) Shipment(tid int64) []Shipment {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.shipments[tid])
}
