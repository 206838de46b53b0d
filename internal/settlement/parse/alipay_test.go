package parse

import (
	"reflect"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/settlement"
)

func alipayTradeZip(t testing.TB) []byte {
	return cnZip(t, map[string][]byte{
		"20880000000000000156_20240116_业务明细.csv":     cnGBK(t, cnRead(t, "alipay_trade.csv")),
		"20880000000000000156_20240116_业务明细(汇总).csv": cnGBK(t, cnRead(t, "alipay_trade_summary.csv")),
	}, true)
}

func TestAlipay_tradeZipGolden(t *testing.T) {
	s, err := cnParse(t, "alipay", alipayTradeZip(t), settlement.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cnCheckLines(t, s)
	cnGolden(t, "alipay_trade", s)
}

// The same bill as a lone UTF-8 CSV reads the same as inside the GBK ZIP.
func TestAlipay_tradeCSVMatchesZip(t *testing.T) {
	fromZip, err := cnParse(t, "alipay", alipayTradeZip(t), settlement.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fromCSV, err := cnParse(t, "alipay", cnRead(t, "alipay_trade.csv"), settlement.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromZip, fromCSV) {
		t.Fatalf("CSV and ZIP differ:\n%+v\n%+v", fromCSV.lines, fromZip.lines)
	}
}

// The trade lines of a row add up to 商家实收 + 服务费 + 分润, what reached
// the balance.
func TestAlipay_tradeLinesSumToBalanceMovement(t *testing.T) {
	s, err := cnParse(t, "alipay", cnRead(t, "alipay_trade.csv"), settlement.Options{})
	if err != nil {
		t.Fatal(err)
	}
	perRow := map[int]int64{}
	for _, l := range s.lines {
		perRow[l.Row] += l.Amount.Minor()
	}
	want := map[int]int64{6: 9000 - 54, 7: 5000 - 30, 8: 7200 - 43 - 100, 9: -4050 + 27}
	if !reflect.DeepEqual(perRow, want) {
		t.Fatalf("per-row sums %v, want %v", perRow, want)
	}
}

func TestAlipay_signcustomerGBKGolden(t *testing.T) {
	s, err := cnParse(t, "alipay", cnGBK(t, cnRead(t, "alipay_signcustomer.csv")), settlement.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cnCheckLines(t, s)
	cnGolden(t, "alipay_signcustomer", s)
}

func TestAlipay_signcustomerInZip(t *testing.T) {
	data := cnZip(t, map[string][]byte{"20880000000000000156_20240116_账务明细.csv": cnGBK(t, cnRead(t, "alipay_signcustomer.csv"))}, true)
	s, err := cnParse(t, "alipay", data, settlement.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.lines) != 6 || s.lines[3].Kind != settlement.Transfer || s.lines[3].Amount.Minor() != -100000 {
		t.Fatalf("got %+v", s.lines)
	}
}

func TestAlipay_optionsCurrencyAndZone(t *testing.T) {
	s, err := cnParse(t, "alipay", cnRead(t, "alipay_trade.csv"), settlement.Options{Currency: "HKD"})
	if err != nil {
		t.Fatal(err)
	}
	if s.payouts[0].Currency != "HKD" || s.lines[0].Amount.Currency() != "HKD" {
		t.Fatalf("currency not taken from the options: %+v", s.payouts[0])
	}
	if _, off := s.lines[0].PostedAt.Zone(); off != 8*3600 {
		t.Fatalf("time not in Asia/Shanghai: %v", s.lines[0].PostedAt)
	}
}

func TestAlipay_errors(t *testing.T) {
	trade := string(cnRead(t, "alipay_trade.csv"))
	sign := string(cnRead(t, "alipay_signcustomer.csv"))
	lines := strings.SplitAfter(trade, "\n")
	cases := []struct {
		name     string
		data     string
		row      int
		col, why string
	}{
		{"truncated", strings.Join(lines[:8], ""), 8, "", "truncated"},
		{"count mismatch", strings.Replace(trade, "交易合计：3笔", "交易合计：4笔", 1), 11, "", "#交易合计 says 4 rows but 3"},
		{"refund count mismatch", strings.Replace(trade, "退款合计：1笔", "退款合计：0笔", 1), 12, "", "#退款合计 says 0"},
		{"bad amount", strings.Replace(trade, ",100.00,90.00,", ",100.0x,90.00,", 1), 6, "订单金额(元)", "not a decimal"},
		{"too many decimals", strings.Replace(trade, ",-0.54,", ",-0.545,", 1), 6, "服务费(元)", "never rounded"},
		{"bad time", strings.Replace(trade, "2024-01-16 10:55:23", "16/01/2024", 1), 6, "完成时间", "not a time"},
		{"no trade id", strings.Replace(trade, "2024011622001458860500000002\t,", "\t,", 1), 7, "支付宝交易号", "empty"},
		{"no header lines", strings.Join(lines[3:], ""), 2, "", "账号"},
		{"missing column", strings.Replace(trade, "服务费（元）", "手续费（元）", 1), 5, "服务费(元)", "lacks the column"},
		{"unknown header", "#账号：[1]\na,b,c\n1,2,3\n", 2, "", "neither"},
		{"no header at all", "#账号：[1]\n", 1, "", "no column header"},
		{"bad period", strings.Replace(trade, "2024年01月16日 00:00:00]", "yesterday]", 1), 3, "起始日期", "period"},
		{"row after the end", strings.Replace(trade, "#交易合计", lines[6]+"#交易合计", 1), 11, "", "after the #"},
		{"both directions", strings.Replace(sign, "90.00,0.00,1090.00", "90.00,-1.00,1090.00", 1), 6, "收入金额(+元)", "both"},
		{"no flow id", strings.Replace(sign, "20240116000100000001\t,", "\t,", 1), 6, "账务流水号", "empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := cnParse(t, "alipay", []byte(c.data), settlement.Options{})
			cnWantParseError(t, err, c.row, c.col, c.why)
		})
	}
}

func TestAlipay_zipErrors(t *testing.T) {
	both := cnZip(t, map[string][]byte{
		"x_业务明细.csv": cnGBK(t, cnRead(t, "alipay_trade.csv")),
		"x_账务明细.csv": cnGBK(t, cnRead(t, "alipay_signcustomer.csv")),
	}, true)
	_, err := cnParse(t, "alipay", both, settlement.Options{})
	cnWantParseError(t, err, 0, "", "same money twice")

	none := cnZip(t, map[string][]byte{"x_业务明细(汇总).csv": cnGBK(t, cnRead(t, "alipay_trade_summary.csv"))}, false)
	_, err = cnParse(t, "alipay", none, settlement.Options{})
	cnWantParseError(t, err, 0, "", "no 业务明细")

	_, err = cnParse(t, "alipay", []byte("PK\x03\x04garbage"), settlement.Options{})
	cnWantParseError(t, err, 0, "", "cannot be opened")

	bad := cnZip(t, map[string][]byte{"x_业务明细.csv": []byte(strings.Replace(string(cnRead(t, "alipay_trade.csv")), "交易合计：3笔", "交易合计：9笔", 1))}, false)
	_, err = cnParse(t, "alipay", bad, settlement.Options{})
	cnWantParseError(t, err, 11, "", "x_业务明细.csv: #交易合计 says 9")
}
