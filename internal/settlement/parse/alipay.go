package parse

import (
	"archive/zip"
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
)

var alipayBill = settlement.Format{
	Name:    "alipay",
	Summary: "支付宝 merchant bill: the downloaded ZIP, or one 业务明细 (trade) or 账务明细 (signcustomer) CSV, GBK or UTF-8",
	Parse:   parseAlipay,
}

const alipayName = "alipay"

// The header names (normalised: ASCII parentheses) the Alipay parser reads.
const (
	apTradeNo     = "支付宝交易号"
	apOutTradeNo  = "商户订单号"
	apBizType     = "业务类型"
	apCreated     = "创建时间"
	apFinished    = "完成时间"
	apOrderAmount = "订单金额(元)"
	apReceived    = "商家实收(元)"
	apRefundBatch = "退款批次号/请求号"
	apServiceFee  = "服务费(元)"
	apShare       = "分润(元)"

	apFlowNo   = "账务流水号"
	apBizNo    = "业务流水号"
	apPostedAt = "发生时间"
	apIncome   = "收入金额(+元)"
	apExpense  = "支出金额(-元)"
)

func alipayErr(file string, row int, col, format string, args ...any) error {
	reason := fmt.Sprintf(format, args...)
	if file != "" {
		reason = file + ": " + reason
	}
	return &settlement.ParseError{Format: alipayName, Row: row, Column: col, Reason: reason}
}

// parseAlipay reads the bill ZIP (spooled to a temporary file, as a ZIP
// needs random access) or a single CSV.
func parseAlipay(ctx context.Context, r io.Reader, opt settlement.Options, sink settlement.Sink) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if head, _ := br.Peek(4); string(head) == "PK\x03\x04" {
		return alipayZip(ctx, br, opt, sink)
	}
	return alipayCSV(ctx, "", br, opt, sink)
}

// alipayZip reads the detail CSVs of a bill ZIP and skips its 汇总
// (summary) files. A ZIP holding both a 业务明细 and a 账务明细 is refused:
// the two describe the same money from two sides, and importing both
// would count every sale twice.
func alipayZip(ctx context.Context, r io.Reader, opt settlement.Options, sink settlement.Sink) error {
	tmp, err := os.CreateTemp("", "fnshub-alipay-*.zip")
	if err != nil {
		return err
	}
	defer func() { _ = tmp.Close(); _ = os.Remove(tmp.Name()) }()
	size, err := io.Copy(tmp, r)
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(tmp, size)
	if err != nil {
		return alipayErr("", 0, "", "the file starts like a ZIP but cannot be opened (%v); upload the bill ZIP as downloaded", err)
	}
	details := alipayDetailFiles(zr)
	if len(details) == 0 {
		return alipayErr("", 0, "", "the ZIP holds no 业务明细 or 账务明细 CSV; upload the bill ZIP as downloaded from Alipay")
	}
	if len(details) > 1 {
		return alipayErr("", 0, "", "the ZIP holds %d detail files (%s); they describe the same money twice, so upload each bill on its own", len(details), strings.Join(alipayNames(details), ", "))
	}
	f := details[0]
	rc, err := f.Open()
	if err != nil {
		return alipayErr(alipayZipName(f), 0, "", "cannot be read from the ZIP: %v", err)
	}
	defer rc.Close()
	return alipayCSV(ctx, alipayZipName(f), rc, opt, sink)
}

func alipayDetailFiles(zr *zip.Reader) []*zip.File {
	var out []*zip.File
	for _, f := range zr.File {
		name := alipayZipName(f)
		if strings.Contains(name, "汇总") || !strings.HasSuffix(strings.ToLower(name), ".csv") {
			continue
		}
		if strings.Contains(name, "业务明细") || strings.Contains(name, "账务明细") {
			out = append(out, f)
		}
	}
	return out
}

func alipayNames(fs []*zip.File) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = alipayZipName(f)
	}
	return out
}

// alipayZipName returns a member's name as text: Alipay's ZIPs store GBK
// names without the UTF-8 flag.
func alipayZipName(f *zip.File) string {
	if utf8.ValidString(f.Name) {
		return f.Name
	}
	if s, err := simplifiedchinese.GB18030.NewDecoder().String(f.Name); err == nil {
		return s
	}
	return f.Name
}

