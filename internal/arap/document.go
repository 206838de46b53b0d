package arap

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

// DocKind is the kind of a sub-ledger document.
type DocKind string

// Invoices and bills open an item; receipts and payments settle one.
const (
	Invoice DocKind = "invoice" // a customer owes: Dr 1122.90, Cr Account (revenue)
	Receipt DocKind = "receipt" // a customer paid: Dr Account (cash), Cr 1122.90
	Bill    DocKind = "bill"    // the merchant owes a supplier: Dr Account (expense/inventory), Cr 2202
	Payment DocKind = "payment" // the merchant paid a supplier: Dr 2202, Cr Account (cash)
)

// PartyKind is the kind of party the document belongs to.
func (k DocKind) PartyKind() PartyKind {
	if k == Invoice || k == Receipt {
		return Customer
	}
	return Supplier
}

// Opens reports whether the document opens an item (invoice, bill).
func (k DocKind) Opens() bool { return k == Invoice || k == Bill }

func (k DocKind) valid() bool { return k == Invoice || k == Receipt || k == Bill || k == Payment }

// Document is one invoice, receipt, bill or payment. Number is the
// document's own number: the supplier's bill number, the merchant's invoice
// number, or for a receipt or payment the caller's reference. A receipt or
// payment settles the item named by AppliesTo.
type Document struct {
	ID        int64
	Entity    int64 // the legal entity whose books it posts to (docs/adr/0060)
	Kind      DocKind
	Party     string // the party's code
	Number    string
	Date      time.Time // the transaction date: its day dates the entry and the FX rate
	DueDate   time.Time // zero on a receipt or payment; defaulted from the party's terms
	Amount    money.Amount
	Account   string // the other side of the control account
	AppliesTo string // receipt/payment: the invoice/bill number it settles
	Memo      string
	EntryID   int64 // the ledger entry that booked it
	CreatedAt time.Time
	CreatedBy string
}

var numberPattern = regexp.MustCompile(`^[^\x00-\x1f]{1,64}$`)

// Validate checks the document on its own. The party's existence and
// currency, and the item a settlement applies to, are checked when it is
// added.
func (d Document) Validate() error {
	switch {
	case !d.Kind.valid():
		return fault.Invalidf("kind", "document_kind_invalid", "kind %q must be invoice, receipt, bill or payment", d.Kind)
	case !codePattern.MatchString(d.Party):
		return fault.Invalidf(string(d.Kind.PartyKind()), "party_code_invalid", "name the %s by its code", d.Kind.PartyKind())
	case !numberPattern.MatchString(d.Number):
		return fault.Invalidf("number", "document_number_invalid", "number must be 1 to 64 printable characters")
	case d.Date.IsZero():
		return fault.Invalidf("date", "document_date_missing", "give the document's date as yyyy-mm-dd")
	case !d.Amount.Currency().Valid():
		return fault.Invalidf("amount.currency", "currency_invalid", "currency %q is not an ISO 4217 code", d.Amount.Currency())
	case d.Amount.Sign() <= 0:
		return fault.Invalidf("amount", "document_amount_not_positive", "amount must be more than zero; a correction is a new document of the other kind")
	case d.Account == "":
		return fault.Invalidf("account", "document_account_missing", "name the account the other side posts to (e.g. 6001 for an invoice, 1405 or 6602 for a bill, 1002 for a payment)")
	case d.Kind.Opens() && d.AppliesTo != "":
		return fault.Invalidf("applies_to", "applies_to_not_allowed", "an %s opens an item; applies_to is for receipts and payments", d.Kind)
	case !d.Kind.Opens() && d.AppliesTo == "":
		return fault.Invalidf("applies_to", "applies_to_missing", "a %s settles an item: name the invoice or bill number in applies_to", d.Kind)
	case !d.Kind.Opens() && !d.DueDate.IsZero():
		return fault.Invalidf("due_date", "due_date_not_allowed", "a %s has no due date", d.Kind)
	case !d.DueDate.IsZero() && Day(d.DueDate).Before(Day(d.Date)):
		return fault.Invalidf("due_date", "due_date_before_date", "due_date %s is before the date %s", Day(d.DueDate).Format(DateLayout), Day(d.Date).Format(DateLayout))
	case len(d.Memo) > 500:
		return fault.Invalidf("memo", "memo_too_long", "memo is at most 500 bytes")
	}
	return nil
}

// WithTerms returns d with its dates on days and, for an invoice or bill
// without a due date, the due date the party's terms give.
func (d Document) WithTerms(p Party) Document {
	d.Date = Day(d.Date)
	if d.Kind.Opens() && d.DueDate.IsZero() {
		d.DueDate = d.Date.AddDate(0, 0, p.TermsDays)
	}
	if !d.DueDate.IsZero() {
		d.DueDate = Day(d.DueDate)
	}
	return d
}

// Fingerprint is what makes two submissions of one document number the
// same document: equal fingerprints are a duplicate, different ones a
// conflict.
func (d Document) Fingerprint() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%s|%s|%s|%s|%s|%s|%s|%s", d.Kind, d.Party, d.Number, Day(d.Date).Format(DateLayout),
		dayOrEmpty(d.DueDate), d.Amount.Currency(), d.Amount.Format(), d.Account, d.AppliesTo)
	return hex.EncodeToString(h.Sum(nil))
}

func dayOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return Day(t).Format(DateLayout)
}

// SourceKey is the ledger idempotency key of the document's entry. Source
// keys are unique across entities, so another entity's than the default
// (1, or 0 for it) names its entity; the default's keep their form of
// before documents had one (docs/adr/0060).
func (d Document) SourceKey() string {
	if d.Entity > 1 {
		return fmt.Sprintf("arap:%d:%s:%s:%s", d.Entity, d.Kind, d.Party, d.Number)
	}
	return fmt.Sprintf("arap:%s:%s:%s", d.Kind, d.Party, d.Number)
}

// Control is the control account the document posts to.
func (d Document) Control() string {
	if d.Kind.PartyKind() == Customer {
		return CustomerReceivable
	}
	return Payable
}

// ControlSign is +1 when the document debits its control account.
func (d Document) ControlSign() int64 {
	if d.Kind == Invoice || d.Kind == Payment {
		return 1
	}
	return -1
}
