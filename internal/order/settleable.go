package order

import (
	"time"

	"github.com/fnshub/fnshub/internal/money"
)

// Settleable is what reconciling a payout needs of an order booked as paid
// and not undone: its key, what the buyer paid, what was refunded and its
// lines' totals. It is read without the rest of the order (contact,
// versions, hold) because a payout names thousands of orders at a time
// (docs/adr/0056-settlement-at-scale.md).
type Settleable struct {
	ID         ID
	Channel    string
	Shop       string
	ExternalID string
	Currency   money.Currency
	Total      money.Amount // what the buyer pays, as Order.Total
	Refunded   int64        // refunded after shipping so far, minor units, VAT included
	PaidAt     time.Time
	UpdatedAt  time.Time
	Lines      []SettleableLine
}

// SettleableLine is one line of a Settleable order.
type SettleableLine struct {
	SKU      string
	Quantity int64
	Total    money.Amount // what the buyer pays for the line, VAT included
}

// Key returns s's natural key.
func (s Settleable) Key() Key { return Key{s.Channel, s.Shop, s.ExternalID} }

// SettleableOf is the Settleable view of r, or false when r is not booked as
// paid or was undone (nothing receivable to clear).
func SettleableOf(r *Record) (Settleable, bool, error) {
	if r.PaidEntry == 0 || r.UndoEntry != 0 {
		return Settleable{}, false, nil
	}
	total, err := r.Total()
	if err != nil {
		return Settleable{}, false, err
	}
	s := Settleable{ID: r.ID, Channel: r.Channel, Shop: r.Shop, ExternalID: r.ExternalID, Currency: r.Currency, Total: total,
		Refunded: r.Refunded, PaidAt: r.PaidAt, UpdatedAt: r.UpdatedAt}
	for _, l := range r.Lines {
		s.Lines = append(s.Lines, SettleableLine{SKU: l.SKU, Quantity: l.Quantity, Total: l.Total})
	}
	return s, true, nil
}
