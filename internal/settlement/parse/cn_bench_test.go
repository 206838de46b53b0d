package parse

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/settlement"
)

// cnCount counts what a parser sends, keeping nothing.
type cnCount struct{ payouts, lines int }

func (c *cnCount) Payout(settlement.Payout) error { c.payouts++; return nil }
func (c *cnCount) Line(settlement.Line) error     { c.lines++; return nil }

const cnBenchRows = 100000

// cnBench parses data b.N times and reports source rows per second.
func cnBench(b *testing.B, format string, data []byte, rows int, opt settlement.Options) {
	fm, _ := Lookup(format)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu0 := cnCPUTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := &cnCount{}
		if err := fm.Parse(context.Background(), bytes.NewReader(data), opt, c); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	// The machine is shared: rows per second of this process's CPU time
	// says what the parser does on a core of its own.
	if cpu := cnCPUTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(rows)*float64(b.N)/cpu.Seconds(), "rows/cpu-s")
	}
}

func cnCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchAlipayTrade() []byte {
	var s strings.Builder
	s.WriteString("#支付宝业务明细查询\n#账号：[20880000000000000156]\n#起始日期：[2024年01月16日 00:00:00]   终止日期：[2024年01月17日 00:00:00]\n#---业务明细列表---\n")
	s.WriteString("支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注\n")
	for i := 0; i < cnBenchRows; i++ {
		fmt.Fprintf(&s, "20240116220014588605%08d\t,T200P39000000%08d\t,交易\t,绿茶 250g\t,2024-01-16 10:55:16,2024-01-16 10:55:23,shop01\t,旗舰店\t,alipay\t,\t,*津水(602***@qq.com)\t,100.00,90.00,0.00,0.00,0.00,10.00,0.00,,0.00\t,0.00,\t,-0.54,0.00,\t\n", i, i)
	}
	fmt.Fprintf(&s, "#---业务明细列表结束---\n#交易合计：%d笔\n", cnBenchRows)
	return []byte(s.String())
}

func BenchmarkAlipay(b *testing.B) {
	data := benchAlipayTrade()
	b.Run("utf8", func(b *testing.B) { cnBench(b, "alipay", data, cnBenchRows, settlement.Options{}) })
	gbk := cnGBK(b, data)
	b.Run("gbk", func(b *testing.B) { cnBench(b, "alipay", gbk, cnBenchRows, settlement.Options{}) })
}

func BenchmarkWechatPay(b *testing.B) {
	var s strings.Builder
	s.WriteString("\ufeff交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\n")
	for i := 0; i < cnBenchRows; i++ {
		fmt.Fprintf(&s, "`2024-01-16 22:43:59,`wx9dfe38480f030e85,`1627859777,`0,`,`42000020862024011607%08d,`17472682297751%06d,`o2RW45oGxo1Z8Fhcf6Oy9rMM7aT8,`NATIVE,`SUCCESS,`OTHERS,`CNY,`9.90,`0.00,`0,`0,`0.00,`0.00,`,`,`绿茶,`,`0.05940,`0.60%%,`9.90,`0.00,`\n", i, i)
	}
	fmt.Fprintf(&s, "总交易单数,应结订单总金额,退款总金额,手续费总金额\n`%d,`%s,`0.00,`%s\n", cnBenchRows, wxDecimal(990*cnBenchRows, 2), wxDecimal(5940*cnBenchRows, 5))
	cnBench(b, "wechatpay", []byte(s.String()), cnBenchRows, settlement.Options{})
}

func benchGenericCSV() []byte {
	var s strings.Builder
	s.WriteString("Payout ID,Line ID,Type,Order,Amount,Currency,Date\n")
	for i := 0; i < cnBenchRows; i++ {
		fmt.Fprintf(&s, "PO-%d,L-%d,order,#%d,\"1.234,56\",EUR,2024-01-16 10:00:00\n", i/1000, i, i)
	}
	return []byte(s.String())
}

func BenchmarkGeneric(b *testing.B) {
	b.Run("csv", func(b *testing.B) { cnBench(b, "generic", benchGenericCSV(), cnBenchRows, genericOpt(eurMapping())) })
	const xrows = 20000
	rows := [][]any{{"结算单号", "明细号", "类型", "订单号", "SKU", "金额", "时间"}}
	for i := 0; i < xrows; i++ {
		rows = append(rows, []any{"S-1", fmt.Sprintf("D-%d", i), "货款", "SO-1", "TEA", "88.00", "2024-01-16 09:00:00"})
	}
	m := xlsxMapping()
	m.Sheet = ""
	x := genericXLSXOneSheet(b, rows)
	b.Run("xlsx", func(b *testing.B) { cnBench(b, "generic", x, xrows, genericOpt(m)) })
}

func BenchmarkDouyin(b *testing.B) {
	var s strings.Builder
	s.WriteString("动账时间,动账流水号,动账方向,动账账户,动账金额,动账摘要,订单号,子订单号,下单时间,商品ID,业务类型\n")
	for i := 0; i < cnBenchRows; i++ {
		fmt.Fprintf(&s, "2024-01-16 10:00:00,732%016d,入账,聚合账户,88.00,订单结算,692%016d,692%016d,2024-01-10 09:00:00,3600000000000000001,小店自卖\n", i, i, i)
	}
	cnBench(b, "douyin", []byte(s.String()), cnBenchRows, settlement.Options{})
}

func BenchmarkPdd(b *testing.B) {
	var s strings.Builder
	s.WriteString("商户订单号,发生时间,收入金额（元）,支出金额（元）,账务类型,备注,业务描述\n")
	for i := 0; i < cnBenchRows; i++ {
		fmt.Fprintf(&s, "240116-%015d,2024-01-16 10:00:00,59.90,0.00,交易收入,,订单号240116-%015d\n", i, i)
	}
	cnBench(b, "pdd", []byte(s.String()), cnBenchRows, settlement.Options{})
}
