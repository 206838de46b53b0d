package invoice

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
)

// MaxTitleLen bounds a title (抬头) in characters; the 数电 system takes
// a buyer's name of up to 100.
const MaxTitleLen = 100

// Request is what a buyer asked to be invoiced for an order. A zero Amount
// asks for the order's total net of refunds.
type Request struct {
	OrderID   order.ID     `json:"order_id"`
	Title     string       `json:"title"`
	TitleKind TitleKind    `json:"title_kind"`
	TaxNo     string       `json:"tax_no,omitempty"`
	Type      Type         `json:"type"`
	Amount    money.Amount `json:"amount,omitzero"`
	Source    Source       `json:"source,omitempty"` // manual when empty
}

// Invoiceable is what a request may invoice of an order: its total net of
// refunds, in the order's currency.
func Invoiceable(rec *order.Record) (money.Amount, error) {
	total, err := rec.Total()
	if err != nil {
		return money.Amount{}, err
	}
	return money.New(total.Minor()-rec.Refunded, rec.Currency), nil
}

// New validates r against the order it names and returns the blue invoice
// it requests. Errors: Invalid, naming the field (the tax number, the type,
// an amount above what the order leaves to invoice); Conflict (an order
// that was cancelled, or refunded in full).
func New(r Request, rec *order.Record, key string, now time.Time) (Invoice, error) {
	r.Title, r.TaxNo = strings.TrimSpace(r.Title), strings.ToUpper(strings.TrimSpace(r.TaxNo))
	if err := r.check(); err != nil {
		return Invoice{}, err
	}
	left, err := Invoiceable(rec)
	if err != nil {
		return Invoice{}, err
	}
	if rec.Status == order.AwaitingPayment {
		return Invoice{}, fault.New(fault.Conflict, "order_not_paid", "order %d is not paid yet; an invoice follows the payment", rec.ID)
	}
	if rec.Status == order.Cancelled || left.Sign() <= 0 {
		return Invoice{}, fault.New(fault.Conflict, "order_not_invoiceable",
			"order %d is %s with nothing left to invoice", rec.ID, rec.Status)
	}
	amount := r.Amount
	if amount.IsZero() {
		amount = left
	}
	switch {
	case amount.Currency() != rec.Currency || amount.Sign() <= 0:
		return Invoice{}, fault.Invalidf("amount", "amount_invalid", "the amount must be positive and in the order's currency %s", rec.Currency)
	case amount.Minor() > left.Minor():
		return Invoice{}, fault.Invalidf("amount", "amount_exceeds_order",
			"%s is more than the %s order %d leaves to invoice (its total net of refunds); ask for at most that", amount, left, rec.ID)
	}
	src := r.Source
	if src == "" {
		src = Manual
	}
	return Invoice{Shop: rec.Shop, OrderID: rec.ID, Kind: Blue, Title: r.Title, TitleKind: r.TitleKind, TaxNo: r.TaxNo,
		Type: r.Type, Amount: amount, Currency: rec.Currency, Source: src, Status: Requested, IdemKey: key,
		CreatedAt: now, UpdatedAt: now}, nil
}

func (r Request) check() error {
	switch {
	case r.Title == "":
		return fault.Invalidf("title", "title_missing", "give the title (抬头): the company's name, or the person's")
	case utf8.RuneCountInString(r.Title) > MaxTitleLen:
		return fault.Invalidf("title", "title_too_long", "the title has more than %d characters", MaxTitleLen)
	case !slices.Contains(Types(), r.Type):
		return fault.Invalidf("type", "type_invalid",
			"type %q is not one of 81 (数电专票), 82 (数电普票), 85 (纸质专票), 86 (纸质普票)", r.Type)
	case r.Source != "" && r.Source != Manual && r.Source != Channel:
		return fault.Invalidf("source", "source_invalid", "source %q is not manual or channel", r.Source)
	}
	switch r.TitleKind {
	case Company:
		if why := CheckTaxNo(r.TaxNo); why != "" {
			return fault.Invalidf("tax_no", "tax_no_invalid", "tax number %q: %s", r.TaxNo, why)
		}
	case Personal:
		if r.TaxNo != "" {
			return fault.Invalidf("tax_no", "tax_no_personal", "a personal title has no tax number; leave tax_no empty or make the title a company's")
		}
		if r.Type.Special() {
			return fault.Invalidf("type", "special_needs_company", "a VAT special invoice (专票) is for a company title only; ask for 82 or 86")
		}
	default:
		return fault.Invalidf("title_kind", "title_kind_invalid", "title_kind %q is not company or personal", r.TitleKind)
	}
	return nil
}

// Credit is the red-letter request that takes amount back of the issued
// blue invoice when its order is refunded: no more than the blue invoice
// leaves uncredited (credited is what earlier red ones took). ok is false
// when nothing is left to credit. ref names the refund, one red request each.
func Credit(blue Invoice, credited int64, amount money.Amount, ref string, now time.Time) (Invoice, bool) {
	left := blue.Amount.Minor() - credited
	take := min(amount.Minor(), left)
	if blue.Kind != Blue || blue.Status != Issued || take <= 0 {
		return Invoice{}, false
	}
	return Invoice{Shop: blue.Shop, OrderID: blue.OrderID, Kind: Red, Original: blue.ID, RefundRef: ref,
		Title: blue.Title, TitleKind: blue.TitleKind, TaxNo: blue.TaxNo, Type: blue.Type,
		Amount: money.New(take, blue.Amount.Currency()), Currency: blue.Amount.Currency(), Source: Refund, Status: Requested,
		CreatedAt: now, UpdatedAt: now}, true
}

// Same reports whether a request repeats what inv already holds, so that a
// second request under the same key or for the same order is a duplicate
// and not a clash.
func (inv Invoice) Same(o Invoice) bool {
	return inv.OrderID == o.OrderID && inv.Kind == o.Kind && inv.Title == o.Title && inv.TitleKind == o.TitleKind &&
		inv.TaxNo == o.TaxNo && inv.Type == o.Type && inv.Amount == o.Amount
}
