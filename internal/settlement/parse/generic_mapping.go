package parse

import (
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
)

// ValidateMapping checks a generic-format mapping before it is stored or
// used: the Invalid error names the field at fault and says how to fix it.
// Whether the named columns exist is checked against each file's header
// when it is parsed.
func ValidateMapping(m settlement.Mapping) error {
	c := m.Columns
	switch {
	case strings.TrimSpace(m.Name) == "":
		return fault.Invalidf("name", "required", "the mapping needs a name; it names the payouts of files without a payout column")
	case strings.TrimSpace(c.Amount) == "":
		return fault.Invalidf("columns.amount", "required", "name the column that holds the amount")
	case c.PayoutRef == "" && c.PostedAt == "":
		return fault.Invalidf("columns.payout_ref", "required", "name the payout column or the posted_at column (payouts are then one per day)")
	case m.HeaderRow < 0:
		return fault.Invalidf("header_row", "invalid", "header_row is 1-based; 0 finds the header by the mapped column names")
	case m.Decimal != "" && m.Decimal != "." && m.Decimal != ",":
		return fault.Invalidf("decimal", "invalid", "decimal is \".\" or \",\", got %q", m.Decimal)
	}
	if m.Currency != "" {
		if _, err := money.ParseCurrency(m.Currency); err != nil {
			return fault.Invalidf("currency", "invalid", "%q is not an ISO 4217 currency code such as CNY", m.Currency)
		}
	}
	if err := validateMappingKinds(m); err != nil {
		return err
	}
	if err := validateMappingSigns(m); err != nil {
		return err
	}
	return validateMappingLayout(m.TimeLayout)
}

func validateMappingKinds(m settlement.Mapping) error {
	if len(m.Kinds) > 0 && m.Columns.Type == "" {
		return fault.Invalidf("columns.type", "required", "kinds are given by the type column's value; name the type column")
	}
	for v, k := range m.Kinds {
		if !k.Valid() {
			return fault.Invalidf("kinds."+v, "invalid", "%q is not a kind; use one of %s", k, kindNames())
		}
	}
	return nil
}

func validateMappingSigns(m settlement.Mapping) error {
	if m.Columns.Direction != "" && len(m.Signs) == 0 {
		return fault.Invalidf("signs", "required", "a direction column needs signs: its values mapped to \"+\" or \"-\", such as {\"收入\": \"+\", \"支出\": \"-\"}")
	}
	if len(m.Signs) > 0 && m.Columns.Direction == "" {
		return fault.Invalidf("columns.direction", "required", "signs are given by the direction column's value; name the direction column")
	}
	for v, s := range m.Signs {
		if _, ok := mappingSign(s); !ok {
			return fault.Invalidf("signs."+v, "invalid", "%q is not a sign; use \"+\" or \"-\"", s)
		}
	}
	return nil
}

// validateMappingLayout checks a Go time layout formats a date with its
// year, month and day, so it can read one back.
func validateMappingLayout(layout string) error {
	if layout == "" {
		return nil
	}
	ref := time.Date(2024, 1, 16, 22, 43, 59, 0, time.UTC)
	back, err := time.Parse(layout, ref.Format(layout))
	if err != nil || back.Year() != 2024 || back.Month() != 1 || back.Day() != 16 {
		return fault.Invalidf("time_layout", "invalid", "%q is not a Go time layout with a year, month and day, such as \"2006-01-02 15:04:05\"", layout)
	}
	return nil
}

// mappingSign reads a Signs value: +1 or −1.
func mappingSign(s string) (int64, bool) {
	switch strings.TrimSpace(s) {
	case "+":
		return 1, true
	case "-", "−":
		return -1, true
	}
	return 0, false
}

func kindNames() string {
	ks := settlement.Kinds()
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return strings.Join(out, ", ")
}

// mappingColumnNames lists the mapped columns by their field names, in a
// fixed order, for the header check.
func mappingColumnNames(c settlement.MappingColumns) [][2]string {
	all := [][2]string{
		{"amount", c.Amount}, {"payout_ref", c.PayoutRef}, {"line_ref", c.LineRef}, {"type", c.Type},
		{"order_ref", c.OrderRef}, {"refund_ref", c.RefundRef}, {"txn_ref", c.TxnRef}, {"sku", c.SKU},
		{"quantity", c.Quantity}, {"direction", c.Direction}, {"currency", c.Currency}, {"posted_at", c.PostedAt},
	}
	out := all[:0]
	for _, f := range all {
		if f[1] != "" {
			out = append(out, f)
		}
	}
	return out
}
