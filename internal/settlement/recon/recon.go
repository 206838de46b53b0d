// Package recon reconciles one settlement payout against the hub's orders:
// it matches each settlement line to the order (and refund) it settles,
// classifies and explains every difference, lays the payout out as a
// waterfall (sales → refunds → commission → fees → adjustments → payout,
// expected beside actual) and plans the ledger entry that books it
// (docs/adr/0045-reconciliation.md).
//
// It is pure: no database, no clock. Everything it needs is in Input, so a
// re-run with the same input gives the same Result, and a re-run with
// changed Rules or Contract shows exactly what the change did.
//
// It is built to reconcile a month of ten million lines in memory in
// seconds: lines are grouped by order ref in one pass, orders and refunds
// are looked up in maps, and tolerant rules only look at what exact
// matching left — never a scan of lines × orders.
package recon

import (
	"time"

	"github.com/fnshub/fnshub/internal/finance"
	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
)

// Input is everything one reconciliation reads.
type Input struct {
	Shop     string // the shop the payout settles
	Channel  string // its channel (amazon, tmall, shopify …), for dimensions
	Payout   settlement.Payout
	Lines    []settlement.Line // every line of the payout, in the currency of the payout
	Orders   []Expected        // the hub's side: every order the lines name and every order due in the period
	Contract Contract
	Rules    Rules
	// FX converts an order's currency into the payout's at a date; nil
	// when every order is in the payout's currency.
	FX FX
	// Periods are the payouts of the shop imported so far (this one may be
	// among them), for seeing settlements that never arrived.
	Periods []Period
}

// Expected is what the hub expects the platform to settle for one order.
type Expected struct {
	OrderID  int64
	Ref      string // the order id as the channel (and so the settlement) names it
	Shop     string
	Channel  string
	Currency money.Currency
	Gross    money.Amount // what the buyer paid: the order.paid debit to the receivable
	// Refunds are the order's refunds not yet settled by another payout.
	Refunds   []Refund
	PaidAt    time.Time
	ShippedAt time.Time // zero when not shipped; due dates count from PaidAt then
	// SettledElsewhere is how much of Gross other payouts already settled
	// (an order whose shipments settle separately). Equal to Gross: the
	// order is settled, and a sale for it here is paid twice.
	SettledElsewhere money.Amount
	// Lines are the order's lines, so a payout that settles only some of
	// them (one shipment of several) can be told from a short payment.
	Lines []ExpectedLine
}

// Refund is a refund the hub has for an order.
type Refund struct {
	Ref    string       // the platform's refund id; "" when the hub does not know it
	Amount money.Amount // given back to the buyer, positive (the order.refunded credit to the receivable)
	At     time.Time
}

// ExpectedLine is one line of an order, by SKU.
type ExpectedLine struct {
	SKU      string
	Quantity int64
	Gross    money.Amount
}

// Period is an imported payout's period.
type Period struct {
	Ref        string
	Start, End time.Time
}

// Contract is what the shop agreed with the platform.
type Contract struct {
	// Commission is the rate of commission lines whose Type has no rate of
	// its own in FeeRates.
	Commission money.Rate
	// FeeRates are the rates of charges by the platform's Type, on the
	// order's settled sales net of refunds.
	FeeRates map[string]money.Rate
	// KnownFees are charge Types the contract has without a rate to check
	// (per-unit fulfilment fees, ad spend, subscriptions).
	KnownFees map[string]bool
	// CycleDays is the platform's settlement cycle: an order is due in the
	// payout whose period holds shipped (else paid) + CycleDays + GraceDays.
	CycleDays int
	GraceDays int
	// FeeTolerance is how far, in minor units of the payout's currency, a
	// charge may be from rate × base and still be what the contract says
	// (the platform rounds per line, the hub per order).
	FeeTolerance int64
}

// Rules are the versioned matching rules; every match records the
// version it was made under, so a re-run after a change can be compared.
type Rules struct {
	Version int
	// AmountTolerance is how far, in minor units of the payout's currency,
	// an order's settled amount may be from what the hub expects and still
	// match (rule amount_within_tolerance); the residual is written off to
	// platform_fee. Beyond it the order is short or over paid.
	AmountTolerance int64
	// RefundWindow matches a settlement refund that carries no refund id
	// to an unmatched hub refund of the same order and amount dated within
	// this much of it (rule refund_date_window). Zero disables the rule.
	RefundWindow time.Duration
	// SplitPayouts accepts a payout that settles only some lines of an
	// order, at the hub's amounts for them, as one part of a sale split
	// over several payouts (rule split_payout).
	SplitPayouts bool
}

// FX returns the rate converting one unit of from into to on a date.
type FX func(from, to money.Currency, on time.Time) (FXRate, error)