// alipayState is what one CSV's # lines said and what its rows added up to.
type alipayState struct {
	file             string
	account          string
	start, end       time.Time
	listOpen, closed bool
	kind             string // "trade" or "signcustomer", from the column header
	ix               cnIndex
	payout           string
	counted          map[string]int // rows counted per footer word (交易, 退款, 收入, 支出)
	footer           map[string]int // the N of each "#<word>合计：N笔" line
	footerRow        map[string]int
	cur              money.Currency
	loc              *time.Location
}

func alipayCSV(ctx context.Context, file string, r io.Reader, opt settlement.Options, sink settlement.Sink) error {
	st := &alipayState{file: file, counted: map[string]int{}, footer: map[string]int{}, footerRow: map[string]int{},
		cur: opt.Currency, loc: opt.Loc()}
	if st.cur == "" {
		st.cur = "CNY"
	}
	if !st.cur.Valid() {
		return alipayErr(file, 0, "", "unknown currency %q in the import options", st.cur)
	}
	lines := newCNLines(cnDecode(r))
	var rec []string
	for {
		ok, err := lines.next()
		if err != nil {
			return alipayErr(file, lines.row+1, "", "cannot be read: %v", err)
		}
		if !ok {
			break
		}
		if lines.row%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		line := lines.line
		if strings.HasPrefix(line, "#") {
			if err := st.comment(line, lines.row); err != nil {
				return err
			}
			continue
		}
		if cnBlank(line) {
			continue
		}
		if rec, err = cnSplit(rec, line); err != nil {
			return alipayErr(file, lines.row, "", "is not a CSV row (%v)", err)
		}
		if st.ix == nil {
			if err := st.header(rec, lines.row, sink); err != nil {
				return err
			}
			continue
		}
		if st.closed {
			return alipayErr(file, lines.row, "", "a detail row after the #…列表结束 line; upload the bill as downloaded")
		}
		if err := st.row(rec, line, lines.row, sink); err != nil {
			return err
		}
	}
	return st.finish(lines.row)
}

// comment reads the # header and footer lines: the account, the period,
// the list markers and the 合计 counts.
func (st *alipayState) comment(line string, row int) error {
	body := strings.TrimPrefix(line, "#")
	switch {
	case strings.HasPrefix(body, "账号"):
		st.account = alipayBracket(body)
	case strings.HasPrefix(body, "起始日期"):
		start, end, ok := alipayPeriod(body, st.loc)
		if !ok {
			return alipayErr(st.file, row, "起始日期", "the period %q is not 起始日期：[yyyy年MM月dd日 HH:mm:ss] 终止日期：[…]", body)
		}
		st.start, st.end = start, end
	case strings.Contains(body, "列表结束"):
		st.closed = true
	case strings.Contains(body, "列表"):
		st.listOpen = true
	case strings.Contains(body, "合计"):
		word, n, ok := alipayFooterCount(body)
		if ok {
			st.footer[word], st.footerRow[word] = n, row
		}
	}
	return nil
}

// alipayBracket returns the text between the first [ and ], or after the colon.
func alipayBracket(s string) string {
	if i := strings.IndexByte(s, '['); i >= 0 {
		if j := strings.IndexByte(s[i:], ']'); j > 0 {
			return strings.TrimSpace(s[i+1 : i+j])
		}
	}
	if i := strings.Index(s, "："); i >= 0 {
		return strings.TrimSpace(s[i+len("："):])
	}
	return ""
}

// alipayPeriod reads "起始日期：[2024年01月16日 00:00:00]   终止日期：[2024年01月17日 00:00:00]".
func alipayPeriod(s string, loc *time.Location) (time.Time, time.Time, bool) {
	i := strings.Index(s, "终止日期")
	if i < 0 {
		return time.Time{}, time.Time{}, false
	}
	start, ok1 := cnTime(alipayBracket(s[:i]), loc, "")
	end, ok2 := cnTime(alipayBracket(s[i:]), loc, "")
	return start, end, ok1 && ok2
}

// alipayFooterCount reads "交易合计：3笔，商家实收共…" as ("交易", 3).
func alipayFooterCount(s string) (string, int, bool) {
	i := strings.Index(s, "合计")
	rest := strings.TrimPrefix(strings.TrimPrefix(s[i+len("合计"):], "："), ":")
	j := strings.Index(rest, "笔")
	if i <= 0 || j <= 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(rest[:j]))
	return s[:i], n, err == nil
}

