package orderimport

import (
	"github.com/fnshub/fnshub/internal/sheet"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func FuzzParseOrdersCSV(f *testing.F) {
	for _, name := range goldenFiles {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	loc := time.FixedZone("UTC+8", 8*60*60)
	f.Fuzz(func(t *testing.T, data []byte) {
		table, err := sheet.ReadCSV(data)
		if err != nil {
			return
		}
		p := Parse(table, loc)
		for _, o := range p.Orders {
			c := o.Order
			if len(c.Lines) == 0 || len(c.Lines) != len(o.Rows) || c.Version <= 0 || c.CreatedAt.IsZero() || !c.Currency.Valid() {
				t.Fatalf("rows %v passed as an order ingestion would refuse: %+v", o.Rows, c)
			}
			if err := c.Price(); err != nil {
				t.Fatalf("rows %v passed but do not price: %v", o.Rows, err)
			}
		}
		if len(p.Orders) == 0 && len(p.Skipped) == 0 && len(p.Errors) == 0 && len(table) > 1 && !allBlank(table[1:]) {
			t.Fatalf("rows vanished without an order or an error: %q", table)
		}
	})
}

func allBlank(rows [][]string) bool {
	for _, r := range rows {
		if !blank(r) {
			return false
		}
	}
	return true
}
