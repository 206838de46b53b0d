package parse

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
)

var wechatPayBill = settlement.Format{
	Name:    "wechatpay",
	Summary: "微信支付 交易账单 (ALL, SUCCESS, REFUND, old format) or 资金账单 CSV, with its summary lines",
	Parse:   parseWechatPay,
}

const wechatName = "wechatpay"

// The header names the WeChat Pay parser reads.
const (
	wxTime        = "交易时间"
	wxMchID       = "商户号"
	wxTxnID       = "微信订单号"
	wxOutTradeNo  = "商户订单号"
	wxState       = "交易状态"
	wxCurrency    = "货币种类"
	wxSettle      = "应结订单金额"
	wxTotal       = "订单金额"
	wxRefundID    = "微信退款单号"
	wxOutRefundNo = "商户退款单号"
	wxRefund      = "退款金额"
	wxFee         = "手续费"
	wxRefundDone  = "退款成功时间"

	wxFundTime   = "记账时间"
	wxFundBizNo  = "微信支付业务单号"
	wxFundFlowNo = "资金流水单号"
	wxFundName   = "业务名称"
	wxFundType   = "业务类型"
	wxFundDir    = "收支类型"
	wxFundAmount = "收支金额(元)"
)

// wxFeeExp is the number of decimal places WeChat Pay writes 手续费 with.
const wxFeeExp = 5

func wechatErr(row int, col, format string, args ...any) error {
	return &settlement.ParseError{Format: wechatName, Row: row, Column: col, Reason: fmt.Sprintf(format, args...)}
}

// wxBill is one bill being read: its header, what its rows summed to, and
// the payouts (bill dates) already sent.
type wxBill struct {
	fund    bool
	ix      cnIndex
	cur     money.Currency
	curSet  bool // Options.Currency was given: it wins over 货币种类
	loc     *time.Location
	mchID   string
	payouts map[string]bool
	last    struct { // the payout of the previous row
		account, ref string
		y            int
		m            time.Month
		d            int
	}
	rows    int
	sums    map[string]int64 // summed column → total (fees in 10^-5 yuan)
	inRows  int              // fund bill: 收入 rows
	outRows int
}

func parseWechatPay(ctx context.Context, r io.Reader, opt settlement.Options, sink settlement.Sink) error {
	b := &wxBill{cur: opt.Currency, curSet: opt.Currency != "", loc: opt.Loc(), payouts: map[string]bool{}, sums: map[string]int64{}}
	if b.cur == "" {
		b.cur = "CNY"
	}
	if !b.cur.Valid() {
		return wechatErr(0, "", "unknown currency %q in the import options", b.cur)
	}
	lines := newCNLines(cnDecode(r))
	var rec []string
	for {
		ok, err := lines.next()
		if err != nil {
			return wechatErr(lines.row+1, "", "cannot be read: %v", err)
		}
		if !ok {
			return wechatErr(lines.row, "", "the file ends without its summary lines (总交易单数… or 资金流水总笔数…): it is truncated; download the bill again")
		}
		if lines.row%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		line := lines.line
		if cnBlank(line) {
			continue
		}
		if rec, err = cnSplit(rec, line); err != nil {
			return wechatErr(lines.row, "", "is not a CSV row (%v)", err)
		}
		switch {
		case b.ix == nil:
			if err := b.header(rec, lines.row); err != nil {
				return err
			}
		case !strings.HasPrefix(rec[0], "`") && wxSummaryHeader(rec[0]):
			return b.summary(lines, rec)
		case b.fund:
			if err := b.fundRow(rec, line, lines.row, sink); err != nil {
				return err
			}
		default:
			if err := b.tradeRow(rec, line, lines.row, sink); err != nil {
				return err
			}
		}
	}
}

// wxSummaryHeader reports whether a first cell opens the summary lines;
// detail rows start with a backtick and are never asked.
func wxSummaryHeader(cell string) bool {
	name := cnHeaderName(cell)
	return strings.HasPrefix(name, "总交易单") || strings.HasPrefix(name, "资金流水总笔数")
}

