package profit

import (
	"context"
	"time"

	"github.com/fnshub/fnshub/internal/money"
)

// TxStore is what a use case's transaction changes of the profit facts;
// orders and postings feed them inside the order and ledger stores.
type TxStore interface {
	// RecordActuals sets what one reconciled payout (in currency) said of
	// each order it matched, costs positive, in place of what an earlier
	// run of the payout said. Orders in another currency are left to
	// their estimate.
	RecordActuals(ctx context.Context, payoutID int64, currency string, byOrder map[int64]Actual) error
}

// PayoutActual is what one reconciled payout said of one order line.
type PayoutActual struct {
	PayoutID int64
	LineNo   int
	Actual
}

// Reader reads the profit facts and their rollup.
type Reader interface {
	// Report sums the figures of the rows f selects by its groups.
	Report(ctx context.Context, f Filter) ([]Row, error)
	// Orders returns the orders behind a report row, newest id first, at
	// most q.Limit, each with its figures over the lines q selects.
	Orders(ctx context.Context, q OrderQuery) ([]OrderRow, error)
	// Order returns an order's line facts with what is behind them; no
	// lines when the order is unknown.
	Order(ctx context.Context, id int64) (OrderFacts, error)
	// SpendOf sums the ad spend of the days from..to (YYYY-MM-DD,
	// inclusive) by channel, campaign and currency, and by day when byDay.
	SpendOf(ctx context.Context, from, to string, channels []string, byDay bool) ([]SpendRow, error)
	// ImportSpend keeps each row once per channel, campaign and day.
	ImportSpend(ctx context.Context, rows []Spend, now time.Time) (SpendImport, error)
	// ListSpend returns the kept spend q selects, in (day, channel,
	// campaign) order, at most q.Limit rows.
	ListSpend(ctx context.Context, q SpendQuery) ([]SpendKept, error)
	// CarrierRates returns every kept carrier rate.
	CarrierRates(ctx context.Context) ([]CarrierRate, error)
	// SetCarrierRate keeps r in place of the rate of its carrier,
	// province and currency, for orders written from then on.
	SetCarrierRate(ctx context.Context, r CarrierRate) error
	// SetShippingCost makes amount, entered by hand, the order's shipping
	// cost in effect, the estimate kept; changed is false when it already
	// was.
	SetShippingCost(ctx context.Context, orderID int64, amount money.Amount, by string, now time.Time) (changed bool, err error)
}

// OrderFacts are an order's line facts and what is behind them: the
// payouts' actuals and the ledger entries posted for the order.
type OrderFacts struct {
	Lines   []Line
	Actuals []PayoutActual
	Entries []int64
}