// header recognises the bill by its column header and sends the payout.
func (st *alipayState) header(rec []string, row int, sink settlement.Sink) error {
	ix := newCNIndex(rec)
	switch {
	case ix.has(apTradeNo, apBizType, apOrderAmount, apReceived):
		st.kind = "trade"
		for _, c := range []string{apOutTradeNo, apFinished, apRefundBatch, apServiceFee} {
			if !ix.has(c) {
				return alipayErr(st.file, row, c, "the 业务明细 header lacks the column; upload the bill as downloaded")
			}
		}
	case ix.has(apFlowNo, apIncome, apExpense, apBizType):
		st.kind = "signcustomer"
		for _, c := range []string{apBizNo, apOutTradeNo, apPostedAt} {
			if !ix.has(c) {
				return alipayErr(st.file, row, c, "the 账务明细 header lacks the column; upload the bill as downloaded")
			}
		}
	default:
		return alipayErr(st.file, row, "", "neither a 业务明细 header (支付宝交易号, 业务类型, 订单金额（元）, 商家实收（元）…) nor a 账务明细 header (账务流水号, 收入金额（+元）, 支出金额（-元）…)")
	}
	if st.account == "" || st.start.IsZero() {
		return alipayErr(st.file, row, "", "the # header with 账号 and 起始日期/终止日期 is missing before the columns; upload the bill as downloaded, header lines included")
	}
	st.ix = ix
	st.payout = "alipay:" + st.account + ":" + st.start.Format("20060102") + "-" + st.end.Format("20060102")
	return sink.Payout(settlement.Payout{Ref: st.payout, Currency: st.cur, Start: st.start, End: st.end, Row: row})
}

func (st *alipayState) row(rec []string, raw string, row int, sink settlement.Sink) error {
	if st.kind == "trade" {
		return st.tradeRow(rec, raw, row, sink)
	}
	return st.signRow(rec, raw, row, sink)
}

// amount reads a column as an exact amount in the bill's currency.
func (st *alipayState) amount(rec []string, col string, row int, required bool) (money.Amount, error) {
	s := st.ix.get(rec, col)
	if s == "" && !required {
		return money.Zero(st.cur), nil
	}
	v, why := cnMinor(s, st.cur.Exponent(), false)
	if why != "" {
		return money.Amount{}, alipayErr(st.file, row, col, "%q %s", s, why)
	}
	return money.New(v, st.cur), nil
}

// tradeRow turns one 业务明细 row into the lines whose sum is what reached
// the merchant's balance:
//
//	sale (交易) or refund (退款)  = 订单金额            the buyer's whole order, signed as the bill signs it
//	promotion                     = 商家实收 − 订单金额  the merchant-funded discounts (商家优惠, 商家红包…)
//	fee                           = 服务费              negative when charged, positive when refunded
//	commission                    = 分润                the profit share, signed as 服务费 is
//
// so sale + promotion = 商家实收, and 商家实收 + 服务费 + 分润 is the
// balance movement. Alipay-funded discounts (支付宝红包, 集分宝, 支付宝优惠)
// are inside 商家实收: Alipay pays them to the merchant, so they are no
// deduction and get no line. A promotion line exists only when 订单金额
// and 商家实收 differ; zero fee and share lines are left out.
func (st *alipayState) tradeRow(rec []string, raw string, row int, sink settlement.Sink) error {
	txn := st.ix.get(rec, apTradeNo)
	if txn == "" {
		return alipayErr(st.file, row, apTradeNo, "is empty; every 业务明细 row carries the Alipay transaction id")
	}
	bizType := st.ix.get(rec, apBizType)
	gross, err := st.amount(rec, apOrderAmount, row, true)
	if err != nil {
		return err
	}
	received, err := st.amount(rec, apReceived, row, true)
	if err != nil {
		return err
	}
	fee, err := st.amount(rec, apServiceFee, row, false)
	if err != nil {
		return err
	}
	share, err := st.amount(rec, apShare, row, false)
	if err != nil {
		return err
	}
	at, err := st.when(rec, row, apFinished, apCreated)
	if err != nil {
		return err
	}
	batch := st.ix.get(rec, apRefundBatch)
	kind, counter := settlement.Sale, "交易"
	if bizType == "退款" || batch != "" && gross.Sign() < 0 {
		kind, counter = settlement.Refund, "退款"
	}
	st.counted[counter]++
	base := settlement.Line{PayoutRef: st.payout, Type: bizType, OrderRef: cnStripTaobao(st.ix.get(rec, apOutTradeNo)),
		TxnRef: txn, PostedAt: at, Row: row, Raw: raw}
	if kind == settlement.Refund {
		base.RefundRef = batch
	}
	keyBase := "alipay:" + txn + ":" + bizType + ":" + batch + ":"
	promo := money.New(received.Minor()-gross.Minor(), st.cur)
	parts := []struct {
		kind settlement.Kind
		part string
		amt  money.Amount
		keep bool
	}{
		{kind, string(kind), gross, true},
		{settlement.Promotion, "promotion", promo, !promo.IsZero()},
		{settlement.Fee, "fee", fee, !fee.IsZero()},
		{settlement.Commission, "share", share, !share.IsZero()},
	}
	for _, p := range parts {
		if !p.keep {
			continue
		}
		l := base
		l.Kind, l.Amount, l.Key = p.kind, p.amt, keyBase+p.part
		if err := sink.Line(l); err != nil {
			return err
		}
	}
	return nil
}

