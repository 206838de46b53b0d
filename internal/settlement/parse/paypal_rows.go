package parse

import (
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
)

func (p *paypalParser) get(i int) string { return strings.TrimSpace(field(p.fields, i)) }

func (p *paypalParser) name(i int) string { return strings.TrimSpace(field(p.names, i)) }

// openSection reads SH: "SH", period start, period end, account id,
// partner account id. The payout's Ref uses the start date as written (in
// PayPal's own zone), so the same period always has the same Ref.
func (p *paypalParser) openSection() error {
	if p.section.open {
		return rowError(paypalName, p.row, "", "a new section (SH) starts before the section of row %d ended with its SC row", p.section.row)
	}
	startText, account := p.get(1), p.get(3)
	start, ok := parseTime(startText, time.UTC, false)
	if !ok {
		return rowError(paypalName, p.row, "Payout Start Date", "%q is not a date such as 2024/08/20 00:00:00 -0700", startText)
	}
	end, ok := parseTime(p.get(2), time.UTC, false)
	if !ok && p.get(2) != "" {
		return rowError(paypalName, p.row, "Payout End Date", "%q is not a date such as 2024/08/20 23:59:59 -0700", p.get(2))
	}
	if account == "" {
		return rowError(paypalName, p.row, "Account ID", "the section header names no account")
	}
	ymd := startText[0:4] + startText[5:7] + startText[8:10] // parseTime accepted yyyy?mm?dd first
	if startText[2] == '.' || startText[2] == '/' {
		ymd = startText[6:10] + startText[3:5] + startText[0:2]
	}
	p.section = paypalSection{open: true, row: p.row,
		payout: settlement.Payout{Ref: "paypal:" + account + ":" + ymd, Start: start, End: end, Row: p.row}}
	return nil
}

// closeSection checks SC's count of SB rows against the rows read.
func (p *paypalParser) closeSection() error {
	if !p.section.open {
		return rowError(paypalName, p.row, "", "a section footer (SC) without its section header (SH)")
	}
	if err := p.checkCount("Section Record Count", p.section.rows, "section"); err != nil {
		return err
	}
	p.section.open = false
	return nil
}

// checkCount compares a footer's count with the SB rows read.
func (p *paypalParser) checkCount(column string, read int, what string) error {
	want, err := strconv.Atoi(p.get(1))
	if err != nil {
		return rowError(paypalName, p.row, column, "%q is not a count of rows", p.get(1))
	}
	if want != read {
		return rowError(paypalName, p.row, column,
			"the %s footer counts %d transaction rows but %d were read: the file is truncated or edited; download it again", what, want, read)
	}
	return nil
}

// body reads one SB row: a gross line and, when there is a fee, a fee line.
func (p *paypalParser) body(raw string) error {
	if !p.section.open || p.cols == nil {
		return rowError(paypalName, p.row, "", "a transaction row (SB) outside a section or before the CH column row")
	}
	p.section.rows++
	p.report++
	p.file++
	c := p.cols
	id, code := p.get(c.txnID), p.get(c.event)
	if id == "" {
		return rowError(paypalName, p.row, p.name(c.txnID), "the transaction has no id")
	}
	gross, err := p.amount(c.gross, c.grossDC, c.grossCur, "")
	if err != nil {
		return err
	}
	if err := p.sendPayout(gross.Currency()); err != nil {
		return err
	}
	l := settlement.Line{PayoutRef: p.section.payout.Ref, Type: code, TxnRef: id, Row: p.row, Raw: raw,
		OrderRef: p.get(c.invoice)}
	if l.OrderRef == "" {
		l.OrderRef = p.get(c.custom)
	}
	if l.PostedAt, err = p.posted(); err != nil {
		return err
	}
	g := l
	g.Key, g.Kind, g.Amount = "paypal:"+id+":gross", paypalKind(code), gross
	if g.Kind == settlement.Refund {
		g.RefundRef = id
	}
	if err := p.sink.Line(g); err != nil {
		return err
	}
	return p.feeLine(l, id, code, gross.Currency())
}

func (p *paypalParser) feeLine(l settlement.Line, id, code string, cur money.Currency) error {
	c := p.cols
	if s := p.get(c.fee); s == "" || strings.Trim(s, "0") == "" {
		return nil
	}
	fee, err := p.amount(c.fee, c.feeDC, c.feeCur, cur)
	if err != nil {
		return err
	}
	l.Key, l.Kind, l.Type, l.Amount = "paypal:"+id+":fee", settlement.Fee, code+" fee", fee
	return p.sink.Line(l)
}

// sendPayout sends the section's payout with its first SB row: SH names no
// currency, so the payout takes the first transaction's.
func (p *paypalParser) sendPayout(cur money.Currency) error {
	if p.section.sent {
		return nil
	}
	p.section.sent = true
	p.section.payout.Currency = cur
	return p.sink.Payout(p.section.payout)
}

func (p *paypalParser) posted() (time.Time, error) {
	i := p.cols.completed
	if p.get(i) == "" {
		i = p.cols.initiated
	}
	s := p.get(i)
	if s == "" {
		return time.Time{}, nil
	}
	t, ok := parseTime(s, time.UTC, false)
	if !ok {
		return time.Time{}, rowError(paypalName, p.row, p.name(i), "%q is not a time such as 2024/08/20 00:01:17 -0700", s)
	}
	return t, nil
}
