package parse

import (
	"context"
	"io"

	"github.com/fnshub/fnshub/internal/settlement"
)

// The built-in presets: the generic parser with a fixed mapping, for the
// bills whose columns are documented in public sources. Each cites its
// source. JD (京东) has none: the only public description of its 结算单 /
// 资金流水 (the Kuaimai 智库 京东原始账单明细 page) gives 收支方向 as an
// integer code without saying which value is which, nor how 金额 is
// signed, so a preset would be a guess. They are listed in formats.go.
func presetFormats() []settlement.Format {
	var out []settlement.Format
	for _, p := range []struct {
		name, platform, summary string
		spec                    genericSpec
	}{
		{"douyin", "douyin", "抖店 资金流水明细 (fund-flow detail) export, CSV or .xlsx", douyinSpec()},
		{"pdd", "pdd", "拼多多 货款明细 (merchant balance detail) export, CSV or .xlsx", pddSpec()},
	} {
		spec := p.spec
		out = append(out, settlement.Format{Name: p.name, Platform: p.platform, Summary: p.summary,
			Parse: func(ctx context.Context, r io.Reader, opt settlement.Options, sink settlement.Sink) error {
				return spec.parse(ctx, r, opt, sink)
			}})
	}
	return out
}

// douyinSpec reads the 抖店 资金流水明细: one row per movement of a
// shop account, 动账金额 unsigned with 动账方向 入账 (+) or 出账 (−), keyed
// by the unique 动账流水号, kinds by 动账摘要.
//
// Sources: the column set and the 动账摘要 values as the Kuaimai 智库 docs
// describe the raw Douyin bill (https://open.kuaimai.com/docs/unpublish/智库/抖音原始账单明细,
// …/抖音全球购货款账户资金流水明细: 动账时间, 动账流水号, 动账方向, 动账账户,
// 动账金额, 动账摘要, 订单号, 子订单号); the 入账/出账 reconciliation rule
// (total income = Σ 动账金额 where 动账方向 is 入账) from the Douyin merchant
// guide republished at http://shuaishou.com/school/infos54731.html.
func douyinSpec() genericSpec {
	return genericSpec{format: "douyin", m: settlement.Mapping{
		Name:     "douyin",
		Currency: "CNY",
		Columns: settlement.MappingColumns{
			LineRef: "动账流水号", Type: "动账摘要", OrderRef: "订单号", TxnRef: "子订单号",
			Amount: "动账金额", Direction: "动账方向", PostedAt: "动账时间",
		},
		Signs: map[string]string{"入账": "+", "出账": "-"},
		Kinds: map[string]settlement.Kind{
			"订单结算": settlement.Sale, "部分结算": settlement.Sale, "运费单结算": settlement.Sale,
			"达人带货佣金": settlement.Commission, "达人佣金退款": settlement.Commission,
			"服务费返还": settlement.Fee, "平台补贴扣回": settlement.Adjustment,
			"退款失败退票": settlement.Refund, "极速退款分账": settlement.Refund,
			"结算重复扣款调账": settlement.Adjustment, "保证金退款": settlement.Reserve,
			"提现": settlement.Transfer, "提现退票": settlement.Transfer,
			"小额打款(原因:补差价)": settlement.Adjustment, "小额打款(原因:其他)": settlement.Adjustment,
			"小额打款(原因:商品补偿)": settlement.Adjustment, "小额打款(原因:运费补偿)": settlement.Adjustment,
		},
	}}
}

// pddSpec reads the 拼多多 货款明细: one row per balance movement with
// separate 收入金额 and 支出金额 columns (amount = 收入 − |支出|), the
// 商户订单号 as the order, 账务类型 as the platform's type. The bill has no
// line id, so keys hash the row. Its 账务类型 values are not documented
// publicly, so every line is kind other until a merchant maps them.
//
// Source: the column set as the Kuaimai 智库 docs describe the raw
// Pinduoduo 货款账单 (https://open.kuaimai.com/docs/unpublish/智库/拼多多账单明细 and
// …/拼多多原始账单明细: 商户订单号, 发生时间, 收入金额, 支出金额, 账务类型, 备注, 业务描述).
func pddSpec() genericSpec {
	return genericSpec{format: "pdd", income: "收入金额", expense: "支出金额", m: settlement.Mapping{
		Name:     "pdd",
		Currency: "CNY",
		Columns: settlement.MappingColumns{
			Type: "账务类型", OrderRef: "商户订单号", Amount: "收入金额", PostedAt: "发生时间",
		},
	}}
}
