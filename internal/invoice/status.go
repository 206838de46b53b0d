package invoice

import (
	"regexp"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
)

// Status is where a request is.
type Status string

// The states of a request: requested until the tax-invoicing system
// issues it (with its number and date) or the merchant rejects it, or it is
// cancelled before either. Issued, rejected and cancelled are final: an
// issued invoice is never voided in the 数电 system, only credited by a
// red-letter one.
const (
	Requested Status = "requested"
	Issued    Status = "issued"
	Rejected  Status = "rejected"
	Cancelled Status = "cancelled"
)

// ParseStatus returns the status named s. Errors: Invalid (field "status").
func ParseStatus(s string) (Status, error) {
	switch Status(s) {
	case Requested, Issued, Rejected, Cancelled:
		return Status(s), nil
	}
	return "", fault.Invalidf("status", "status_invalid", "status %q is not one of requested, issued, rejected, cancelled", s)
}

// move checks the transition and makes it. Errors: Conflict.
func (inv *Invoice) move(to Status, now time.Time) error {
	if inv.Status != Requested {
		return fault.New(fault.Conflict, "invoice_not_requested",
			"invoice %d is %s; only a requested invoice can be %s", inv.ID, inv.Status, to)
	}
	inv.Status, inv.UpdatedAt = to, now
	return nil
}

// A 数电 invoice number is 20 digits; a paper invoice of the older system
// has an 8-digit number (with its 10- or 12-digit code apart).
var number = regexp.MustCompile(`^(\d{8}|\d{20})$`)

// day is the issue date's layout.
const day = "2006-01-02"

// Issue records that the tax-invoicing system issued inv as number on
// date (YYYY-MM-DD). Errors: Invalid (the number or date), Conflict (not
// requested).
func (inv *Invoice) Issue(no, date string, now time.Time) error {
	no, date = strings.TrimSpace(no), strings.TrimSpace(date)
	if !number.MatchString(no) {
		return fault.Invalidf("number", "invoice_number_invalid",
			"发票号码 %q is neither a 20-digit 数电 number nor an 8-digit paper one; copy it from the issued invoice", no)
	}
	if _, err := time.Parse(day, date); err != nil {
		return fault.Invalidf("issued_on", "issue_date_invalid", "开票日期 %q is not a date YYYY-MM-DD", date)
	}
	if err := inv.move(Issued, now); err != nil {
		return err
	}
	inv.Number, inv.IssuedOn = no, date
	return nil
}

// Reject records that the merchant will not issue inv, and why. Errors:
// Invalid (no reason), Conflict (not requested).
func (inv *Invoice) Reject(reason string, now time.Time) error {
	if reason = strings.TrimSpace(reason); reason == "" {
		return fault.Invalidf("reason", "reason_missing", "say why the invoice is rejected; the buyer is told")
	}
	if err := inv.move(Rejected, now); err != nil {
		return err
	}
	inv.Reason = reason
	return nil
}

// Cancel withdraws a request before it is issued. Errors: Conflict.
func (inv *Invoice) Cancel(now time.Time) error { return inv.move(Cancelled, now) }
