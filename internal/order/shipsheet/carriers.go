package shipsheet

import (
	"regexp"
	"strings"
)

// carrierNames maps what staff write in the carrier column to fnshub's
// carrier codes, which the connectors map to each platform's own
// (internal/channel/taobao/carrier.go, internal/channel/shopify/carrier.go).
var carrierNames = map[string]string{
	"顺丰": "SF", "顺丰速运": "SF", "顺丰快递": "SF",
	"圆通": "YTO", "圆通速递": "YTO", "圆通快递": "YTO",
	"中通": "ZTO", "中通快递": "ZTO",
	"申通": "STO", "申通快递": "STO",
	"韵达": "YUNDA", "韵达快递": "YUNDA", "韵达速递": "YUNDA",
	"EMS": "EMS", "邮政": "EMS", "中国邮政": "EMS", "邮政EMS": "EMS",
	"京东": "JD", "京东快递": "JD", "京东物流": "JD",
}

// code is a carrier code typed by hand: a platform's code passes through.
var code = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,19}$`)

// CarrierCode reads a carrier as written in the sheet: a Chinese name in
// carrierNames, or a code (SF, YTO …, any case), returned in capitals.
func CarrierCode(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if c, ok := carrierNames[strings.ToUpper(s)]; ok {
		return c, true
	}
	up := strings.ToUpper(s)
	return up, code.MatchString(up)
}
