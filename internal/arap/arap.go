// Package arap owns the sub-ledgers of what is owed to and by the
// merchant: B2B customers and their invoices and receipts, suppliers and
// their bills and payments, the platforms' open receivables read from the
// books, and the reports over them — aging, due-date alerts and the
// cash-flow forecast (docs/adr/0051-receivables-payables-cash.md).
// The ledger stays the record; documents here say what each balance is.
package arap

import (
	"regexp"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

// The control accounts the documents post to (ADR 0051). B2B receivables
// sit on a sub-account of 1122 so that 1122 itself keeps holding only
// order-sourced platform receivables (ledger invariant I7).
const (
	CustomerReceivable = "1122.90" // 应收账款-B2B客户
	Payable            = "2202"    // 应付账款
	Cash               = "1002"    // 银行存款, the default account money moves through
	FXGainLoss         = "6603"    // 财务费用-汇兑损益
)

// PartyKind says whether a party owes the merchant or is owed.
type PartyKind string

const (
	Customer PartyKind = "customer"
	Supplier PartyKind = "supplier"
)

// Party is a B2B customer or a supplier.
type Party struct {
	Kind      PartyKind
	Code      string
	Name      string
	Currency  money.Currency
	TermsDays int // days from a document's date to its due date, when it names none
	CreatedAt time.Time
}

var codePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// MaxTermsDays bounds payment terms: a year.
const MaxTermsDays = 365

// Validate returns an Invalid error naming the first bad field.
func (p Party) Validate() error {
	switch {
	case p.Kind != Customer && p.Kind != Supplier:
		return fault.Invalidf("kind", "party_kind_invalid", "kind %q must be customer or supplier", p.Kind)
	case !codePattern.MatchString(p.Code):
		return fault.Invalidf("code", "party_code_invalid", "code %q must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit", p.Code)
	case p.Name == "" || len(p.Name) > 200:
		return fault.Invalidf("name", "party_name_invalid", "name must be 1 to 200 bytes")
	case !p.Currency.Valid():
		return fault.Invalidf("currency", "currency_invalid", "currency %q is not an ISO 4217 code such as CNY", p.Currency)
	case p.TermsDays < 0 || p.TermsDays > MaxTermsDays:
		return fault.Invalidf("terms_days", "terms_days_invalid", "terms_days must be 0 to %d, not %d", MaxTermsDays, p.TermsDays)
	}
	return nil
}

// Day truncates t to its UTC calendar day: due dates and aging count days.
func Day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// DateLayout is how days are written: yyyy-mm-dd.
const DateLayout = "2006-01-02"
