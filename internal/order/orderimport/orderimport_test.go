package orderimport

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Shanghai on machines without a zone database

	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/sheet"
	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the .golden.txt files")

func shanghai(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// render is the golden form of a parse: each order with its lines, then
// each skipped order, then each error.
func render(p Parsed) string {
	var b strings.Builder
	for _, o := range p.Orders {
		c := o.Order
		fmt.Fprintf(&b, "order %s v%d %s %s rows=%v created=%s paid=%s buyer=%q shipping=%s discount=%s",
			c.Key(), c.Version, c.Status, c.Currency, o.Rows, stamp(c.CreatedAt), stamp(c.PaidAt), o.BuyerID, c.ShippingFee, c.Discount)
		if o.PaidTotal != nil {
			fmt.Fprintf(&b, " paid_total=%s", o.PaidTotal)
		}
		if o.Contact != nil {
			x := o.Contact
			fmt.Fprintf(&b, " contact=%q", []string{x.Name, x.Phone, x.Province, x.City, x.District, x.Detail})
		}
		b.WriteString("\n")
		for _, l := range c.Lines {
			fmt.Fprintf(&b, "  line sku=%q item=%q/%q title=%q %d × %s − %s\n", l.SKU, l.ExternalItemID, l.ExternalSKUID, l.Title, l.Quantity, l.UnitPrice, l.LineDiscount)
		}
		fmt.Fprintf(&b, "  raw %s\n", o.Raw)
	}
	for _, s := range p.Skipped {
		fmt.Fprintf(&b, "skipped %s rows=%v\n", s.Key, s.Rows)
	}
	for _, e := range p.Errors {
		fmt.Fprintf(&b, "error %s\n", e)
	}
	return b.String()
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.RFC3339)
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden.txt")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s:\n--- got\n%s--- want\n%s", name, path, got, want)
	}
}

var goldenFiles = []string{"good.csv", "good_zh.csv", "good_gbk.csv", "bad.csv", "bad_header.csv", "continuation_first.csv"}

func parseFile(t testing.TB, name string) Parsed {
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	table, err := sheet.ReadTable(name, f)
	if err != nil {
		t.Fatal(err)
	}
	return Parse(table, shanghai(t))
}

func TestParse_Golden(t *testing.T) {
	for _, name := range goldenFiles {
		t.Run(name, func(t *testing.T) {
			golden(t, strings.TrimSuffix(name, ".csv"), render(parseFile(t, name)))
		})
	}
}

func TestParse_GBKReadsAsUTF8(t *testing.T) {
	if got, want := render(parseFile(t, "good_gbk.csv")), render(parseFile(t, "good_zh.csv")); got != want {
		t.Fatalf("GBK:\n%s\nUTF-8:\n%s", got, want)
	}
}

// Raw keeps every cell (it is sealed before it is stored), so that a kept
// import replays to the very order it was, contact and buyer included.
func TestParseRaw_RebuildsTheOrder(t *testing.T) {
	p := parseFile(t, "good.csv")
	bad := parseFile(t, "bad.csv")
	for _, o := range p.Orders {
		again, err := ParseRaw(o.Raw, shanghai(t))
		if err != nil || len(again.Orders) != 1 || len(again.Errors) != 0 {
			t.Fatalf("order %s: replayed %+v, %v", o.Order.Key(), again, err)
		}
		got, want := again.Orders[0], o
		got.Rows, want.Rows, got.Raw, want.Raw = nil, nil, nil, nil // row numbers are the rebuilt table's
		if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
			t.Errorf("order %s replayed as\n%+v\nwant\n%+v", o.Order.Key(), got, want)
		}
	}
	if len(bad.Skipped) == 0 {
		t.Fatal("bad.csv skips no order")
	}
	for _, s := range bad.Skipped {
		again, err := ParseRaw(s.Raw, shanghai(t))
		if err != nil || len(again.Errors) == 0 {
			t.Errorf("skipped order %s replays without its errors: %+v, %v", s.Key, again, err)
		}
	}
	if _, err := ParseRaw([]byte(`{"channel":"web"}`), nil); err == nil {
		t.Error("an API payload read as import rows")
	}
}

func TestParse_ErrorsNeverQuotePersonalData(t *testing.T) {
	table := [][]string{
		{"channel", "shop", "external_id", "sku", "quantity", "unit_price", "created_at", "receiver", "phone"},
		{"web", "S1", "1", "A", "1", "1", "2026-11-11", "Zhang San", "13812345678"},
		{"web", "S1", "1", "B", "1", "1", "", "Li Si", "1.39E+10"},
	}
	p := Parse(table, shanghai(t))
	if len(p.Errors) != 2 {
		t.Fatalf("want a disagreement and a mangled phone, got %v", p.Errors)
	}
	for _, e := range p.Errors {
		if strings.Contains(e.Reason, "Zhang") || strings.Contains(e.Reason, "Li Si") || strings.Contains(e.Reason, "1.39E") {
			t.Errorf("error quotes personal data: %s", e)
		}
	}
}