func (b *wxBill) header(rec []string, row int) error {
	ix := newCNIndex(rec)
	switch {
	case ix.has(wxTime, wxTxnID, wxState, wxFee, wxMchID):
		if !ix.has(wxSettle) && !ix.has(wxTotal) && !ix.has("总金额") {
			return wechatErr(row, wxSettle, "the 交易账单 header has neither 应结订单金额 nor 订单金额")
		}
	case ix.has(wxFundTime, wxFundFlowNo, wxFundDir, wxFundAmount):
		b.fund = true
	default:
		return wechatErr(row, "", "neither a 交易账单 header (交易时间, 商户号, 微信订单号, 交易状态, 手续费…) nor a 资金账单 header (记账时间, 资金流水单号, 收支类型, 收支金额(元)…)")
	}
	b.ix = ix
	return nil
}

// amount reads a column in units of 10^-exp yuan; round allows the extra
// digits of 手续费.
func (b *wxBill) amount(rec []string, col string, row, exp int, round bool) (int64, error) {
	s := b.ix.get(rec, col)
	if s == "" {
		return 0, nil
	}
	v, why := cnMinor(s, exp, round)
	if why != "" {
		return 0, wechatErr(row, col, "%q %s", s, why)
	}
	return v, nil
}

// payout sends the payout of the bill date of t the first time it is seen.
func (b *wxBill) payout(account string, t time.Time, row int, sink settlement.Sink) (string, error) {
	y, m, d := t.In(b.loc).Date()
	if b.last.ref != "" && b.last.account == account && b.last.y == y && b.last.m == m && b.last.d == d {
		return b.last.ref, nil // rows come sorted by time: most share the previous row's payout
	}
	ref := "wechatpay:" + account + ":" + cnDay(t, b.loc)
	b.last.account, b.last.y, b.last.m, b.last.d, b.last.ref = account, y, m, d, ref
	if b.payouts[ref] {
		return ref, nil
	}
	b.payouts[ref] = true
	start := cnDayStart(t, b.loc)
	return ref, sink.Payout(settlement.Payout{Ref: ref, Currency: b.cur, Start: start, End: start.AddDate(0, 0, 1), Row: row})
}

// tradeRow turns one 交易账单 row into its lines.
//
// A SUCCESS row is a sale of 应结订单金额 (订单金额 in old-format bills,
// which have no 应结订单金额) and a fee of −手续费. A REFUND row is a
// refund of −退款金额 and a fee of −手续费; WeChat Pay returns the fee of
// the refunded part, and writes that on the refund row as a negative
// 手续费 (−0.00600), so −手续费 is a positive fee line: money back to the
// merchant. REVOKED rows moved no money and give no lines.
//
// 手续费 has five decimals. Each row's fee is rounded to fen on its own,
// half away from zero (0.00500 → 0.01, −0.00500 → −0.01), which is how
// WeChat Pay settles the fee per transaction; the summary check compares
// the unrounded five-decimal sum.
func (b *wxBill) tradeRow(rec []string, raw string, row int, sink settlement.Sink) error {
	b.rows++
	txn := b.ix.get(rec, wxTxnID)
	if txn == "" {
		return wechatErr(row, wxTxnID, "is empty; every 交易账单 row carries the WeChat order id")
	}
	cur, err := b.rowCurrency(rec, row)
	if err != nil {
		return err
	}
	exp := cur.Exponent()
	state := b.ix.get(rec, wxState)
	settleCol := b.settleColumn()
	settle, err := b.amount(rec, settleCol, row, exp, false)
	if err != nil {
		return err
	}
	refund, err := b.amount(rec, wxRefund, row, exp, false)
	if err != nil {
		return err
	}
	fee5, err := b.amount(rec, wxFee, row, wxFeeExp, false)
	if err != nil {
		return err
	}
	feeFen, _ := cnMinor(b.ix.get(rec, wxFee), exp, true)
	if b.ix.get(rec, wxFee) == "" {
		feeFen = 0
	}
	isRefund := state == "REFUND"
	if isRefund {
		b.sums["退款总金额"] += refund
	} else {
		b.sums["应结订单总金额"] += settle
	}
	b.sums["手续费总金额"] += fee5
	at, err := b.rowTime(rec, row, isRefund)
	if err != nil {
		return err
	}
	if state == "REVOKED" {
		return nil
	}
	mch := b.ix.get(rec, wxMchID)
	if mch == "" {
		return wechatErr(row, wxMchID, "is empty; the merchant id names the payout")
	}
	ref, err := b.payout(mch, at, row, sink)
	if err != nil {
		return err
	}
	base := settlement.Line{PayoutRef: ref, Type: state, OrderRef: b.ix.get(rec, wxOutTradeNo), TxnRef: txn,
		PostedAt: at, Row: row, Raw: raw}
	main, part, kind := settle, "sale", settlement.Sale
	keyBase := "wechatpay:" + txn + ":"
	if isRefund {
		base.RefundRef = b.ix.get(rec, wxOutRefundNo)
		if base.RefundRef == "" {
			base.RefundRef = b.ix.get(rec, wxRefundID)
		}
		main, part, kind = -refund, "refund", settlement.Refund
		refundID := b.ix.get(rec, wxRefundID) // WeChat's own refund id, unique per refund
		if refundID == "" {
			refundID = base.RefundRef
		}
		keyBase += "refund:" + refundID + ":"
	}
	if main != 0 {
		l := base
		l.Kind, l.Amount, l.Key = kind, money.New(main, cur), keyBase+part
		if err := sink.Line(l); err != nil {
			return err
		}
	}
	if feeFen != 0 {
		l := base
		l.Kind, l.Amount, l.Key = settlement.Fee, money.New(-feeFen, cur), keyBase+"fee"
		return sink.Line(l)
	}
	return nil
}

