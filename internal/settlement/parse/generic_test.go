package parse

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/settlement"
)

func eurMapping() settlement.Mapping {
	return settlement.Mapping{
		Name: "shopline", Decimal: ",",
		Columns: settlement.MappingColumns{PayoutRef: "Payout ID", LineRef: "Line ID", Type: "Type", OrderRef: "Order",
			Amount: "Amount", Currency: "Currency", PostedAt: "Date"},
		Kinds: map[string]settlement.Kind{"order": settlement.Sale, "fee": settlement.Fee, "refund": settlement.Refund, "payout": settlement.Transfer},
	}
}

func gbkMapping() settlement.Mapping {
	return settlement.Mapping{
		Name: "某平台 资金流水", Currency: "CNY",
		Columns: settlement.MappingColumns{PostedAt: "日期", Type: "类型", Direction: "方向", Amount: "金额(元)", OrderRef: "订单号", Quantity: "数量"},
		Kinds:   map[string]settlement.Kind{"货款": settlement.Sale, "佣金": settlement.Commission, "提现": settlement.Transfer},
		Signs:   map[string]string{"收入": "+", "支出": "-"},
	}
}

func genericOpt(m settlement.Mapping) settlement.Options { return settlement.Options{Mapping: &m} }

func TestGeneric_csvBOMCommaDecimalsGolden(t *testing.T) {
	s, err := cnParse(t, "generic", cnRead(t, "generic_eur.csv"), genericOpt(eurMapping()))
	if err != nil {
		t.Fatal(err)
	}
	cnCheckLines(t, s)
	if s.lines[0].Amount.Minor() != 123456 || s.lines[3].Kind != settlement.Other {
		t.Fatalf("comma decimals or unknown kind wrong: %+v", s.lines)
	}
	cnGolden(t, "generic_eur", s)
}

func TestGeneric_gbkCSVGolden(t *testing.T) {
	s, err := cnParse(t, "generic", cnGBK(t, cnRead(t, "generic_gbk.csv")), genericOpt(gbkMapping()))
	if err != nil {
		t.Fatal(err)
	}
	cnCheckLines(t, s)
	if s.lines[1].Key == s.lines[2].Key || s.lines[1].Amount.Minor() != -440 {
		t.Fatalf("identical rows must stay two lines, signed by direction: %+v", s.lines[1:3])
	}
	cnGolden(t, "generic_gbk", s)
}

