package top

import (
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/channel/taobao"
)

// wireTrade renders a trade as TOP's JSON (simplify=false): ids as numbers
// with their _str twins, money as strings, times in GMT+8, the receiver
// masked.
func wireTrade(t *Trade, withOAID bool) map[string]any {
	m := map[string]any{
		"tid": t.Tid, "tid_str": strconv.FormatInt(t.Tid, 10), "status": t.Status, "type": "fixed",
		"created": taobao.FormatTime(t.Created), "modified": taobao.FormatTime(t.Modified),
		"payment": t.Payment, "total_fee": t.TotalFee, "post_fee": t.PostFee,
		"buyer_nick": maskName(t.BuyerNick), "buyer_open_uid": t.BuyerOpenUID,
		"receiver_name": maskName(t.Receiver.Name), "receiver_mobile": maskPhone(t.Receiver.Mobile),
		"receiver_phone": maskPhone(t.Receiver.Phone), "receiver_state": t.Receiver.State,
		"receiver_city": t.Receiver.City, "receiver_district": t.Receiver.District,
		"receiver_town": t.Receiver.Town, "receiver_address": maskAddress(t.Receiver.Address),
	}
	if !t.PayTime.IsZero() {
		m["pay_time"] = taobao.FormatTime(t.PayTime)
	}
	if withOAID {
		m["oaid"] = t.OAID
	}
	lines := make([]map[string]any, len(t.Orders))
	for i, o := range t.Orders {
		lines[i] = wireOrder(o, t.Status)
	}
	m["orders"] = map[string]any{"order": lines}
	return m
}

func wireOrder(o SubOrder, status string) map[string]any {
	refund := o.RefundStatus
	if refund == "" {
		refund = "NO_REFUND"
	}
	m := map[string]any{
		"oid": o.Oid, "oid_str": strconv.FormatInt(o.Oid, 10), "num_iid": o.NumIID, "sku_id": o.SkuID,
		"outer_iid": o.OuterIID, "outer_sku_id": o.OuterSkuID, "title": o.Title, "num": o.Num,
		"price": o.Price, "total_fee": o.TotalFee, "payment": o.Payment, "divide_order_fee": o.DivideOrderFee,
		"part_mjz_discount": o.PartMjz, "refund_status": refund, "status": status,
	}
	if o.InvoiceNo != "" {
		if status == "SELLER_CONSIGNED_PART" {
			m["status"] = "WAIT_BUYER_CONFIRM_GOODS"
		}
		m["invoice_no"], m["logistics_company"] = o.InvoiceNo, o.Company
	}
	return m
}

// Masks in TOP's manner: the first character of a name, the ends of a
// phone number, no street line.
func maskName(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return ""
	}
	return string(r[0]) + "**"
}

func maskPhone(s string) string {
	if len(s) < 7 {
		return strings.Repeat("*", len(s))
	}
	return s[:3] + "****" + s[len(s)-4:]
}

func maskAddress(s string) string {
	if s == "" {
		return ""
	}
	return "**********"
}

func parseTime(s string) (time.Time, bool) {
	t, err := taobao.ParseTime(s)
	return t, err == nil && s != ""
}
