package parse

import (
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/settlement"
)

func TestWechatPay_golden(t *testing.T) {
	for _, name := range []string{"wechat_all", "wechat_success", "wechat_refund", "wechat_old", "wechat_fund"} {
		t.Run(name, func(t *testing.T) {
			s, err := cnParse(t, "wechatpay", cnRead(t, name+".csv"), settlement.Options{})
			if err != nil {
				t.Fatal(err)
			}
			cnCheckLines(t, s)
			cnGolden(t, name, s)
		})
	}
}

// Fees have five decimals and are rounded per row, half away from zero;
// a refund row's negative 手续费 is the fee given back: a positive line.
func TestWechatPay_feeRounding(t *testing.T) {
	s, err := cnParse(t, "wechatpay", cnRead(t, "wechat_all.csv"), settlement.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fees := map[int]int64{}
	for _, l := range s.lines {
		if l.Kind == settlement.Fee {
			fees[l.Row] = l.Amount.Minor()
		}
	}
	want := map[int]int64{2: -6, 3: -60, 4: 6, 5: -1} // 0.05940, 0.60000, −0.05940, 0.00500
	for row, v := range want {
		if fees[row] != v {
			t.Errorf("row %d fee %d fen, want %d", row, fees[row], v)
		}
	}
	if len(fees) != len(want) {
		t.Errorf("fee lines on rows %v, want %v (no line for a zero fee)", fees, want)
	}
}

func TestCNMinor_rounding(t *testing.T) {
	for in, want := range map[string]int64{"0.00500": 1, "0.00499": 0, "-0.00500": -1, "-0.05940": -6, "1.23456": 123, "1.235": 124, "7": 700, "+0.5": 50} {
		got, why := cnMinor(in, 2, true)
		if why != "" || got != want {
			t.Errorf("cnMinor(%q) = %d %q, want %d", in, got, why, want)
		}
	}
	for _, in := range []string{"", "-", ".", "1.2.3", "1e5", "12a", "99999999999999999999"} {
		if _, why := cnMinor(in, 2, true); why == "" {
			t.Errorf("cnMinor(%q) accepted", in)
		}
	}
	if _, why := cnMinor("1.234", 2, false); why == "" {
		t.Error("cnMinor rounded without being asked to")
	}
}

func TestWechatPay_errors(t *testing.T) {
	all := string(cnRead(t, "wechat_all.csv"))
	fund := string(cnRead(t, "wechat_fund.csv"))
	lines := strings.SplitAfter(all, "\n")
	cases := []struct {
		name     string
		data     string
		row      int
		col, why string
	}{
		{"no summary", strings.Join(lines[:4], ""), 4, "", "truncated"},
		{"summary header only", strings.Join(lines[:7], ""), 7, "", "no value line"},
		{"count mismatch", strings.Join(append(append([]string{}, lines[:3]...), lines[4:]...), ""), 7, "总交易单数", "the summary says 5 but the rows read add up to 4"},
		{"fee total", strings.Replace(all, "`0.60500", "`0.60400", 1), 8, "手续费总金额", "0.60500"},
		{"settle total", strings.Replace(all, "`110.73", "`110.74", 1), 8, "应结订单总金额", "110.73"},
		{"bad fee", strings.Replace(all, "`0.05940,`0.60%", "`0.0594x,`0.60%", 1), 2, "手续费", "not a decimal"},
		{"fee too precise", strings.Replace(all, "`0.05940,`0.60%", "`0.059401,`0.60%", 1), 2, "手续费", "never rounded"},
		{"bad time", strings.Replace(all, "`2024-01-16 22:43:59", "`soon", 1), 2, "交易时间", "not a time"},
		{"no order id", strings.Replace(all, "`4200002086202401160745964085", "`", 1), 3, "微信订单号", "empty"},
		{"bad currency", strings.Replace(all, "`CNY,`100.00", "`C1,`100.00", 1), 3, "货币种类", "currency"},
		{"unknown header", "a,b\n`1,`2\n", 1, "", "neither"},
		{"fund direction", strings.Replace(fund, "`收入", "`入账", 1), 2, "收支类型", "neither 收入 nor 支出"},
		{"fund total", strings.Replace(fund, "`509.96", "`509.95", 1), 7, "支出金额", "509.96"},
		{"fund no flow id", strings.Replace(fund, "`1627859777202401160000000001", "`", 1), 3, "资金流水单号", "empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := cnParse(t, "wechatpay", []byte(c.data), settlement.Options{})
			cnWantParseError(t, err, c.row, c.col, c.why)
		})
	}
}