// settleColumn is 应结订单金额, or in old-format bills 订单金额 (总金额 in
// the oldest), the amount that settles to the merchant.
func (b *wxBill) settleColumn() string {
	for _, c := range []string{wxSettle, wxTotal, "总金额"} {
		if b.ix.has(c) {
			return c
		}
	}
	return wxSettle
}

// rowCurrency is 货币种类 unless the import options name a currency.
func (b *wxBill) rowCurrency(rec []string, row int) (money.Currency, error) {
	s := b.ix.get(rec, wxCurrency)
	if b.curSet || s == "" {
		return b.cur, nil
	}
	c, err := money.ParseCurrency(s)
	if err != nil {
		return "", wechatErr(row, wxCurrency, "%q is not a currency code such as CNY", s)
	}
	return c, nil
}

// rowTime is 交易时间, or 退款成功时间 on a refund row that has one (the
// REFUND bill), which is the day the refund left the balance.
func (b *wxBill) rowTime(rec []string, row int, refund bool) (time.Time, error) {
	col := wxTime
	if refund && b.ix.get(rec, wxRefundDone) != "" {
		col = wxRefundDone
	}
	s := b.ix.get(rec, col)
	t, ok := cnTime(s, b.loc, "")
	if !ok {
		return time.Time{}, wechatErr(row, col, "%q is not a time such as 2024-01-16 22:43:59", s)
	}
	return t, nil
}

// fundRow turns one 资金账单 row (one balance movement) into one line,
// signed by 收支类型. The fund bill names no merchant id, so its payouts
// are "wechatpay:fund:<yyyymmdd>".
func (b *wxBill) fundRow(rec []string, raw string, row int, sink settlement.Sink) error {
	b.rows++
	flow := b.ix.get(rec, wxFundFlowNo)
	if flow == "" {
		return wechatErr(row, wxFundFlowNo, "is empty; every 资金账单 row carries its 资金流水单号")
	}
	amt, err := b.amount(rec, wxFundAmount, row, b.cur.Exponent(), false)
	if err != nil {
		return err
	}
	if amt < 0 {
		amt = -amt
	}
	switch dir := b.ix.get(rec, wxFundDir); dir {
	case "收入":
		b.inRows++
		b.sums["收入金额"] += amt
	case "支出":
		b.outRows++
		b.sums["支出金额"] += amt
		amt = -amt
	default:
		return wechatErr(row, wxFundDir, "%q is neither 收入 nor 支出", dir)
	}
	s := b.ix.get(rec, wxFundTime)
	at, ok := cnTime(s, b.loc, "")
	if !ok {
		return wechatErr(row, wxFundTime, "%q is not a time such as 2024-01-16 22:43:59", s)
	}
	ref, err := b.payout("fund", at, row, sink)
	if err != nil {
		return err
	}
	bizType := b.ix.get(rec, wxFundType)
	return sink.Line(settlement.Line{Key: "wechatpay:fund:" + flow, PayoutRef: ref, Kind: wxFundKind(bizType, b.ix.get(rec, wxFundName)),
		Type: bizType, TxnRef: b.ix.get(rec, wxFundBizNo), Amount: money.New(amt, b.cur), PostedAt: at, Row: row, Raw: raw})
}

