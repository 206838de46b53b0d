// Package settlement is what a platform says it paid: its settlement files
// read into one shape — payouts and their lines, each line an amount of one
// kind (a sale, a refund, a commission, a fee …) with the platform's own
// name for it and the keys that tie it to an order. Parsers of each
// platform's format live in internal/settlement/parse; storage in
// settlementdb; matching against the hub's orders in recon.
package settlement

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/fnshub/fnshub/internal/money"
)

// Kind is what a settlement line's amount is, in the hub's terms. The
// platform's own name stays in Line.Type.
type Kind string

// The kinds of settlement line. Amounts are signed from the merchant's side:
// positive is money the platform owes or pays the merchant, negative is
// money it keeps or takes back.
const (
	Sale        Kind = "sale"         // the buyer's payment for goods and shipping, tax included: + (Amazon ItemPrice, 支付宝 交易, PayPal T0006 gross)
	Promotion   Kind = "promotion"    // a discount the platform took off the sale in the settlement: −
	Refund      Kind = "refund"       // money given back to a buyer: −
	Commission  Kind = "commission"   // the platform's commission or referral fee: − (a refunded commission is +)
	Fee         Kind = "fee"          // payment, service, fulfilment, storage and other platform fees: −
	Shipping    Kind = "shipping"     // carrier or label charges the platform deducted: −
	Advertising Kind = "advertising"  // ad spend deducted from the payout: −
	TaxWithheld Kind = "tax_withheld" // tax the platform collected and remits itself (marketplace facilitator): −
	Adjustment  Kind = "adjustment"   // reimbursements, chargebacks, corrections: either sign
	Reserve     Kind = "reserve"      // funds held back (−) or released (+)
	Transfer    Kind = "transfer"     // the payout itself leaving the platform balance for the bank: − (Shopify payout, PayPal T0400, 支付宝 提现)
	Other       Kind = "other"        // an amount the parser knows no kind for; recon reports it
)

// Kinds lists every kind, in waterfall order.
func Kinds() []Kind {
	return []Kind{Sale, Promotion, Refund, Commission, Fee, Shipping, Advertising, TaxWithheld, Adjustment, Reserve, Transfer, Other}
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, v := range Kinds() {
		if k == v {
			return true
		}
	}
	return false
}

// Payout is one settlement: the batch a platform paid out, or (for wallet
// bills without payouts, such as Alipay and WeChat Pay) one bill period.
// It is what reconciliation balances.
type Payout struct {
	Ref       string         // the platform's id: Amazon settlement-id, Shopify payout id, alipay:<account>:<yyyymmdd>…
	Currency  money.Currency // the payout's currency
	Start     time.Time      // the period it covers; zero when the file does not say
	End       time.Time
	DepositAt time.Time    // when the money reached the bank; zero when not paid out (a wallet bill)
	Total     money.Amount // the net payout the platform declares; meaningful only when HasTotal
	HasTotal  bool         // the file states a total (Amazon summary row, Shopify payout amount)
	Status    string       // the platform's status word when it has one (Shopify: paid, in_transit …)
	Row       int          // where the payout was read: a 1-based line number, or the JSON array index + 1
}

// Line is one amount of a settlement.
type Line struct {
	// Key identifies the line among every line of its platform account,
	// stably: parsing the same file again gives the same keys, so storing
	// a line is idempotent on it. Parsers derive it from the platform's own
	// ids where it has them, else from the row's content and its
	// occurrence number among identical rows of the payout.
	Key       string
	PayoutRef string // the Payout.Ref it belongs to
	Kind      Kind
	Type      string // the platform's own name: amount-description, 业务类型, T-code, balance transaction type
	OrderRef  string // the order id as the channel's orders carry it (Taobao's T200P prefix stripped); "" when none
	RefundRef string // the platform's refund id, when a refund
	TxnRef    string // the platform's transaction id (支付宝交易号, 微信订单号, PayPal transaction id)
	SKU       string // the seller SKU, when the platform reports one
	Quantity  int64
	Amount    money.Amount // signed: + to the merchant, − kept or taken back
	PostedAt  time.Time
	Row       int    // the 1-based line number in the file (JSON: array index + 1), for messages
	Raw       string // the source row as read (after decoding to UTF-8), kept with the line
}

