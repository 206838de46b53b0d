// Package finance decides what the books say about a business event: the
// posting rules (event → lines of account role, side, amount) and, per legal
// entity, the versioned account map that turns roles into account codes
// (docs/adr/0025-ledger-entities-dimensions-and-rules.md). internal/app
// decides when an event is booked; this package decides what is posted.
package finance

import (
	"fmt"

	"github.com/fnshub/fnshub/internal/ledger"
	"github.com/fnshub/fnshub/internal/money"
)

// Role is what an account is for in the rules; the account map of each
// entity names the account that plays it.
type Role string

// The roles the rules post to, with the account of the default map.
const (
	Receivable Role = "receivable" // 1122 the platform owes the buyer's payment
	Advance    Role = "advance"    // 2203 paid, not yet delivered: a contract liability
	Revenue    Role = "revenue"    // 6001
	OutputVAT  Role = "output_vat" // 2221
	COGS       Role = "cogs"       // 6401
	Inventory  Role = "inventory"  // 1405
	Payable    Role = "payable"    // 2202 goods received, supplier not yet paid
	StockGain  Role = "stock_gain" // 6301 stock found in a count
	StockLoss  Role = "stock_loss" // 6711 stock lost, damaged or missing in a count
	// Current accounts between entities of the group (关联方往来,
	// docs/adr/0027-inter-entity-stock.md): an entity that gave another
	// goods is owed for them, the one that took them owes.
	InterCompanyReceivable Role = "intercompany_receivable" // 1221 其他应收款
	InterCompanyPayable    Role = "intercompany_payable"    // 2241 其他应付款
	// Settlement roles (docs/adr/0045-reconciliation.md): what a
	// reconciled payout posts. The platform's own balance and the bank
	// receive the money; the platform's charges are expenses; what the
	// settlement and the hub disagree on waits in a difference account.
	Cash                 Role = "cash"                  // 1002 银行存款: the payout deposited
	PlatformBalance      Role = "platform_balance"      // 1012 其他货币资金: the platform wallet (Alipay, Amazon, Shopify balance)
	Commission           Role = "commission"            // 6601 销售费用: the platform's commission or referral fee
	PlatformFee          Role = "platform_fee"          // 6603 财务费用: payment and service fees (手续费), small differences accepted within tolerance
	Advertising          Role = "advertising"           // 6601 销售费用: ad spend deducted from a payout
	ShippingExpense      Role = "shipping_expense"      // 6601 销售费用: carrier and label charges deducted
	PlatformReserve      Role = "platform_reserve"      // 1221.02 其他应收款-平台保证金: funds the platform holds back
	SettlementDifference Role = "settlement_difference" // 1221.01 其他应收款-结算差异: unexplained or disputed settlement amounts, until resolved
	FXDifference         Role = "fx_difference"         // 6603 财务费用: exchange residual of a settlement in another currency
)

// Event is a business event the books record.
type Event string

// The events with posting rules.
const (
	OrderPaid     Event = "order.paid"
	OrderShipped  Event = "order.shipped"
	OrderCost     Event = "order.cost"
	OrderRefunded Event = "order.refunded"
	StockReceived Event = "stock.received"
	StockFound    Event = "stock.found"
	StockLost     Event = "stock.lost"
	StockReturned Event = "stock.returned"
	// Goods that change entity at cost (docs/adr/0027-inter-entity-stock.md):
	// transferred between warehouses of two entities, or shipped for an
	// order of one entity from a warehouse of another (sold inter-company),
	// and such goods returned. Each event is one side's entry.
	StockTransferredOut Event = "stock.transferred_out" // the sending entity
	StockTransferredIn  Event = "stock.transferred_in"  // the receiving entity
	StockSupplied       Event = "stock.supplied"        // the warehouse's entity, for another's order
	OrderCostSupplied   Event = "order.cost_supplied"   // the order's entity, goods from another's warehouse
	StockTakenBack      Event = "stock.taken_back"      // the warehouse's entity, such goods returned
	OrderCostReturned   Event = "order.cost_returned"   // the order's entity, such goods returned
)

// Facts are the amounts and dimensions of one event that rules read.
// Amounts are in one currency.
type Facts struct {
	Total  money.Amount // what the buyer paid (order.paid, order.shipped) or got back (order.refunded)
	Net    money.Amount // revenue before VAT, shipping included
	Tax    money.Amount // output VAT
	Cost   money.Amount // cost of the goods shipped
	Value  money.Amount // change in inventory value; negative when stock leaves
	Dims   ledger.Dims  // shop, channel, SKU and source, on every line
	Entity int64        // 0 is ledger.DefaultEntity
}

// Amount is an amount expression of a rule line.
type Amount struct {
	Name string
	Of   func(Facts) money.Amount
}