// xlsxOf writes table to the first sheet of a workbook, each cell as a string.
func xlsxOf(t testing.TB, table [][]string, set func(f *excelize.File)) *bytes.Buffer {
	x := excelize.NewFile()
	for r, rec := range table {
		cell, _ := excelize.CoordinatesToCellName(1, r+1)
		row := make([]any, len(rec))
		for i, v := range rec {
			row[i] = v
		}
		if err := x.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if set != nil {
		set(x)
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return &buf
}

// The same sheet saved as .xlsx reads the same as the UTF-8 CSV.
func TestParse_XLSXMatchesCSV(t *testing.T) {
	data, err := os.ReadFile("testdata/good_zh.csv")
	if err != nil {
		t.Fatal(err)
	}
	table, err := sheet.ReadCSV(data)
	if err != nil {
		t.Fatal(err)
	}
	fromXLSX, err := sheet.ReadTable("orders.xlsx", xlsxOf(t, table, nil))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := render(Parse(fromXLSX, shanghai(t))), render(Parse(table, shanghai(t))); got != want {
		t.Fatalf("xlsx parse:\n%s\ncsv parse:\n%s", got, want)
	}
}

// Excel keeps a typed date as a number of days shown through a format;
// the importer reads the date, not the US-style text excelize renders.
func TestReadTable_XLSXDateCells(t *testing.T) {
	table := [][]string{
		{"channel", "shop", "external_id", "sku", "quantity", "unit_price", "created_at", "paid_at"},
		{"web", "S1", "1", "A", "1", "1"},
	}
	buf := xlsxOf(t, table, func(f *excelize.File) {
		must(t, f.SetCellValue("Sheet1", "G2", time.Date(2026, 11, 11, 20, 30, 5, 0, time.UTC)))
		must(t, f.SetCellFloat("Sheet1", "H2", 46337.86, -1, 64))
		custom := "yyyy/m/d h:mm"
		style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &custom})
		must(t, err)
		must(t, f.SetCellStyle("Sheet1", "H2", "H2", style))
	})
	read, err := sheet.ReadTable("orders.xlsx", buf)
	must(t, err)
	if got := read[1][6:8]; got[0] != "2026-11-11 20:30:05" || got[1] != "2026-11-11 20:38:24" {
		t.Fatalf("date cells read as %q", got)
	}
	p := Parse(read, shanghai(t))
	if len(p.Orders) != 1 || !p.Orders[0].Order.CreatedAt.Equal(time.Date(2026, 11, 11, 12, 30, 5, 0, time.UTC)) {
		t.Fatalf("parsed %s", render(p))
	}
}

func TestParse_EveryRowOfAnOrderIsGoodOrTheOrderIsSkipped(t *testing.T) {
	p := parseFile(t, "bad.csv")
	bad := map[int]bool{}
	for _, e := range p.Errors {
		bad[e.Row] = true
	}
	for _, o := range p.Orders {
		for _, r := range o.Rows {
			if bad[r] {
				t.Errorf("order %s imported with bad row %d", o.Order.Key(), r)
			}
		}
	}
	if len(p.Orders) != 1 || p.Orders[0].Order.ExternalID != "3001" {
		t.Errorf("want only order 3001 good, got %s", render(Parsed{Orders: p.Orders}))
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestParse_ChannelLongerThanTheAPIAllowsIsRefused(t *testing.T) {
	long := strings.Repeat("c", order.MaxChannelLen+1)
	table := [][]string{
		{"channel", "shop", "external_id", "sku", "quantity", "unit_price", "created_at"},
		{long, "s1", "9001", "TEA-250", "1", "10.00", "2026-11-11 00:00:01"},
		{strings.Repeat("c", order.MaxChannelLen), "s1", "9002", "TEA-250", "1", "10.00", "2026-11-11 00:00:01"},
	}
	p := Parse(table, shanghai(t))
	if len(p.Errors) != 1 || p.Errors[0].Row != 2 || p.Errors[0].Column != "channel" || len(p.Orders) != 1 {
		t.Fatalf("errors %v, %d orders; want one channel error in row 2 and the 32-character channel kept", p.Errors, len(p.Orders))
	}
}
