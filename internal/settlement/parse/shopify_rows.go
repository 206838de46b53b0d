package parse

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
)

type shopifyPayoutDoc struct {
	ID       jsonText `json:"id"`
	Status   string   `json:"status"`
	Date     string   `json:"date"`
	Currency string   `json:"currency"`
	Amount   jsonText `json:"amount"`
}

type shopifyTxnDoc struct {
	ID            jsonText `json:"id"`
	Type          string   `json:"type"`
	PayoutID      jsonText `json:"payout_id"`
	PayoutStatus  string   `json:"payout_status"`
	Currency      string   `json:"currency"`
	Amount        jsonText `json:"amount"`
	Fee           jsonText `json:"fee"`
	Net           jsonText `json:"net"`
	SourceID      jsonText `json:"source_id"`
	SourceOrderID jsonText `json:"source_order_id"`
	ProcessedAt   string   `json:"processed_at"`
}

// shopifyKinds maps balance transaction types to kinds. A dispute is the
// chargeback (and its reversal), so an adjustment; payout rows are the
// money leaving the balance for the bank (or coming back when it failed).
var shopifyKinds = map[string]settlement.Kind{
	"charge": settlement.Sale, "refund": settlement.Refund, "dispute": settlement.Adjustment,
	"reserve": settlement.Reserve, "adjustment": settlement.Adjustment, "credit": settlement.Adjustment,
	"debit": settlement.Adjustment, "payout": settlement.Transfer, "payout_failure": settlement.Transfer,
	"payout_cancellation": settlement.Transfer,
}

func (p *shopifyParser) payout(raw json.RawMessage) error {
	p.payouts++
	row := p.payouts
	var d shopifyPayoutDoc
	if err := json.Unmarshal(raw, &d); err != nil {
		return rowError(shopifyName, row, "payouts", "not a payout object: %v", err)
	}
	if d.ID == "" {
		return rowError(shopifyName, row, "payouts.id", "the payout has no id")
	}
	cur, err := money.ParseCurrency(d.Currency)
	if err != nil {
		return rowError(shopifyName, row, "payouts.currency", "%v", err)
	}
	po := settlement.Payout{Ref: string(d.ID), Currency: cur, Status: d.Status, HasTotal: true, Row: row}
	if po.Total, err = money.Parse(string(d.Amount), cur); err != nil {
		return rowError(shopifyName, row, "payouts.amount", "%v", err)
	}
	if d.Date != "" {
		var ok bool
		if po.DepositAt, ok = parseTime(d.Date, p.loc, false); !ok {
			return rowError(shopifyName, row, "payouts.date", "%q is not a date; expected 2026-03-02", d.Date)
		}
	}
	if p.declared[po.Ref] {
		return nil // the same payout on two overlapping pages
	}
	p.declared[po.Ref] = true
	return p.sink.Payout(po)
}

func (p *shopifyParser) transaction(raw json.RawMessage) error {
	p.txns++
	row := p.txns
	var d shopifyTxnDoc
	if err := json.Unmarshal(raw, &d); err != nil {
		return rowError(shopifyName, row, "transactions", "not a balance transaction object: %v", err)
	}
	gross, fee, err := shopifyAmounts(d, row)
	if err != nil {
		return err
	}
	base := settlement.Line{PayoutRef: string(d.PayoutID), Type: d.Type, OrderRef: shopifyOrderRef(string(d.SourceOrderID)),
		TxnRef: string(d.ID), Row: row, Raw: string(raw)}
	if base.PostedAt, err = shopifyTime(d.ProcessedAt, row); err != nil {
		return err
	}
	if err := p.notePayout(&base, gross.Currency(), d.PayoutStatus); err != nil {
		return err
	}
	g := base
	g.Key, g.Kind, g.Amount = "shopify:"+string(d.ID)+":gross", shopifyKind(d.Type), gross
	if g.Kind == settlement.Refund {
		g.RefundRef = string(d.SourceID)
	}
	if err := p.sink.Line(g); err != nil || fee.IsZero() {
		return err
	}
	f := base
	f.Key, f.Kind, f.Type = "shopify:"+string(d.ID)+":fee", settlement.Fee, d.Type+" fee"
	if f.Amount, err = fee.Neg(); err != nil {
		return rowError(shopifyName, row, "transactions.fee", "%v", err)
	}
	return p.sink.Line(f)
}

func shopifyKind(t string) settlement.Kind {
	if k, ok := shopifyKinds[t]; ok {
		return k
	}
	return settlement.Other
}

// shopifyAmounts reads amount and fee and checks them against net, which
// Shopify states: amount − fee = net, else the file is not what Shopify sent.
func shopifyAmounts(d shopifyTxnDoc, row int) (gross, fee money.Amount, err error) {
	if d.ID == "" {
		return gross, fee, rowError(shopifyName, row, "transactions.id", "the balance transaction has no id")
	}
	cur, err := money.ParseCurrency(d.Currency)
	if err != nil {
		return gross, fee, rowError(shopifyName, row, "transactions.currency", "%v", err)
	}
	if gross, err = money.Parse(string(d.Amount), cur); err != nil {
		return gross, fee, rowError(shopifyName, row, "transactions.amount", "%v", err)
	}
	fee = money.Zero(cur)
	if d.Fee != "" {
		if fee, err = money.Parse(string(d.Fee), cur); err != nil {
			return gross, fee, rowError(shopifyName, row, "transactions.fee", "%v", err)
		}
	}
	if d.Net == "" {
		return gross, fee, nil
	}
	net, err := money.Parse(string(d.Net), cur)
	if err != nil {
		return gross, fee, rowError(shopifyName, row, "transactions.net", "%v", err)
	}
	if want, err := gross.Sub(fee); err != nil || want != net {
		return gross, fee, rowError(shopifyName, row, "transactions.net",
			"amount %s − fee %s is %s, but net says %s; the transaction is inconsistent", gross, fee, want, net)
	}
	return gross, fee, nil
}

// notePayout files a transaction under its payout, or under the pending
// placeholder (sent before its first line) when it has none yet.
func (p *shopifyParser) notePayout(l *settlement.Line, cur money.Currency, status string) error {
	if l.PayoutRef == "" {
		l.PayoutRef = pendingPayout
		if p.declared[pendingPayout] {
			return nil
		}
		p.declared[pendingPayout] = true
		return p.sink.Payout(settlement.Payout{Ref: pendingPayout, Currency: cur, Status: "pending", Row: l.Row})
	}
	if _, ok := p.referenced[l.PayoutRef]; !ok {
		p.referenced[l.PayoutRef] = settlement.Payout{Ref: l.PayoutRef, Currency: cur, Status: status, Row: l.Row}
	}
	return nil
}

// shopifyOrderRef is source_order_id as the Shopify connector keeps an
// order's ExternalID: the order's number (the tail of a GID), so settlement
// lines join to orders.
func shopifyOrderRef(id string) string {
	if strings.HasPrefix(id, "gid://") {
		id, _, _ = strings.Cut(id, "?")
		id = id[strings.LastIndexByte(id, '/')+1:]
	}
	return id
}

func shopifyTime(s string, row int) (t time.Time, err error) {
	if s == "" {
		return t, nil
	}
	v, ok := parseTime(s, time.UTC, false)
	if !ok {
		return t, rowError(shopifyName, row, "transactions.processed_at", "%q is not an ISO 8601 time such as 2026-03-02T14:23:00-05:00", s)
	}
	return v, nil
}
