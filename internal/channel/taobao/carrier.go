package taobao

import "strings"

// companyCodes maps fnshub's carrier codes to TOP's company_code for
// taobao.logistics.offline.send (the codes taobao.logistics.companies.get
// lists). TOP uses the same short codes as fnshub for the carriers here;
// the table is where they would part. A code not in it is sent as given,
// so a merchant may type any TOP code by hand.
var companyCodes = map[string]string{
	"SF":    "SF",    // 顺丰速运
	"YTO":   "YTO",   // 圆通速递
	"ZTO":   "ZTO",   // 中通快递
	"STO":   "STO",   // 申通快递
	"YUNDA": "YUNDA", // 韵达快递
	"EMS":   "EMS",   // 中国邮政 EMS
	"JD":    "JD",    // 京东物流
}

// companyCode returns TOP's company_code for fnshub carrier code c.
func companyCode(c string) string {
	if code, ok := companyCodes[strings.ToUpper(strings.TrimSpace(c))]; ok {
		return code
	}
	return c
}
