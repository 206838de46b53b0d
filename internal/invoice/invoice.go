// Package invoice owns the invoice requests (发票) of hub orders: what a
// buyer asked to be invoiced, the states a request moves through until the
// tax-invoicing system issues it, and the red-letter (红字) requests that
// credit an issued invoice when its order is refunded
// (docs/adr/0048-invoices.md). The invoices themselves are issued outside
// fnshub, in the merchant's tax-invoicing system; fnshub keeps the requests,
// exports them in a layout that system imports, and records the numbers it
// issued.
package invoice

import (
	"time"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
)

// ID is fnshub's id of an invoice request.
type ID int64

// Kind tells an invoice from the red-letter one that credits it.
type Kind string

// The kinds of invoice.
const (
	Blue Kind = "blue" // 蓝字发票: the invoice of a sale
	Red  Kind = "red"  // 红字发票: credits part or all of an issued blue invoice
)

// Type is the invoice type, by the code of the 数电 (fully digitalised
// e-invoice) system's 发票种类: its two e-invoices and the two paper
// invoices it still issues.
type Type string

// The invoice types a request may ask for.
const (
	DigitalSpecial  Type = "81" // 电子发票（增值税专用发票）
	DigitalOrdinary Type = "82" // 电子发票（普通发票）
	PaperSpecial    Type = "85" // 纸质发票（增值税专用发票）
	PaperOrdinary   Type = "86" // 纸质发票（普通发票）
)

// Types lists every type, e-invoices first.
func Types() []Type { return []Type{DigitalSpecial, DigitalOrdinary, PaperSpecial, PaperOrdinary} }

// Name is the type's name as tax-invoicing systems print it.
func (t Type) Name() string {
	switch t {
	case DigitalSpecial:
		return "数电票（增值税专用发票）"
	case DigitalOrdinary:
		return "数电票（普通发票）"
	case PaperSpecial:
		return "纸质发票（增值税专用发票）"
	case PaperOrdinary:
		return "纸质发票（普通发票）"
	}
	return string(t)
}

// Special reports whether t is a VAT special invoice (专票), which only a
// company title may get: the buyer deducts its input VAT with it.
func (t Type) Special() bool { return t == DigitalSpecial || t == PaperSpecial }

// TitleKind is who the invoice is made out to.
type TitleKind string

// The kinds of title (抬头).
const (
	Company  TitleKind = "company"  // a business, with its tax number
	Personal TitleKind = "personal" // a person: no tax number
)

// Source says where a request came from.
type Source string

// The sources of a request.
const (
	Manual  Source = "manual"  // entered by a person (API, CLI)
	Channel Source = "channel" // sent with the channel's order
	Refund  Source = "refund"  // raised by a refund of an invoiced order (red-letter)
)

// Invoice is one invoice request and, once issued, the invoice.
type Invoice struct {
	ID        ID             `json:"id"`
	Shop      string         `json:"shop"`
	OrderID   order.ID       `json:"order_id"`
	Kind      Kind           `json:"kind"`
	Original  ID             `json:"original_id,omitempty"` // red: the blue invoice it credits
	RefundRef string         `json:"refund_ref,omitempty"`  // red: the refund that raised it (its ledger entry's key)
	Title     string         `json:"title"`
	TitleKind TitleKind      `json:"title_kind"`
	TaxNo     string         `json:"tax_no,omitempty"`
	Type      Type           `json:"type"`
	Amount    money.Amount   `json:"amount"` // VAT included; a red invoice's is what it takes back, positive
	Source    Source         `json:"source"`
	Status    Status         `json:"status"`
	Number    string         `json:"number,omitempty"`    // 发票号码, once issued
	IssuedOn  string         `json:"issued_on,omitempty"` // 开票日期 YYYY-MM-DD, once issued
	Reason    string         `json:"reason,omitempty"`    // why it was rejected
	IdemKey   string         `json:"-"`
	Currency  money.Currency `json:"-"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
}

// Filter selects invoices to list; zero fields select all.
type Filter struct {
	Shops   []string // the caller's scope (none: every shop)
	Shop    string
	Status  Status
	OrderID order.ID
	Limit   int
}