// Sink receives what a parser reads, in file order. A payout is sent
// before its first line when the file states it first; a format whose
// payout totals come last (or never) may send the payout after its lines.
// An error from the sink stops the parse and is returned as is.
type Sink interface {
	Payout(Payout) error
	Line(Line) error
}

// Options are what a parser needs that some files do not say.
type Options struct {
	Currency money.Currency // for formats that carry none (Alipay, WeChat Pay: CNY by default)
	Location *time.Location // for times without a zone; Asia/Shanghai when nil
	Mapping  *Mapping       // the column mapping of the generic format; nil for the others
}

// Loc returns the location for zone-less times.
func (o Options) Loc() *time.Location {
	if o.Location != nil {
		return o.Location
	}
	if l, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return l
	}
	return time.FixedZone("CST", 8*3600)
}

// Format is one settlement file format.
type Format struct {
	Name     string // the --format value: amazon-v2, shopify-payments, alipay, wechatpay, paypal-stl, generic …
	Platform string // the channel whose shops it settles: amazon, shopify, tmall, …; "" when any (generic, alipay, wechatpay, paypal)
	Summary  string // one line for --help and the API's error messages
	Parse    func(ctx context.Context, r io.Reader, opt Options, sink Sink) error
}

// ParseError says where and why a file is not what its format promises.
// Row is the 1-based line (or record) number; Column the header name (or
// JSON field) at fault, "" when the whole row is.
type ParseError struct {
	Format string
	Row    int
	Column string
	Reason string
}

func (e *ParseError) Error() string {
	if e.Column != "" {
		return fmt.Sprintf("%s: row %d, column %s: %s", e.Format, e.Row, e.Column, e.Reason)
	}
	return fmt.Sprintf("%s: row %d: %s", e.Format, e.Row, e.Reason)
}

// Mapping tells the generic format which column holds what, so any
// platform's CSV or Excel bill can be read once a merchant has mapped it.
// Column names are header names as they appear in the file.
type Mapping struct {
	Name       string            `json:"name"`     // what the merchant calls it: "抖店 资金流水"
	Currency   string            `json:"currency"` // when no column gives it
	Sheet      string            `json:"sheet,omitempty"`
	HeaderRow  int               `json:"header_row,omitempty"` // 1-based; 0 finds the first row that holds the mapped columns
	Columns    MappingColumns    `json:"columns"`
	Kinds      map[string]Kind   `json:"kinds"`                 // value of the type column → kind
	Signs      map[string]string `json:"signs,omitempty"`       // value of the direction column → "+" or "−" ("收入": "+", "支出": "-")
	TimeLayout string            `json:"time_layout,omitempty"` // Go layout; tried after the common ones
	Decimal    string            `json:"decimal,omitempty"`     // "," for comma decimals
}

// MappingColumns names the columns of the generic format; Amount and one of
// PayoutRef or PostedAt are required.
type MappingColumns struct {
	PayoutRef string `json:"payout_ref,omitempty"`
	LineRef   string `json:"line_ref,omitempty"`
	Type      string `json:"type,omitempty"`
	OrderRef  string `json:"order_ref,omitempty"`
	RefundRef string `json:"refund_ref,omitempty"`
	TxnRef    string `json:"txn_ref,omitempty"`
	SKU       string `json:"sku,omitempty"`
	Quantity  string `json:"quantity,omitempty"`
	Amount    string `json:"amount"`
	Direction string `json:"direction,omitempty"`
	Currency  string `json:"currency,omitempty"`
	PostedAt  string `json:"posted_at,omitempty"`
}
