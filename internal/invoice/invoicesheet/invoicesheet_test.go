package invoicesheet

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/invoice"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/sheet"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func cny(minor int64) money.Amount { return money.New(minor, "CNY") }

// pendingFixture: a company's special invoice for part of a two-line
// order, a person's ordinary one, and a red-letter credit of the first.
func pendingFixture(t *testing.T) []Pending {
	t.Helper()
	rec := &order.Record{Order: order.Order{ID: 41, Shop: "S1", Currency: "CNY", Lines: []order.Line{
		{SKU: "TEA-250", Title: "*茶*龙井茶 250g", Quantity: 3, UnitPrice: cny(5990), TaxRate: money.MustRate("0.13")},
		{SKU: "CUP", Quantity: 1, UnitPrice: cny(1000), TaxRate: money.MustRate("0.09")},
	}, ShippingFee: cny(800)}}
	other := &order.Record{Order: order.Order{ID: 42, Shop: "S1", Currency: "CNY", Lines: []order.Line{
		{SKU: "TEA-500", Title: "*茶*龙井茶 500g", Quantity: 1, UnitPrice: cny(11800), TaxRate: money.MustRate("0.13")}}}}
	for _, r := range []*order.Record{rec, other} {
		if err := r.Price(); err != nil {
			t.Fatal(err)
		}
	}
	company := invoice.Invoice{ID: 7, OrderID: 41, Kind: invoice.Blue, Title: "福州某某科技有限公司", TitleKind: invoice.Company,
		TaxNo: "91350100M000100Y43", Type: invoice.DigitalSpecial, Amount: cny(19770)}
	person := invoice.Invoice{ID: 8, OrderID: 42, Kind: invoice.Blue, Title: "王五", TitleKind: invoice.Personal,
		Type: invoice.DigitalOrdinary, Amount: cny(11800)}
	red := company
	red.ID, red.Kind, red.Original, red.Amount = 9, invoice.Red, 7, cny(5990)
	return []Pending{{Invoice: company, Order: rec}, {Invoice: person, Order: other}, {Invoice: red, Order: rec, Blue: "26352000000000012345"}}
}

// TestWrite_Golden holds the export to its golden rows, read back from the
// workbook as a merchant's tax-invoicing system reads it.
func TestWrite_Golden(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, pendingFixture(t)); err != nil {
		t.Fatal(err)
	}
	table, err := sheet.ReadTable("export.xlsx", &buf)
	if err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for _, r := range table {
		got.WriteString(strings.Join(r, "\t") + "\n")
	}
	golden := filepath.Join("testdata", "export.golden.tsv")
	if *update {
		if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Fatalf("export differs from %s (go test -update to accept):\n%s", golden, got.String())
	}
}

// TestRows_AddUpToTheInvoice: each invoice's lines add up to its amount
// to the fen, and a red invoice's are negative.
func TestRows_AddUpToTheInvoice(t *testing.T) {
	ps := pendingFixture(t)
	rows, err := Rows(ps)
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]int64{}
	for _, r := range rows {
		a, err := money.Parse(r[12], "CNY")
		if err != nil {
			t.Fatal(err)
		}
		sums[r[0]] += a.Minor()
	}
	for _, p := range ps {
		want := p.Invoice.Amount.Minor()
		if p.Invoice.Kind == invoice.Red {
			want = -want
		}
		if got := sums[Serial(p.Invoice.ID)]; got != want {
			t.Errorf("invoice %d: lines add up to %d, want %d", p.Invoice.ID, got, want)
		}
	}
}

func TestParseIssued(t *testing.T) {
	table := [][]string{
		{"发票流水号", "订单号", "发票号码", "开票日期"},
		{"FNS-INV-7", "41", "26352000000000012345", "2026-12-01 10:00:00"},
		{"", "42", "12345678", "2026年12月2日"},
		{"", "", "", ""},
		{"FNS-INV-x", "", "123", "yesterday"},
		{"FNS-INV-7", "", "26352000000000012346", "20261203"},
	}
	p := ParseIssued(table)
	if len(p.Rows) != 2 || p.Rows[0] != (Issued{Row: 2, Invoice: 7, OrderID: 41, Number: "26352000000000012345", IssuedOn: "2026-12-01"}) ||
		p.Rows[1] != (Issued{Row: 3, OrderID: 42, Number: "12345678", IssuedOn: "2026-12-02"}) {
		t.Fatalf("rows = %+v", p.Rows)
	}
	var got []string
	for _, e := range p.Errors {
		got = append(got, e.String())
	}
	want := []string{
		`row 5, column 发票流水号: "FNS-INV-x" is not a 发票流水号 of the export (FNS-INV- and a number)`,
		`row 5, column 发票号码: "123" is neither a 20-digit 数电 number nor an 8-digit paper one`,
		`row 5, column 开票日期: "yesterday" is not a date: write it 2026-12-01`,
		`row 6: row 2 issues this invoice already; keep one row per invoice`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if p := ParseIssued([][]string{{"order", "number"}}); len(p.Errors) != 1 || !strings.Contains(p.Errors[0].Reason, "开票日期") {
		t.Fatalf("a header without the date: %+v", p.Errors)
	}
	if p := ParseIssued(nil); len(p.Errors) != 1 {
		t.Fatalf("an empty file: %+v", p.Errors)
	}
}

// FuzzParseIssued: any CSV is read without panic, and every row taken is
// well formed: a positive invoice or order, a number of 8 or 20 digits, a
// date that formats back to itself.
func FuzzParseIssued(f *testing.F) {
	f.Add([]byte("发票流水号,订单号,发票号码,开票日期\nFNS-INV-7,41,26352000000000012345,2026-12-01\n"))
	f.Add([]byte("order,number,date\n42,12345678,2026/12/02\n,,\n"))
	f.Add([]byte("订单号,发票号码,开票日期,发票号码\n1,2,3,4\n"))
	f.Add([]byte("\xef\xbb\xbf订单号,发票号码,开票日期\n-1,1234567,2026年13月01日\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		table, err := sheet.ReadCSV(data)
		if err != nil {
			return
		}
		p := ParseIssued(table)
		for _, r := range p.Rows {
			if r.Invoice < 0 || r.OrderID < 0 || (r.Invoice == 0 && r.OrderID == 0) || !digits.MatchString(r.Number) {
				t.Fatalf("row taken with bad fields: %+v", r)
			}
			if d, err := issueDate(r.IssuedOn); err != nil || d != r.IssuedOn {
				t.Fatalf("row %d: date %q does not read back", r.Row, r.IssuedOn)
			}
		}
	})
}
