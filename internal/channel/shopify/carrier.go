package shopify

import "strings"

// trackingCompanies maps fnshub's carrier codes to the names Shopify's
// trackingInfo.company knows, so the admin and the buyer's status page
// link the tracking number to the carrier. A code not in the table is sent
// as given: Shopify keeps any name, it only cannot link it.
var trackingCompanies = map[string]string{
	"SF":    "SF Express",
	"YTO":   "YTO Express",
	"ZTO":   "ZTO Express",
	"STO":   "STO Express",
	"YUNDA": "Yunda Express",
	"EMS":   "China EMS (ePacket)",
	"JD":    "JD Logistics",
}

// trackingCompany returns Shopify's company name for fnshub carrier code c.
func trackingCompany(c string) string {
	if name, ok := trackingCompanies[strings.ToUpper(strings.TrimSpace(c))]; ok {
		return name
	}
	return c
}
