package shipsheet_test

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/order/shipsheet"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/sheet"
	"github.com/xuri/excelize/v2"
)

func pending(id order.ID, ext string) shipsheet.Pending {
	rec := &order.Record{Order: order.Order{ID: id, Channel: "tmall", Shop: "T1", ExternalID: ext, Status: order.Allocated, Province: "浙江",
		CreatedAt: time.Date(2026, 11, 10, 16, 0, 1, 0, time.UTC), PaidAt: time.Date(2026, 11, 10, 16, 0, 5, 0, time.UTC),
		Lines: []order.Line{{SKU: "TEA-250", Title: "龙井茶", Quantity: 2, Warehouse: "SH"}, {SKU: "CUP", Quantity: 1, Warehouse: "SH"}}}}
	return shipsheet.Pending{Order: rec, Contact: &pii.Contact{Name: "张三", Phone: "13800000000", Province: "浙江", City: "杭州", Detail: "法云弄 1 号"}}
}

func export(t *testing.T, opt shipsheet.Options, ps ...shipsheet.Pending) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := shipsheet.Write(&buf, ps, opt); err != nil {
		t.Fatal(err)
	}
	table, err := sheet.ReadTable("pending.xlsx", &buf)
	if err != nil {
		t.Fatal(err)
	}
	return table
}

func TestWrite_OneRowPerOrderInTheMerchantsZone(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	table := export(t, shipsheet.Options{Location: cst, Contacts: true}, pending(12, "3201000000001"), pending(13, "3201000000002"))
	want := []string{"订单号 Order", "店铺 Shop", "平台单号 External ID", "下单时间 Created", "付款时间 Paid", "商品 Lines", "件数 Units",
		"仓库 Warehouse", "省份 Province", "收件人 Name", "电话 Phone", "地址 Address", "快递公司 Carrier", "运单号 Tracking No"}
	if strings.Join(table[0], "|") != strings.Join(want, "|") {
		t.Fatalf("header %q", table[0])
	}
	if len(table) != 3 {
		t.Fatalf("%d rows, want a header and 2 orders", len(table))
	}
	row := table[1]
	got := map[string]string{"id": row[0], "ext": row[2], "created": row[3], "lines": row[5], "units": row[6], "wh": row[7], "name": row[9], "addr": row[11]}
	wantRow := map[string]string{"id": "12", "ext": "3201000000001", "created": "2026-11-11 00:00:01", "lines": "TEA-250 ×2 龙井茶\nCUP ×1",
		"units": "3", "wh": "SH", "name": "张三", "addr": "浙江 杭州 法云弄 1 号"}
	for k, v := range wantRow {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if len(row) > 12 && (row[12] != "" || row[13] != "") {
		t.Errorf("carrier and tracking must be blank to fill in: %q", row[12:])
	}
}

func TestWrite_WithoutContactsHasNoContactColumns(t *testing.T) {
	table := export(t, shipsheet.Options{}, pending(12, "E1"))
	for _, h := range table[0] {
		if strings.Contains(h, "Name") || strings.Contains(h, "Phone") || strings.Contains(h, "Address") {
			t.Fatalf("a reader who may not see contacts got column %q", h)
		}
	}
	for _, c := range table[1] {
		if strings.Contains(c, "张三") || strings.Contains(c, "138") {
			t.Fatalf("contact in cell %q", c)
		}
	}
}

func TestWrite_TrackingCellsAreText(t *testing.T) {
	var buf bytes.Buffer
	if err := shipsheet.Write(&buf, []shipsheet.Pending{pending(12, "E1")}, shipsheet.Options{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	id, err := f.GetCellStyle(shipsheet.SheetName, "K2") // 运单号 Tracking No without contacts
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil || st.NumFmt != 49 {
		t.Fatalf("the tracking cell's format is %+v (%v), want text (49)", st, err)
	}
}

func TestParse_TheExportFilledIn(t *testing.T) {
	table := export(t, shipsheet.Options{Contacts: true}, pending(12, "E1"), pending(13, "E2"))
	// Excel leaves trailing blank cells out of a row; staff fill them in.
	table[1] = append(table[1][:12], "顺丰", "SF1400000000001")
	p := shipsheet.Parse(table)
	if len(p.Errors) != 0 || p.Blank != 1 || len(p.Shipments) != 1 {
		t.Fatalf("%+v", p)
	}
	if s := p.Shipments[0]; s.OrderID != 12 || s.Carrier != "SF" || s.TrackingNo != "SF1400000000001" || s.Row != 2 {
		t.Fatalf("%+v", s)
	}
}

func TestParse_NamesEachBadRow(t *testing.T) {
	b, err := os.ReadFile("testdata/filled.csv")
	if err != nil {
		t.Fatal(err)
	}
	table, err := sheet.ReadCSV(b)
	if err != nil {
		t.Fatal(err)
	}
	p := shipsheet.Parse(table)
	if len(p.Shipments) != 3 || p.Blank != 1 {
		t.Fatalf("shipments %+v, blank %d", p.Shipments, p.Blank)
	}
	if s := p.Shipments[1]; s.Carrier != "YTO" || s.OrderID != 13 {
		t.Errorf("a lowercase code: %+v", s)
	}
	if s := p.Shipments[2]; s.OrderID != 0 || s.Shop != "tmall-flagship" || s.ExternalID != "3201000000004" || s.Carrier != "ZTO" {
		t.Errorf("found by shop and platform order id: %+v", s)
	}
	want := []string{
		"row 6, column 快递公司 Carrier:",
		"row 7, column 运单号 Tracking No:",
		"row 8, column 订单号 Order:",
		"row 8, column 运单号 Tracking No:",
		"row 9: row 2 ships this order already",
	}
	if len(p.Errors) != len(want) {
		t.Fatalf("errors %v", p.Errors)
	}
	for i, w := range want {
		if !strings.HasPrefix(p.Errors[i].String(), w) {
			t.Errorf("error %d = %q, want it to start %q", i, p.Errors[i], w)
		}
	}
}

func TestParse_RefusesAHeaderWithoutWhatItNeeds(t *testing.T) {
	p := shipsheet.Parse([][]string{{"店铺", "快递公司"}})
	if len(p.Errors) != 2 {
		t.Fatalf("%v", p.Errors)
	}
	if p := shipsheet.Parse(nil); len(p.Errors) != 1 {
		t.Fatalf("an empty file: %v", p.Errors)
	}
	if p := shipsheet.Parse([][]string{{"order_id", "carrier", "Carrier", "tracking_no"}}); len(p.Errors) != 1 {
		t.Fatalf("two carrier columns: %v", p.Errors)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("订单号 Order,快递公司 Carrier,运单号 Tracking No\n12,SF,SF1\n")
	f.Add("shop,external_id,carrier,tracking_no\nS1,E1,顺丰,SF1\nS1,E1,,\n")
	f.Fuzz(func(t *testing.T, csv string) {
		table, err := sheet.ReadCSV([]byte(csv))
		if err != nil {
			return
		}
		p := shipsheet.Parse(table)
		for _, s := range p.Shipments {
			if s.Carrier == "" || s.TrackingNo == "" || len(s.TrackingNo) > shipsheet.MaxTracking || (s.OrderID <= 0 && (s.Shop == "" || s.ExternalID == "")) {
				t.Fatalf("a shipment that does not ship: %+v", s)
			}
		}
	})
}
