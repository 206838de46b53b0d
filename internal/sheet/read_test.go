package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/xuri/excelize/v2"
)

func TestReadTable_RefusesWhatItCannotRead(t *testing.T) {
	cases := map[string]struct{ data, code string }{
		"orders.xls":  {"x", "file_type"},
		"orders.xlsx": {"not a zip", "xlsx_invalid"},
		"orders.csv":  {"a,\"b\nc", "csv_invalid"},
	}
	for name, c := range cases {
		_, err := ReadTable(name, strings.NewReader(c.data))
		var fe *fault.Error
		if !errors.As(err, &fe) || fe.Kind != fault.Invalid || fe.Code != c.code {
			t.Errorf("%s: %v, want an Invalid %s", name, err, c.code)
		}
	}
}

func TestReadCSV_UTF8WithBOMAndGBKReadAlike(t *testing.T) {
	utf8, err := ReadCSV([]byte("\xef\xbb\xbf商家编码,名称\nTEA,龙井\n"))
	if err != nil {
		t.Fatal(err)
	}
	gbk, err := ReadCSV([]byte("\xc9\xcc\xbc\xd2\xb1\xe0\xc2\xeb,\xc3\xfb\xb3\xc6\nTEA,\xc1\xfa\xbe\xae\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(gbk[0], "|")+strings.Join(gbk[1], "|"), strings.Join(utf8[0], "|")+strings.Join(utf8[1], "|"); got != want {
		t.Fatalf("GBK read %q, UTF-8 %q", got, want)
	}
}

func TestReadCSV_RefusesCellsThatBreakTheTextRule(t *testing.T) {
	cases := []struct {
		name, data, field, message string
	}{
		{"a NUL in a UTF-8 file", "sku,title\nTEA,龙\x00井\n", "B2",
			"row 2, column B (title): the cell holds a NUL character (\\u0000) at byte 3; remove it"},
		{"a NUL in a GBK file", "sku,title\nTEA,\xc1\xfa\x00\n", "B2",
			"row 2, column B (title): the cell holds a NUL character (\\u0000) at byte 3; remove it"},
		{"bytes that are neither UTF-8 nor GBK", "sku,title\nTEA,\xc1\xfa\xff\xbe\xae\n", "B2",
			"row 2, column B (title): the cell holds bytes that are neither UTF-8 nor GBK; save the file as UTF-8 CSV"},
		{"a NUL in the header", "sku,ti\x00tle\n", "B1",
			"row 1, column B: the cell holds a NUL character (\\u0000) at byte 2; remove it"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadTable("orders.csv", strings.NewReader(c.data))
			var fe *fault.Error
			if !errors.As(err, &fe) || fe.Kind != fault.Invalid || fe.Code != "text_invalid" || fe.Field != c.field || fe.Message != c.message {
				t.Fatalf("got %#v\nwant text_invalid at %s: %s", fe, c.field, c.message)
			}
		})
	}
}

func TestReadCSV_KeepsAGBKFileWhole(t *testing.T) {
	table, err := ReadCSV([]byte("sku,title\nTEA,\xc1\xfa\xbe\xae\xb2\xe8\n"))
	if err != nil {
		t.Fatal(err)
	}
	if table[1][1] != "龙井茶" {
		t.Fatalf("read %q, want 龙井茶", table[1][1])
	}
}

func TestReadTable_RefusesAnXLSXCellWithNUL(t *testing.T) {
	// Excel writes a NUL in a cell as the escape _x0000_.
	_, err := ReadTable("skus.xlsx", bytes.NewReader(xlsxWithString(t, "龙_x0000_井")))
	var fe *fault.Error
	if !errors.As(err, &fe) || fe.Code != "text_invalid" || fe.Field != "B2" {
		t.Fatalf("got %v, want text_invalid at B2", err)
	}
}

// xlsxWithString is a workbook whose cell B2 holds s as written in the
// shared strings part, escapes and all.
func xlsxWithString(t *testing.T, s string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	_ = f.SetCellValue("Sheet1", "A1", "sku")
	_ = f.SetCellValue("Sheet1", "B1", "title")
	_ = f.SetCellValue("Sheet1", "B2", "PLACEHOLDER")
	var in bytes.Buffer
	if err := f.Write(&in); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(in.Bytes()), int64(in.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		w, _ := zw.Create(zf.Name)
		w.Write(bytes.ReplaceAll(b, []byte("PLACEHOLDER"), []byte(s)))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
