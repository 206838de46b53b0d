package parse

import (
	"strconv"
	"time"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
)

// readSummary reads the first row after the header: settlement-id through
// currency filled, total-amount the net payout.
func (p *amazonParser) readSummary(raw string) error {
	c, row := p.cols, p.lines.n
	if p.get(c.total) == "" || p.get(c.txnType) != "" {
		return rowError(amazonName, row, p.name(c.total),
			"the first row after the header must be the settlement summary (settlement-id, dates, total-amount and currency filled, transaction-type empty)")
	}
	id := p.get(c.settlementID)
	if id == "" {
		return rowError(amazonName, row, p.name(c.settlementID), "the summary row has no settlement-id")
	}
	cur, err := money.ParseCurrency(p.get(c.currency))
	if err != nil {
		return rowError(amazonName, row, p.name(c.currency), "%v", err)
	}
	p.monthFirst = cur == "USD"
	po := settlement.Payout{Ref: id, Currency: cur, HasTotal: true, Row: row}
	if po.Total, err = parseDecimal(p.get(c.total), cur); err != nil {
		return rowError(amazonName, row, p.name(c.total), "%v", err)
	}
	for _, d := range []struct {
		col int
		to  *time.Time
	}{{c.start, &po.Start}, {c.end, &po.End}, {c.deposit, &po.DepositAt}} {
		if *d.to, err = p.optionalTime(d.col); err != nil {
			return err
		}
	}
	p.payout, p.summary = po, true
	return p.sink.Payout(po)
}

// optionalTime parses column i; empty is the zero time.
func (p *amazonParser) optionalTime(i int) (time.Time, error) {
	s := p.get(i)
	if s == "" {
		return time.Time{}, nil
	}
	t, ok := parseTime(s, p.loc, p.monthFirst)
	if !ok {
		return time.Time{}, rowError(amazonName, p.lines.n, p.name(i),
			"%q is not a date; expected 2026-03-02T14:23:00+00:00, 2026-03-02 14:23:00 UTC, 2026-03-02 or 02.03.2026", s)
	}
	return t, nil
}

// readDetail turns one amount row into a Line.
func (p *amazonParser) readDetail(raw string) error {
	c, row := p.cols, p.lines.n
	if id := p.get(c.settlementID); id != p.payout.Ref {
		return rowError(amazonName, row, p.name(c.settlementID),
			"settlement-id %q differs from the summary's %q; a V2 report holds one settlement, split the file", id, p.payout.Ref)
	}
	l := settlement.Line{PayoutRef: p.payout.Ref, Row: row, Raw: raw}
	cur, err := p.rowCurrency()
	if err != nil {
		return err
	}
	s := p.get(c.amount)
	if s == "" {
		return rowError(amazonName, row, p.name(c.amount), "the amount is empty; every detail row carries one")
	}
	if l.Amount, err = parseDecimal(s, cur); err != nil {
		return rowError(amazonName, row, p.name(c.amount), "%v", err)
	}
	if err := p.describe(&l); err != nil {
		return err
	}
	l.Key = p.key()
	return p.sink.Line(l)
}

// rowCurrency is the row's currency, the summary's when blank.
func (p *amazonParser) rowCurrency() (money.Currency, error) {
	s := p.get(p.cols.currency)
	if s == "" || s == string(p.payout.Currency) {
		return p.payout.Currency, nil
	}
	cur, err := money.ParseCurrency(s)
	if err != nil {
		return "", rowError(amazonName, p.lines.n, p.name(p.cols.currency), "%v", err)
	}
	return cur, nil
}

// describe fills what the row says besides its amount.
func (p *amazonParser) describe(l *settlement.Line) error {
	c := p.cols
	tt, at, desc := p.get(c.txnType), p.get(c.amountType), p.get(c.amountDesc)
	l.Kind = amazonKind(tt, at, desc)
	if l.Type = desc; l.Type == "" {
		l.Type = at
	}
	l.TxnRef = p.get(c.orderID)
	if amazonOrderID(l.TxnRef) {
		l.OrderRef = l.TxnRef
	}
	if l.Kind == settlement.Refund {
		l.RefundRef = p.get(c.adjustmentID)
	}
	l.SKU = p.get(c.sku)
	var err error
	if q := p.get(c.quantity); q != "" {
		if l.Quantity, err = strconv.ParseInt(q, 10, 64); err != nil {
			return rowError(amazonName, l.Row, p.name(c.quantity), "%q is not a whole number of units", q)
		}
	}
	at1 := c.postedDateAt
	if p.get(at1) == "" {
		at1 = c.postedDate
	}
	l.PostedAt, err = p.optionalTime(at1)
	return err
}
