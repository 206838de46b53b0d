package parse

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/fnshub/fnshub/internal/settlement"
)

// cnGenAmount draws a decimal with two places, sometimes negative.
func cnGenAmount(t *rapid.T, label string) string {
	v := rapid.Int64Range(-99999, 99999).Draw(t, label)
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// genWechatBill draws a 交易账单 with SUCCESS and REFUND rows and its
// true summary.
func genWechatBill(t *rapid.T) string {
	n := rapid.IntRange(1, 30).Draw(t, "rows")
	var b strings.Builder
	b.WriteString("交易时间,商户号,微信订单号,商户订单号,交易状态,货币种类,应结订单金额,微信退款单号,商户退款单号,退款金额,手续费\n")
	var settled, refunded, fees int64
	for i := 0; i < n; i++ {
		// Refunds (several per order, each with its own refund id) point at
		// a few orders, so one order's sale and refunds share a txn id.
		txn := fmt.Sprintf("42%08d", i)
		fee := rapid.Int64Range(-99999, 99999).Draw(t, "fee")
		fees += fee
		feeText := fmt.Sprintf("%.5f", float64(fee)/1e5) // test data only; the parser reads it exactly
		if rapid.Bool().Draw(t, "refund") {
			txn = fmt.Sprintf("42%08d", rapid.IntRange(0, 3).Draw(t, "refunded"))
			amt := rapid.Int64Range(1, 99999).Draw(t, "refundAmt")
			refunded += amt
			fmt.Fprintf(&b, "`2024-01-16 10:00:00,`1627859777,`%s,`o%d,`REFUND,`CNY,`0.00,`503%06d,`R%d,`%d.%02d,`%s\n", txn, i, i, i, amt/100, amt%100, feeText)
			continue
		}
		amt := rapid.Int64Range(0, 99999).Draw(t, "saleAmt")
		settled += amt
		fmt.Fprintf(&b, "`2024-01-16 10:00:00,`1627859777,`%s,`o%d,`SUCCESS,`CNY,`%d.%02d,`0,`0,`0.00,`%s\n", txn, i, amt/100, amt%100, feeText)
	}
	fmt.Fprintf(&b, "总交易单数,应结订单总金额,退款总金额,手续费总金额\n`%d,`%s,`%s,`%s\n", n, wxDecimal(settled, 2), wxDecimal(refunded, 2), wxDecimal(fees, 5))
	return b.String()
}

// genAlipayTrade draws a 业务明细 with sales and partial refunds (each
// with its own 退款批次号) of a few of them, and its true footer.
func genAlipayTrade(t *rapid.T) string {
	n := rapid.IntRange(1, 30).Draw(t, "rows")
	var b strings.Builder
	b.WriteString("#账号：[2088]\n#起始日期：[2024年01月16日 00:00:00]   终止日期：[2024年01月17日 00:00:00]\n#---业务明细列表---\n")
	b.WriteString("支付宝交易号,商户订单号,业务类型,完成时间,订单金额(元),商家实收(元),退款批次号/请求号,服务费(元),分润(元)\n")
	sales, refunds := 0, 0
	for i := 0; i < n; i++ {
		gross := rapid.Int64Range(1, 99999).Draw(t, "gross")
		disc := rapid.Int64Range(0, gross).Draw(t, "discount")
		fee := rapid.Int64Range(0, 999).Draw(t, "fee")
		if i > 0 && rapid.Bool().Draw(t, "refund") {
			refunds++
			txn := rapid.IntRange(0, i-1).Draw(t, "refunded")
			fmt.Fprintf(&b, "T%d\t,T200P%d\t,退款\t,2024-01-16 12:00:00,%s,%s,B%d\t,%s,0.00\n", txn, txn,
				wxDecimal(-gross, 2), wxDecimal(-(gross-disc), 2), i, wxDecimal(fee, 2))
			continue
		}
		sales++
		fmt.Fprintf(&b, "T%d\t,T200P%d\t,交易\t,2024-01-16 10:00:00,%s,%s,\t,%s,0.00\n", i, i,
			wxDecimal(gross, 2), wxDecimal(gross-disc, 2), wxDecimal(-fee, 2))
	}
	fmt.Fprintf(&b, "#---业务明细列表结束---\n#交易合计：%d笔\n#退款合计：%d笔\n", sales, refunds)
	return b.String()
}

// genGenericCSV draws a CSV with deliberately repeated rows and no line id.
func genGenericCSV(t *rapid.T) string {
	n := rapid.IntRange(1, 40).Draw(t, "rows")
	var b strings.Builder
	b.WriteString("日期,类型,方向,金额\n")
	for i := 0; i < n; i++ {
		day := rapid.IntRange(1, 3).Draw(t, "day")
		typ := rapid.SampledFrom([]string{"货款", "佣金", "提现", "其他"}).Draw(t, "type")
		dir := rapid.SampledFrom([]string{"收入", "支出"}).Draw(t, "dir")
		fmt.Fprintf(&b, "2024-01-0%d,%s,%s,%s\n", day, typ, dir, strings.TrimPrefix(cnGenAmount(t, "amt"), "-"))
	}
	return b.String()
}

func cnKeys(s *cnSink) []string {
	out := make([]string, len(s.lines))
	for i, l := range s.lines {
		out[i] = l.Key
	}
	return out
}

// Keys are unique within a file and the same on every parse of it.
func TestProperty_keysUniqueAndStable(t *testing.T) {
	m := settlement.Mapping{Name: "p", Currency: "CNY",
		Columns: settlement.MappingColumns{PostedAt: "日期", Type: "类型", Direction: "方向", Amount: "金额"},
		Kinds:   map[string]settlement.Kind{"货款": settlement.Sale, "佣金": settlement.Commission},
		Signs:   map[string]string{"收入": "+", "支出": "-"}}
	gens := map[string]struct {
		gen func(*rapid.T) string
		opt settlement.Options
	}{
		"wechatpay": {genWechatBill, settlement.Options{}},
		"alipay":    {genAlipayTrade, settlement.Options{}},
		"generic":   {genGenericCSV, settlement.Options{Mapping: &m}},
	}
	for format, g := range gens {
		t.Run(format, func(t *testing.T) {
			rapid.Check(t, func(rt *rapid.T) {
				data := []byte(g.gen(rt))
				first, err := cnParse(t, format, data, g.opt)
				if err != nil {
					rt.Fatalf("a well-formed bill was refused: %v\n%s", err, data)
				}
				cnCheckLines(rt, first)
				again, err := cnParse(t, format, data, g.opt)
				if err != nil || !reflect.DeepEqual(cnKeys(first), cnKeys(again)) {
					rt.Fatalf("keys changed between parses: %v", err)
				}
			})
		})
	}
}
