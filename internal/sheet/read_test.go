package sheet

import (
	"errors"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/fault"
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