// Result is a reconciled payout.
type Result struct {
	Payout       string
	Currency     money.Currency
	RulesVersion int
	Matches      []Match
	Differences  []Difference
	Waterfall    Waterfall
	Plan         Plan
	// Reconciled lists the orders this payout settled completely: every
	// line of the sale and every hub refund. Their receivable nets to zero
	// once the plan is posted.
	Reconciled []int64
}

// Match ties one settlement line to the order (and refund) it settles.
type Match struct {
	Line         int32 // index into Input.Lines
	Refund       int32 // index into the order's Refunds; -1 when the line is no refund
	Rule         Rule
	RulesVersion int32
	OrderID      int64
}

// Rule names the rule that made a match.
type Rule uint8

// The matching rules, exact first.
const (
	RuleOrderRef              Rule = iota + 1 // the line's order ref is the order's, amounts as expected
	RuleSplitLines                            // several lines of the payout sum to the order
	RuleSplitPayout                           // the order's sale spread over several payouts
	RuleAmountWithinTolerance                 // the order's settled amount within Rules.AmountTolerance
	RuleRefundRef                             // the refund id is the hub refund's
	RuleRefundDateWindow                      // no refund id: same order and amount, within Rules.RefundWindow
)

var ruleNames = [...]string{"", "order_ref", "split_lines", "split_payout", "amount_within_tolerance", "refund_ref", "refund_date_window"}

// String returns the rule's name as stored and shown.
func (r Rule) String() string {
	if int(r) < len(ruleNames) {
		return ruleNames[r]
	}
	return "unknown"
}

// Class is what kind of difference a Difference is.
type Class string

// The classes of difference.
const (
	OrderNotOnPlatform Class = "order_not_on_platform" // a hub order due in the period the settlement does not name
	MissingSettlement  Class = "missing_settlement"    // a payout period with no imported payout
	OrderNotInHub      Class = "order_not_in_hub"      // a settlement sale for an order the hub does not have
	RefundNotInHub     Class = "refund_not_in_hub"     // a settlement refund the hub has no refund for
	UnexpectedFee      Class = "unexpected_fee"        // a charge Type the contract does not have
	FeeRateDrift       Class = "fee_rate_drift"        // a charge ≠ contract rate × base beyond tolerance
	ShortPayment       Class = "short_payment"         // less settled than expected (an order, or the payout against its lines)
	OverPayment        Class = "over_payment"          // more settled than expected
	FXDifference       Class = "fx_difference"         // the residual of an order settled in another currency
	Adjustment         Class = "adjustment"            // a reimbursement, chargeback or correction the hub cannot expect
	UnknownLine        Class = "unknown_line"          // a line of a kind the parser did not know
)

// Classes lists every class, in the order differences are shown.
func Classes() []Class {
	return []Class{MissingSettlement, OrderNotOnPlatform, OrderNotInHub, RefundNotInHub, ShortPayment, OverPayment,
		FeeRateDrift, UnexpectedFee, FXDifference, Adjustment, UnknownLine}
}

// Difference is one thing the settlement and the hub disagree on.
type Difference struct {
	Class Class
	// Subject names what it is about, stably across runs:
	// "order:<ref>", "line:<key>", "payout:<ref>" or
	// "period:<start>/<end>" (dates, RFC 3339).
	Subject  string
	Message  string // in words, English; Class is the key for other languages
	OrderID  int64  // 0 when no hub order
	OrderRef string
	Type     string   // the charge Type, for fee differences
	LineKeys []string // the settlement lines it concerns
	Expected money.Amount
	Actual   money.Amount
	// Impact is what it changes the payout by against the hub's
	// expectation, in the payout's currency (Actual − Expected, converted
	// when the order is in another currency); the waterfall's differences
	// add up to the payout's. Zero for a difference outside this payout
	// (missing_settlement).
	Impact money.Amount
}

// Waterfall is a payout laid out step by step, expected beside actual.
type Waterfall struct {
	Steps []Step // sales, refunds, commission, fees, adjustments, payout
	// Explained is Σ Impact of the differences; Tolerated what rules
	// accepted within tolerance; Remainder what neither explains:
	// (actual − expected payout) − Explained − Tolerated. It is zero
	// when every difference is classified.
	Explained money.Amount
	Tolerated money.Amount
	Remainder money.Amount
}

// Step is one step of a waterfall.
type Step struct {
	Name     string // sales, refunds, commission, fees, adjustments, payout
	Expected money.Amount
	Actual   money.Amount
}

// Posting is one line of the planned entry, by role: resolved to an
// account with the entity's finance.Map when posted.
type Posting struct {
	Role   finance.Role
	Amount money.Amount // + debit, − credit
	Dims   ledger.Dims
}

// Plan is the entry a reconciled payout posts, as groups that each balance
// in every currency (one per order, one for the payout itself), so it can
// be cut into entries of at most ledger.MaxPostings without unbalancing
// any of them.
type Plan struct {
	Groups [][]Posting
}