// The amount expressions rules use.
var (
	Total = Amount{"total", func(f Facts) money.Amount { return f.Total }}
	Net   = Amount{"net", func(f Facts) money.Amount { return f.Net }}
	Tax   = Amount{"tax", func(f Facts) money.Amount { return f.Tax }}
	Cost  = Amount{"cost", func(f Facts) money.Amount { return f.Cost }}
	Value = Amount{"value", func(f Facts) money.Amount { return f.Value }}
)

// Line is one line of a rule: the role debited or credited with an amount.
// A zero amount posts no line; a negative one posts on the other side.
type Line struct {
	Role   Role
	Side   ledger.Side
	Amount Amount
}

// Rule is what one event posts.
type Rule struct {
	Event Event
	Lines []Line
	Note  string
}

func dr(r Role, a Amount) Line { return Line{r, ledger.Debit, a} }
func cr(r Role, a Amount) Line { return Line{r, ledger.Credit, a} }

// Rules is the table of posting rules. Cancellations and returns of whole
// orders are reversals of the order.paid and order.shipped entries
// (ledger.Request.Reverses), so they need no rule of their own.
var Rules = []Rule{
	{OrderPaid, []Line{dr(Receivable, Total), cr(Advance, Total)},
		"the platform owes the payment; until delivery it is owed to the buyer"},
	{OrderShipped, []Line{dr(Advance, Total), cr(Revenue, Net), cr(OutputVAT, Tax)},
		"delivery turns the advance into revenue and output VAT (docs/adr/0012-order-ingestion.md)"},
	{OrderCost, []Line{dr(COGS, Cost), cr(Inventory, Cost)},
		"shipped goods leave inventory at their moving-average cost"},
	{OrderRefunded, []Line{dr(Revenue, Net), dr(OutputVAT, Tax), cr(Receivable, Total)},
		"a partial refund comes out of revenue and VAT; the platform owes that much less"},
	{StockReceived, []Line{dr(Inventory, Value), cr(Payable, Value)},
		"goods received are owed to the supplier (docs/adr/0013-inventory-valuation.md)"},
	{StockFound, []Line{dr(Inventory, Value), cr(StockGain, Value)},
		"stock found in a count is a non-operating gain"},
	{StockLost, []Line{dr(Inventory, Value), cr(StockLoss, Value)},
		"stock lost in a count: Value is negative, so inventory is credited and the loss debited"},
	{StockReturned, []Line{dr(Inventory, Value), cr(COGS, Value)},
		"returned goods come back at the moving average, out of cost of goods sold"},
	{StockTransferredOut, []Line{dr(InterCompanyReceivable, Cost), cr(Inventory, Cost)},
		"goods sent to another entity's warehouse leave inventory at cost; that entity owes them"},
	{StockTransferredIn, []Line{dr(Inventory, Cost), cr(InterCompanyPayable, Cost)},
		"goods taken from another entity's warehouse enter inventory at cost, owed to that entity"},
	{StockSupplied, []Line{dr(InterCompanyReceivable, Cost), cr(Inventory, Cost)},
		"goods shipped for another entity's order are sold to it at cost: they leave inventory, that entity owes them"},
	{OrderCostSupplied, []Line{dr(COGS, Cost), cr(InterCompanyPayable, Cost)},
		"goods shipped from another entity's warehouse cost the order's entity what it owes that entity"},
	{StockTakenBack, []Line{dr(Inventory, Value), cr(InterCompanyReceivable, Value)},
		"goods of another entity's order returned to the warehouse: back into inventory, no longer owed (stock.supplied reversed)"},
	{OrderCostReturned, []Line{dr(InterCompanyPayable, Value), cr(COGS, Value)},
		"goods returned to another entity's warehouse: out of cost of goods sold, no longer owed (order.cost_supplied reversed)"},
}

// RuleFor returns the rule of an event.
func RuleFor(e Event) (Rule, bool) {
	for _, r := range Rules {
		if r.Event == e {
			return r, true
		}
	}
	return Rule{}, false
}

// Posting is what Postings derives: the postings and the map version they
// were derived with, for ledger.Request.MapVersion.
type Posting struct {
	Postings   []ledger.Posting
	MapVersion int64
}

// Postings applies the rule of event to facts with account map m.
func Postings(m Map, event Event, f Facts) (Posting, error) {
	rule, ok := RuleFor(event)
	if !ok {
		return Posting{}, fmt.Errorf("finance: no posting rule for event %q", event)
	}
	var ps []ledger.Posting
	for _, l := range rule.Lines {
		amt := l.Amount.Of(f)
		if amt.IsZero() {
			continue
		}
		if l.Side == ledger.Credit {
			var err error
			if amt, err = amt.Neg(); err != nil {
				return Posting{}, fmt.Errorf("finance: %s: %s: %w", event, l.Amount.Name, err)
			}
		}
		account, err := m.Account(l.Role, f.Dims.Channel)
		if err != nil {
			return Posting{}, err
		}
		ps = append(ps, ledger.Posting{Account: account, Amount: amt, Dims: f.Dims})
	}
	return Posting{Postings: ps, MapVersion: m.Version}, nil
}
