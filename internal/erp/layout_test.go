package erp

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

var fileOptions = FileOptions{Book: "001", Subsidiary: "Fnshub CN", Journal: "MISC"}

// TestLayouts_Golden: each ERP's import file of the sample vouchers is
// exactly its golden file, and the Excel workbook holds the same cells.
func TestLayouts_Golden(t *testing.T) {
	vs, err := Build(sampleEntries(), sampleMap(), shanghai)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range Layouts() {
		t.Run(l.Name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := l.WriteCSV(&buf, vs, fileOptions); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", l.Name+".csv.golden")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Fatalf("%s layout differs from %s:\n%s", l.Name, golden, buf.String())
			}
			checkXLSX(t, l, vs, want)
		})
	}
}

func checkXLSX(t *testing.T, l Layout, vs []Voucher, golden []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := l.WriteXLSX(&buf, vs, fileOptions); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := f.GetRows("Sheet1", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	want, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(golden, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("xlsx has %d rows, csv %d", len(got), len(want))
	}
	for i := range want {
		for len(got[i]) < len(want[i]) { // GetRows drops trailing blank cells
			got[i] = append(got[i], "")
		}
		if !slices.Equal(got[i], want[i]) {
			t.Fatalf("xlsx row %d = %q, csv %q", i, got[i], want[i])
		}
	}
	// An amount is a number cell, not text.
	col := slices.Index(l.Header, amountHeader(l))
	cell, _ := excelize.CoordinatesToCellName(col+1, 2)
	if typ, err := f.GetCellType("Sheet1", cell); err != nil || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Fatalf("amount cell %s has type %v (%v), want a number", cell, typ, err)
	}
}

func amountHeader(l Layout) string {
	for _, h := range l.Header {
		if slices.Contains(amountColumns, h) {
			return h
		}
	}
	return ""
}

func TestFormatOf(t *testing.T) {
	if f, err := FormatOf("Nov.XLSX"); err != nil || f != FormatXLSX {
		t.Fatalf("%v %v", f, err)
	}
	if _, err := FormatOf("nov.xls"); err == nil {
		t.Fatal("an .xls name must be refused")
	}
	if _, err := LayoutOf("sap"); err == nil {
		t.Fatal("an unknown ERP must be refused")
	}
}
