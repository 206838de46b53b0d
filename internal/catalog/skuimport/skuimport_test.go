package skuimport

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/sheet"
	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the .golden files")

// render is the golden form of a parse: each SKU, then each error.
func render(rows []Row, errs []RowError) string {
	var b strings.Builder
	for _, r := range rows {
		s := r.SKU
		fmt.Fprintf(&b, "row %d: %s %q spec=%q unit=%q tax=%s weight=%dg barcode=%q components=%v\n",
			r.Line, s.Code, s.Name, s.Spec, s.Unit, s.TaxRate, s.WeightG, s.Barcode, s.Components)
	}
	for _, e := range errs {
		fmt.Fprintf(&b, "error %s\n", e)
	}
	return b.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
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

func TestParse_Golden(t *testing.T) {
	for _, name := range []string{"good_zh.csv", "good_gbk.csv", "bad.csv", "bad_header.csv"} {
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			table, err := sheet.ReadTable(name, f)
			if err != nil {
				t.Fatal(err)
			}
			rows, errs := Parse(table)
			golden(t, strings.TrimSuffix(name, ".csv"), render(rows, errs))
		})
	}
}

// The same sheet saved as .xlsx reads the same as the UTF-8 CSV.
func TestParse_XLSXMatchesCSV(t *testing.T) {
	csvData, err := os.ReadFile("testdata/good_zh.csv")
	if err != nil {
		t.Fatal(err)
	}
	table, err := sheet.ReadCSV(csvData)
	if err != nil {
		t.Fatal(err)
	}
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
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	fromXLSX, err := sheet.ReadTable("skus.xlsx", &buf)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := render(Parse(fromXLSX)), render(Parse(table)); got != want {
		t.Fatalf("xlsx parse:\n%s\ncsv parse:\n%s", got, want)
	}
}

func FuzzParseCSV(f *testing.F) {
	for _, name := range []string{"good_zh.csv", "good_gbk.csv", "bad.csv", "bad_header.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		table, err := sheet.ReadCSV(data)
		if err != nil {
			return
		}
		rows, errs := Parse(table)
		for _, r := range rows {
			if r.SKU.Validate() != nil {
				t.Fatalf("row %d passed with an invalid SKU %+v", r.Line, r.SKU)
			}
		}
		_ = errs
	})
}
