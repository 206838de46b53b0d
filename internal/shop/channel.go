package shop

import "strings"

// Channel is a kind of sales channel a shop can be on.
type Channel struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
}

// Channels is the one list of channel kinds, in the order people see
// them. "other" covers a channel fnshub has no kind for yet (a generic
// webhook or CSV import).
var Channels = []Channel{
	{"tmall", "天猫 Tmall"},
	{"taobao", "淘宝 Taobao"},
	{"jd", "京东 JD"},
	{"douyin", "抖音 Douyin"},
	{"kuaishou", "快手 Kuaishou"},
	{"pdd", "拼多多 Pinduoduo"},
	{"shopify", "Shopify"},
	{"woocommerce", "WooCommerce"},
	{"amazon", "Amazon"},
	{"youzan", "有赞 Youzan"},
	{"miniprogram", "微信小程序 WeChat mini-program"},
	{"pos", "门店 POS"},
	{"web", "自建站 Own website"},
	{"other", "其他 Other"},
}

// KnownChannel reports whether kind is one of Channels.
func KnownChannel(kind string) bool {
	for _, c := range Channels {
		if c.Kind == kind {
			return true
		}
	}
	return false
}

// ChannelList names every kind, comma-separated, for error messages.
func ChannelList() string {
	kinds := make([]string, len(Channels))
	for i, c := range Channels {
		kinds[i] = c.Kind
	}
	return strings.Join(kinds, ", ")
}
