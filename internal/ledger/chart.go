package ledger

// DefaultChart is the chart of accounts a new deployment starts with: the
// accounts of the Chinese Accounting Standards for Business Enterprises that
// an e-commerce merchant posts to. Merchants add sub-accounts (e.g. 1122.01
// for one platform's receivable) through the API.
func DefaultChart() []Account {
	return []Account{
		{Code: "1001", NameZH: "库存现金", NameEN: "Cash on hand", Class: Asset, NormalSide: Debit},
		{Code: "1002", NameZH: "银行存款", NameEN: "Bank deposits", Class: Asset, NormalSide: Debit},
		{Code: "1002.91", NameZH: "银行存款-汇兑调整", NameEN: "Bank deposits: FX revaluation (docs/adr/0051)", Class: Asset, NormalSide: Debit},
		{Code: "1012", NameZH: "其他货币资金", NameEN: "Other monetary funds (Alipay, WeChat Pay, platform wallets)", Class: Asset, NormalSide: Debit},
		{Code: "1122", NameZH: "应收账款", NameEN: "Accounts receivable (platform receivable)", Class: Asset, NormalSide: Debit},
		// B2B customers' receivables (docs/adr/0051), apart from 1122,
		// which holds only order-sourced platform receivables (I7).
		{Code: "1122.90", NameZH: "应收账款-B2B客户", NameEN: "Accounts receivable: B2B customers", Class: Asset, NormalSide: Debit},
		// Period-end revaluation of foreign-currency receivables and
		// payables, in the entity's currency, reversed the next period.
		{Code: "1122.91", NameZH: "应收账款-汇兑调整", NameEN: "Accounts receivable: FX revaluation", Class: Asset, NormalSide: Debit},
		{Code: "1123", NameZH: "预付账款", NameEN: "Prepayments", Class: Asset, NormalSide: Debit},
		{Code: "1221", NameZH: "其他应收款", NameEN: "Other receivables (deposits, platform guarantees)", Class: Asset, NormalSide: Debit},
		// Sub-accounts of 1221 for settlement reconciliation
		// (docs/adr/0045-reconciliation.md), apart from 1221 itself, which
		// the inter-company check holds to netting across the group.
		{Code: "1221.01", NameZH: "其他应收款-结算差异", NameEN: "Other receivables: settlement differences under review", Class: Asset, NormalSide: Debit},
		{Code: "1221.02", NameZH: "其他应收款-平台保证金", NameEN: "Other receivables: funds held back by platforms (reserves)", Class: Asset, NormalSide: Debit},
		{Code: "1402", NameZH: "在途物资", NameEN: "Goods in transit", Class: Asset, NormalSide: Debit},
		{Code: "1405", NameZH: "库存商品", NameEN: "Inventory (merchandise)", Class: Asset, NormalSide: Debit},
		{Code: "1406", NameZH: "发出商品", NameEN: "Goods shipped, revenue not yet recognised", Class: Asset, NormalSide: Debit},
		{Code: "2202", NameZH: "应付账款", NameEN: "Accounts payable", Class: Liability, NormalSide: Credit},
		{Code: "2202.91", NameZH: "应付账款-汇兑调整", NameEN: "Accounts payable: FX revaluation", Class: Liability, NormalSide: Credit},
		{Code: "2203", NameZH: "预收账款", NameEN: "Advances from customers (contract liabilities)", Class: Liability, NormalSide: Credit},
		{Code: "2211", NameZH: "应付职工薪酬", NameEN: "Employee benefits payable", Class: Liability, NormalSide: Credit},
		{Code: "2221", NameZH: "应交税费", NameEN: "Taxes payable (output VAT)", Class: Liability, NormalSide: Credit},
		{Code: "2241", NameZH: "其他应付款", NameEN: "Other payables", Class: Liability, NormalSide: Credit},
		{Code: "4001", NameZH: "实收资本", NameEN: "Paid-in capital", Class: Equity, NormalSide: Credit},
		{Code: "4103", NameZH: "本年利润", NameEN: "Profit for the year", Class: Equity, NormalSide: Credit},
		{Code: "4104", NameZH: "利润分配", NameEN: "Profit distribution", Class: Equity, NormalSide: Credit},
		{Code: "6001", NameZH: "主营业务收入", NameEN: "Main operating revenue", Class: ProfitLoss, NormalSide: Credit},
		{Code: "6051", NameZH: "其他业务收入", NameEN: "Other operating revenue", Class: ProfitLoss, NormalSide: Credit},
		{Code: "6301", NameZH: "营业外收入", NameEN: "Non-operating income", Class: ProfitLoss, NormalSide: Credit},
		{Code: "6401", NameZH: "主营业务成本", NameEN: "Cost of goods sold", Class: ProfitLoss, NormalSide: Debit},
		{Code: "6402", NameZH: "其他业务成本", NameEN: "Other operating costs", Class: ProfitLoss, NormalSide: Debit},
		{Code: "6403", NameZH: "税金及附加", NameEN: "Taxes and surcharges", Class: ProfitLoss, NormalSide: Debit},
		{Code: "6601", NameZH: "销售费用", NameEN: "Selling expenses (platform commission, marketing, shipping)", Class: ProfitLoss, NormalSide: Debit},
		{Code: "6602", NameZH: "管理费用", NameEN: "Administrative expenses", Class: ProfitLoss, NormalSide: Debit},
		{Code: "6603", NameZH: "财务费用", NameEN: "Financial expenses (payment fees, FX)", Class: ProfitLoss, NormalSide: Debit},
		{Code: "6711", NameZH: "营业外支出", NameEN: "Non-operating expenses", Class: ProfitLoss, NormalSide: Debit},
	}
}