// genericXLSX builds a workbook: a cover sheet, then the bill sheet with
// a title row above the header.
func genericXLSX(t testing.TB, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "说明"); err != nil {
		t.Fatal(err)
	}
	_ = f.SetCellValue("说明", "A1", "cover")
	if _, err := f.NewSheet("账单"); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("账单", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// genericXLSXOneSheet builds a one-sheet workbook of rows.
func genericXLSXOneSheet(t testing.TB, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func xlsxRowsFixture() [][]any {
	return [][]any{
		{"某平台结算单 2024-01"},
		{"结算单号", "明细号", "类型", "订单号", "SKU", "金额", "时间"},
		{"S-1", "D-1", "货款", "SO-1", "TEA-250", "88.00", "2024-01-16 09:00:00"},
		{"S-1", "D-2", "佣金", "SO-1", "TEA-250", "-4.40", "2024-01-16 09:00:00"},
		{},
		{"S-1", "D-3", "运费", "SO-1", "", "-6.00", "2024-01-16 09:00:00"},
	}
}

func xlsxMapping() settlement.Mapping {
	return settlement.Mapping{
		Name: "xlsx", Currency: "CNY", Sheet: "账单",
		Columns: settlement.MappingColumns{PayoutRef: "结算单号", LineRef: "明细号", Type: "类型", OrderRef: "订单号", SKU: "SKU", Amount: "金额", PostedAt: "时间"},
		Kinds:   map[string]settlement.Kind{"货款": settlement.Sale, "佣金": settlement.Commission, "运费": settlement.Shipping},
	}
}

func TestGeneric_xlsxGolden(t *testing.T) {
	s, err := cnParse(t, "generic", genericXLSX(t, xlsxRowsFixture()), genericOpt(xlsxMapping()))
	if err != nil {
		t.Fatal(err)
	}
	cnCheckLines(t, s)
	cnGolden(t, "generic_xlsx", s)
}

func TestGeneric_xlsxFirstSheetAndMissingSheet(t *testing.T) {
	m := xlsxMapping()
	m.Sheet = "nope"
	_, err := cnParse(t, "generic", genericXLSX(t, xlsxRowsFixture()), genericOpt(m))
	cnWantParseError(t, err, 0, "sheet", "no sheet")
	m.Sheet = "" // the first sheet is the cover, which lacks the columns
	_, err = cnParse(t, "generic", genericXLSX(t, xlsxRowsFixture()), genericOpt(m))
	cnWantParseError(t, err, 1, "金额", "no column")
}

func TestGeneric_headerRowGiven(t *testing.T) {
	m := gbkMapping()
	m.HeaderRow = 2 // row 2 is data, not the header
	_, err := cnParse(t, "generic", cnRead(t, "generic_gbk.csv"), genericOpt(m))
	cnWantParseError(t, err, 2, "金额(元)", "no column")
	m.HeaderRow = 1
	if _, err := cnParse(t, "generic", cnRead(t, "generic_gbk.csv"), genericOpt(m)); err != nil {
		t.Fatal(err)
	}
}

func TestGeneric_errors(t *testing.T) {
	eur := string(cnRead(t, "generic_eur.csv"))
	gbk := string(cnRead(t, "generic_gbk.csv"))
	cases := []struct {
		name     string
		data     string
		m        settlement.Mapping
		row      int
		col, why string
	}{
		{"missing column", strings.Replace(eur, "Line ID", "Line", 1), eurMapping(), 2, "Line ID", "no column"},
		{"bad amount", strings.Replace(eur, `"-12,34"`, `"-12,3x"`, 1), eurMapping(), 4, "Amount", "not a decimal"},
		{"too many decimals", strings.Replace(eur, `"-12,34"`, `"-12,345"`, 1), eurMapping(), 4, "Amount", "never rounded"},
		{"bad currency", strings.Replace(eur, "EUR,2024-01-16 12:30", "EURO,2024-01-16 12:30", 1), eurMapping(), 5, "Currency", "currency code"},
		{"bad time", strings.Replace(eur, "2024-01-16 13:00:00", "later", 1), eurMapping(), 6, "Date", "not a time"},
		{"empty payout", strings.Replace(eur, "PO-1001,L-2", ",L-2", 1), eurMapping(), 4, "Payout ID", "empty"},
		{"unknown direction", strings.Replace(gbk, ",收入,", ",进账,", 1), gbkMapping(), 2, "方向", "进账"},
		{"bad quantity", strings.Replace(gbk, ",SO-1,2", ",SO-1,two", 1), gbkMapping(), 2, "数量", "whole number"},
		{"empty file", "", gbkMapping(), 1, "", "no rows"},
		{"no currency", gbk, func() settlement.Mapping { m := gbkMapping(); m.Currency = ""; return m }(), 0, "", "no currency"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := cnParse(t, "generic", []byte(c.data), genericOpt(c.m))
			cnWantParseError(t, err, c.row, c.col, c.why)
		})
	}
	_, err := cnParse(t, "generic", []byte(eur), settlement.Options{})
	cnWantParseError(t, err, 0, "", "needs a column mapping")
}

func TestValidateMapping(t *testing.T) {
	ok := gbkMapping()
	if err := ValidateMapping(ok); err != nil {
		t.Fatalf("valid mapping refused: %v", err)
	}
	cases := map[string]func(m *settlement.Mapping){
		"name":               func(m *settlement.Mapping) { m.Name = " " },
		"columns.amount":     func(m *settlement.Mapping) { m.Columns.Amount = "" },
		"columns.payout_ref": func(m *settlement.Mapping) { m.Columns.PostedAt = "" },
		"header_row":         func(m *settlement.Mapping) { m.HeaderRow = -1 },
		"decimal":            func(m *settlement.Mapping) { m.Decimal = ";" },
		"currency":           func(m *settlement.Mapping) { m.Currency = "RMB" },
		"columns.type":       func(m *settlement.Mapping) { m.Columns.Type = "" },
		"kinds.货款":           func(m *settlement.Mapping) { m.Kinds["货款"] = "income" },
		"signs":              func(m *settlement.Mapping) { m.Signs = nil },
		"columns.direction":  func(m *settlement.Mapping) { m.Columns.Direction = "" },
		"signs.收入":           func(m *settlement.Mapping) { m.Signs["收入"] = "plus" },
		"time_layout":        func(m *settlement.Mapping) { m.TimeLayout = "hh:mm" },
	}
	for field, mutate := range cases {
		t.Run(field, func(t *testing.T) {
			m := gbkMapping()
			mutate(&m)
			err := ValidateMapping(m)
			var fe *fault.Error
			if !errors.As(err, &fe) || fe.Kind != fault.Invalid || fe.Field != field {
				t.Fatalf("want Invalid naming %s, got %v", field, err)
			}
		})
	}
}

func TestGenericNumber(t *testing.T) {
	for in, want := range map[string]string{"1,234.56": "1234.56", "¥ 88.00": "88.00", "(12.00)": "-12.00", "−3.10": "-3.10"} {
		if got := genericNumber(in, false); got != want {
			t.Errorf("genericNumber(%q) = %q, want %q", in, got, want)
		}
	}
	if got := genericNumber("1.234,56", true); got != "1234.56" {
		t.Errorf("comma decimals: %q", got)
	}
}

// A row whose mapped line_ref cell is empty is keyed by its content.
func TestGeneric_emptyLineRefFallsBackToHash(t *testing.T) {
	data := strings.Replace(string(cnRead(t, "generic_eur.csv")), "PO-1001,L-2,", "PO-1001,,", 1)
	s, err := cnParse(t, "generic", []byte(data), genericOpt(eurMapping()))
	if err != nil {
		t.Fatal(err)
	}
	cnCheckLines(t, s)
	if !strings.HasPrefix(s.lines[1].Key, "shopline:h") || s.lines[0].Key != "shopline:L-1" {
		t.Fatalf("keys %q, %q", s.lines[0].Key, s.lines[1].Key)
	}
}