// wxFundKind maps a 资金账单 业务类型 (or, failing that, 业务名称) to a kind.
func wxFundKind(bizType, name string) settlement.Kind {
	for _, t := range []string{bizType, name} {
		switch {
		case strings.Contains(t, "手续费"):
			return settlement.Fee
		case strings.Contains(t, "退款"):
			return settlement.Refund
		case strings.Contains(t, "提现"):
			return settlement.Transfer
		case strings.Contains(t, "交易"):
			return settlement.Sale
		}
	}
	return settlement.Other
}

// summary reads the value line after the summary header and checks the
// count and the totals against the rows read.
func (b *wxBill) summary(lines *cnLines, head []string) error {
	names := newCNIndex(append([]string(nil), head...))
	headRow := lines.row
	var vals []string
	for {
		ok, err := lines.next()
		if err != nil || !ok {
			return wechatErr(headRow, "", "the summary header has no value line after it: the file is truncated; download the bill again")
		}
		if strings.TrimSpace(lines.line) != "" {
			break
		}
	}
	vals, err := cnSplit(vals, lines.line)
	if err != nil {
		return wechatErr(lines.row, "", "the summary value line is not CSV (%v)", err)
	}
	checks := b.summaryChecks()
	for _, c := range checks {
		if _, ok := names[c.col]; !ok {
			continue
		}
		s := names.get(vals, c.col)
		got, why := cnMinor(s, c.exp, false)
		if why != "" {
			return wechatErr(lines.row, c.col, "%q %s", s, why)
		}
		if got != c.want {
			return wechatErr(lines.row, c.col, "the summary says %s but the rows read add up to %s: the file is truncated or edited; download the bill again",
				s, wxDecimal(c.want, c.exp))
		}
	}
	return nil
}

type wxCheck struct {
	col  string
	exp  int
	want int64
}

// summaryChecks lists each summary column with the value the rows give;
// old-format bills name some totals differently, so both names are listed.
func (b *wxBill) summaryChecks() []wxCheck {
	exp := b.cur.Exponent()
	if b.fund {
		return []wxCheck{
			{"资金流水总笔数", 0, int64(b.rows)}, {"收入笔数", 0, int64(b.inRows)}, {"支出笔数", 0, int64(b.outRows)},
			{"收入金额", exp, b.sums["收入金额"]}, {"支出金额", exp, b.sums["支出金额"]},
		}
	}
	settled := b.sums["应结订单总金额"] // summed from settleColumn
	checks := []wxCheck{
		{"总交易单数", 0, int64(b.rows)}, {"总交易单", 0, int64(b.rows)},
		{"退款总金额", exp, b.sums["退款总金额"]}, {"总退款金额", exp, b.sums["退款总金额"]},
		{"手续费总金额", wxFeeExp, b.sums["手续费总金额"]},
	}
	if b.ix.has(wxSettle) {
		return append(checks, wxCheck{"应结订单总金额", exp, settled})
	}
	// Old format: the order amount is what settles, so its total is checked.
	return append(checks, wxCheck{"订单总金额", exp, settled}, wxCheck{"总交易额", exp, settled})
}

// wxDecimal writes v units of 10^-exp as a decimal.
func wxDecimal(v int64, exp int) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatInt(v, 10)
	if exp > 0 {
		for len(s) <= exp {
			s = "0" + s
		}
		s = s[:len(s)-exp] + "." + s[len(s)-exp:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
