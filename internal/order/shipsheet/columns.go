// Package shipsheet is the shipping sheet of the degraded mode: while a
// platform's API is down, staff export a shop's orders awaiting shipment
// to Excel (Write), ship them by hand, fill in the carrier and tracking
// number, and import the sheet back (Parse); the hub then ships each order
// and writes it back when the API returns
// (docs/adr/0034-shipment-write-back-and-offline-mode.md).
//
// Headers are bilingual, "中文 English", and Parse reads the exported sheet
// as it is: it takes the columns it knows (by the bilingual header, the
// Chinese or the English half, or the snake_case name) and ignores the rest,
// so the lines, address and times the export adds do not stop an import.
package shipsheet

import "strings"

// column is one column of the sheet.
type column struct {
	name  string // snake_case, also accepted as a header
	zh    string
	en    string
	width float64 // in Excel's character widths
}

func (c column) header() string { return c.zh + " " + c.en }

// matches reports whether header h names c: the bilingual header, either
// half, or the snake_case name, ignoring case and spaces around.
func (c column) matches(h string) bool {
	h = strings.ToLower(strings.Join(strings.Fields(h), " "))
	for _, a := range []string{c.header(), c.zh, c.en, c.name} {
		if h == strings.ToLower(a) {
			return true
		}
	}
	return false
}

var (
	colOrder    = column{"order_id", "订单号", "Order", 10}
	colShop     = column{"shop", "店铺", "Shop", 14}
	colExternal = column{"external_id", "平台单号", "External ID", 22}
	colCreated  = column{"created_at", "下单时间", "Created", 20}
	colPaid     = column{"paid_at", "付款时间", "Paid", 20}
	colLines    = column{"lines", "商品", "Lines", 40}
	colUnits    = column{"units", "件数", "Units", 8}
	colWH       = column{"warehouse", "仓库", "Warehouse", 10}
	colProvince = column{"province", "省份", "Province", 10}
	colName     = column{"name", "收件人", "Name", 12}
	colPhone    = column{"phone", "电话", "Phone", 16}
	colAddress  = column{"address", "地址", "Address", 40}
	colCarrier  = column{"carrier", "快递公司", "Carrier", 12}
	colTracking = column{"tracking_no", "运单号", "Tracking No", 22}
)
