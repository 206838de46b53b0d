package arap

import (
	"time"

	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

// Realised is the exchange difference a receipt or payment of a foreign
// item realises, in the entity's currency (docs/adr/0058): the settlement
// at its own day's rate, less the part of the item's booked value it
// takes away — the open amount's booked value before it less after it,
// both at the item's date rate. Each conversion is rounded once, so over
// an item's settlements the differences telescope: the booked value of
// what stays open is exactly the item's booked value, less each
// settlement at its rate, plus what was realised. Positive when the
// settlement is worth more than it takes away: a gain on a receivable, a
// loss on a payable.
func Realised(open, settled money.Amount, itemDate, settledDate time.Time, conv Converter) (int64, error) {
	after, err := open.Sub(settled)
	if err != nil {
		return 0, err
	}
	at, err := conv(settled, settledDate)
	if err != nil {
		return 0, err
	}
	before, err := conv(open, itemDate)
	if err != nil {
		return 0, err
	}
	left, err := conv(after, itemDate)
	if err != nil {
		return 0, err
	}
	return at.Minor() - (before.Minor() - left.Minor()), nil
}

// Gain is what a settlement's realised difference does to profit: a
// receipt's difference is a gain, a payment's a loss.
func (d Document) Gain(realised int64) int64 {
	return -d.ControlSign() * realised
}

// RealisedPostings book a settlement's realised difference in the
// entity's currency: the gain on the control account's revaluation
// account (1122.91, 2202.91), which keeps the entity-currency value of
// the foreign balance equal to the booked value of what is open, and its
// opposite on 6603. Nil when there is none.
func RealisedPostings(d Document, realised int64, base money.Currency, dims ledger.Dims) []ledger.Posting {
	gain := d.Gain(realised)
	if gain == 0 || d.Kind.Opens() {
		return nil
	}
	adj := ReceivableRevaluation
	if d.Kind.PartyKind() == Supplier {
		adj = PayableRevaluation
	}
	return []ledger.Posting{
		{Account: adj, Amount: money.New(gain, base), Dims: dims},
		{Account: FXGainLoss, Amount: money.New(-gain, base), Dims: dims},
	}
}
