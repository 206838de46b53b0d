package main

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/catalog/skuimport"
	"github.com/fnshub/fnshub/internal/order/orderimport"
	"github.com/fnshub/fnshub/internal/sheet"
)

// readExample reads a file of examples/ into a table, as the import does.
func readExample(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open("../../examples/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	table, err := sheet.ReadTable(name, f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return table
}

// The README offers examples/skus.xlsx as the same sheet as
// examples/skus.csv, saved from Excel (with its numbers as numbers).
func TestExamples_SKUsXLSXMatchesCSV(t *testing.T) {
	fromCSV, errs := skuimport.Parse(readExample(t, "skus.csv"))
	if len(errs) > 0 || len(fromCSV) == 0 {
		t.Fatalf("skus.csv: %d SKUs, errors %v", len(fromCSV), errs)
	}
	fromXLSX, errs := skuimport.Parse(readExample(t, "skus.xlsx"))
	if len(errs) > 0 {
		t.Fatalf("skus.xlsx: %v", errs)
	}
	if !reflect.DeepEqual(fromXLSX, fromCSV) {
		t.Fatalf("skus.xlsx reads\n%+v\nskus.csv reads\n%+v", fromXLSX, fromCSV)
	}
}

// The xlsx imports on its own, after the SKU the README creates over the
// API (its bundle names it); the csv path runs in TestREADME_Walkthrough.
func TestExamples_SKUsXLSXImports(t *testing.T) {
	c := newCLI(t)
	c.mustRun("", "import", "skus", writeFile(t, "tea.csv", "code,name,tax_rate\nTEA-250,西湖龙井 250g,0.13\n"))
	if out := c.mustRun("", "import", "skus", "../../examples/skus.xlsx"); !strings.Contains(out, "imported 2 SKUs") {
		t.Fatalf("import skus.xlsx: %s", out)
	}
}

func TestExamples_OrdersParse(t *testing.T) {
	p := orderimport.Parse(readExample(t, "orders.csv"), nil)
	if len(p.Errors) > 0 || len(p.Skipped) > 0 || len(p.Orders) != 2 {
		t.Fatalf("orders.csv: %d orders, skipped %v, errors %v", len(p.Orders), p.Skipped, p.Errors)
	}
}
