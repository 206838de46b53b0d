package taobao

import "encoding/json"

// trade is the part of TOP's Trade structure fnshub reads. Ids are
// json.Number: TOP sends tid, oid and num_iid as JSON numbers too large for
// a float64 to keep exactly (and as strings in tid_str/oid_str).
type trade struct {
	Tid      json.Number `json:"tid"`
	TidStr   string      `json:"tid_str"`
	Status   string      `json:"status"`
	Created  string      `json:"created"`
	Modified string      `json:"modified"`
	PayTime  string      `json:"pay_time"`
	Payment  string      `json:"payment"`   // what the buyer pays, post fee included (元)
	TotalFee string      `json:"total_fee"` // goods at list price × quantity
	PostFee  string      `json:"post_fee"`
	// PlatformSubsidy is platform_subsidy_fee (元): what Taobao/Tmall
	// funded of the trade's discounts (平台补贴).
	PlatformSubsidy string `json:"platform_subsidy_fee"`
	BuyerNick       string `json:"buyer_nick"`
	BuyerUID        string `json:"buyer_open_uid"`
	OAID            string `json:"oaid"`
	receiver
	Orders struct {
		Order []subOrder `json:"order"`
	} `json:"orders"`
}

// receiver is the ship-to as TOP sends it: masked since 2021.
type receiver struct {
	Name     string `json:"receiver_name"`
	State    string `json:"receiver_state"`
	City     string `json:"receiver_city"`
	District string `json:"receiver_district"`
	Town     string `json:"receiver_town"`
	Address  string `json:"receiver_address"`
	Mobile   string `json:"receiver_mobile"`
	Phone    string `json:"receiver_phone"`
}

// subOrder is one line of a trade (TOP's Order structure).
type subOrder struct {
	Oid            json.Number `json:"oid"`
	OidStr         string      `json:"oid_str"`
	NumIID         json.Number `json:"num_iid"`
	SkuID          string      `json:"sku_id"`
	OuterIID       string      `json:"outer_iid"`
	OuterSkuID     string      `json:"outer_sku_id"`
	Title          string      `json:"title"`
	Num            json.Number `json:"num"`
	Price          string      `json:"price"`
	TotalFee       string      `json:"total_fee"`
	Payment        string      `json:"payment"`
	DivideOrderFee string      `json:"divide_order_fee"`
	PartMjz        string      `json:"part_mjz_discount"`
	RefundStatus   string      `json:"refund_status"`
	Status         string      `json:"status"`
	InvoiceNo      string      `json:"invoice_no"`
	Company        string      `json:"logistics_company"`
}

func (t trade) id() string {
	if t.TidStr != "" {
		return t.TidStr
	}
	return t.Tid.String()
}

func (o subOrder) id() string {
	if o.OidStr != "" {
		return o.OidStr
	}
	return o.Oid.String()
}

// tradeFields are the fields asked for on every pull and fetch: what the
// mapping reads, and "orders" for every field of the lines.
const tradeFields = "tid,tid_str,status,type,created,modified,pay_time,payment,total_fee,post_fee," +
	"discount_fee,adjust_fee,platform_subsidy_fee,buyer_nick,buyer_open_uid,oaid,receiver_name,receiver_state,receiver_city," +
	"receiver_district,receiver_town,receiver_address,receiver_zip,receiver_mobile,receiver_phone,orders"

// OAID returns the Open Addressee ID of a trade's Raw JSON (channel.Order.Raw):
// what Decrypter needs to decrypt its receiver. pii.Contact has no place for
// it, so it is read from the raw trade the sync engine keeps.
func OAID(raw []byte) (string, error) {
	var t struct {
		OAID string `json:"oaid"`
	}
	if err := json.Unmarshal(raw, &t); err != nil {
		return "", malformed("the trade", err)
	}
	return t.OAID, nil
}