// signRow turns one 账务明细 row (one balance movement) into one line:
// 收入金额 − |支出金额|, as the bill may write the expense signed or not.
func (st *alipayState) signRow(rec []string, raw string, row int, sink settlement.Sink) error {
	flow := st.ix.get(rec, apFlowNo)
	if flow == "" {
		return alipayErr(st.file, row, apFlowNo, "is empty; every 账务明细 row carries its 账务流水号")
	}
	in, err := st.amount(rec, apIncome, row, false)
	if err != nil {
		return err
	}
	out, err := st.amount(rec, apExpense, row, false)
	if err != nil {
		return err
	}
	o := out.Minor()
	if o < 0 {
		o = -o
	}
	if in.Minor() != 0 && o != 0 {
		return alipayErr(st.file, row, apIncome, "both 收入金额 and 支出金额 are set; a balance movement goes one way")
	}
	switch {
	case in.Minor() != 0:
		st.counted["收入"]++
	case o != 0:
		st.counted["支出"]++
	}
	at, err := st.when(rec, row, apPostedAt, "")
	if err != nil {
		return err
	}
	bizType := st.ix.get(rec, apBizType)
	return sink.Line(settlement.Line{
		Key: "alipay:flow:" + flow, PayoutRef: st.payout, Kind: alipayFlowKind(bizType), Type: bizType,
		OrderRef: cnStripTaobao(st.ix.get(rec, apOutTradeNo)), TxnRef: st.ix.get(rec, apBizNo),
		Amount: money.New(in.Minor()-o, st.cur), PostedAt: at, Row: row, Raw: raw,
	})
}

// alipayFlowKind maps a 账务明细 业务类型 to a kind. Transfers between
// Alipay accounts (转账) and top-ups are adjustments; a type this list
// does not know is other, which reconciliation reports.
func alipayFlowKind(t string) settlement.Kind {
	switch {
	case t == "在线支付" || t == "交易付款" || t == "交易收款":
		return settlement.Sale
	case t == "交易退款" || t == "退款":
		return settlement.Refund
	case t == "收费" || strings.Contains(t, "服务费") || strings.Contains(t, "手续费"):
		return settlement.Fee
	case strings.HasPrefix(t, "提现"):
		return settlement.Transfer
	case t == "转账" || t == "充值" || t == "调账":
		return settlement.Adjustment
	}
	return settlement.Other
}

// when reads the row's time from the first non-empty of the columns.
func (st *alipayState) when(rec []string, row int, col, fallback string) (time.Time, error) {
	s := st.ix.get(rec, col)
	if s == "" && fallback != "" {
		col, s = fallback, st.ix.get(rec, fallback)
	}
	t, ok := cnTime(s, st.loc, "")
	if !ok {
		return time.Time{}, alipayErr(st.file, row, col, "%q is not a time such as 2024-01-16 22:43:59", s)
	}
	return t, nil
}

// finish checks the file is whole: the column header was there, an open
// list was closed, and every 合计 count matches the rows read.
func (st *alipayState) finish(lastRow int) error {
	if st.ix == nil {
		return alipayErr(st.file, lastRow, "", "no column header was found; upload a 业务明细 or 账务明细 bill")
	}
	if st.listOpen && !st.closed {
		return alipayErr(st.file, lastRow, "", "the file ends before its #…列表结束 line: it is truncated; download the bill again")
	}
	for _, word := range []string{"交易", "退款", "收入", "支出"} {
		n, ok := st.footer[word]
		if ok && n != st.counted[word] {
			return alipayErr(st.file, st.footerRow[word], "", "#%s合计 says %d rows but %d were read: the file is truncated or edited; download the bill again", word, n, st.counted[word])
		}
	}
	return nil
}
