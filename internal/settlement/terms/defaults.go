package terms

import "github.com/fnshub/fnshub/internal/money"

// platformDefault is what the hub assumes of a platform's contract until
// the merchant saves theirs. They are typical published terms, rounded,
// meant to make a first reconciliation readable — not any merchant's
// contract, which is why the API flags them "default": true.
type platformDefault struct {
	commission string
	cycle      int // days from shipment (else payment) to the payout
	grace      int
	known      []string
}

// defaults by channel (the shop's channel id):
//
//   - amazon: settlement reports every ~14 days (SP-API Reports docs);
//     referral fee 15%, the most common category rate; FBA fees per unit.
//   - shopify: Shopify Payments pays out on a 2 business-day schedule in
//     most countries; no commission, the processing fee is a charge fee.
//   - tmall / taobao: Alipay releases on buyer confirmation (auto after
//     ~10 days of delivery), so ~15 days from shipment; Tmall's 技术服务费
//     is category-dependent, 5% is a common rate; Taobao has none.
//   - jd, douyin, pdd: weekly-ish settlement after confirmation; 5%, 5%,
//     0.6% (PDD charges only the payment fee).
//   - anything else: a 7-day cycle, no commission.
var defaults = map[string]platformDefault{
	"amazon":  {commission: "0.15", cycle: 14, grace: 3, known: []string{"FBAPerUnitFulfillmentFee", "ShippingChargeback", "Storage Fee", "Subscription Fee"}},
	"shopify": {commission: "0", cycle: 2, grace: 2, known: []string{"charge_fee", "refund_fee", "adjustment_fee"}},
	"tmall":   {commission: "0.05", cycle: 15, grace: 3, known: []string{"天猫佣金", "技术服务费", "花呗手续费"}},
	"taobao":  {commission: "0", cycle: 15, grace: 3, known: []string{"花呗手续费", "淘宝客佣金"}},
	"jd":      {commission: "0.05", cycle: 7, grace: 3, known: []string{"平台使用费", "佣金"}},
	"douyin":  {commission: "0.05", cycle: 7, grace: 3, known: []string{"技术服务费", "达人佣金"}},
	"pdd":     {commission: "0.006", cycle: 7, grace: 3, known: []string{"技术服务费"}},
}

var fallback = platformDefault{commission: "0", cycle: 7, grace: 3}

// DefaultContract is the assumed contract of a shop on channel that has
// none saved, flagged Default.
func DefaultContract(shop, channel string) Contract {
	d, ok := defaults[channel]
	if !ok {
		d = fallback
	}
	return Contract{Shop: shop, Default: true, Commission: money.MustRate(d.commission), FeeRates: map[string]money.Rate{},
		KnownFees: append([]string(nil), d.known...), CycleDays: d.cycle, GraceDays: d.grace, FeeTolerance: 1}
}
