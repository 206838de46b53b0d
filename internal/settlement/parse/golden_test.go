package parse

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/settlement"
)

// goldenFiles are the synthetic files under testdata, each shaped exactly
// as its format is documented, with the format that reads it.
var goldenFiles = []struct{ file, format string }{
	{"amazon_uk.tsv", "amazon-v2"},
	{"amazon_de.tsv", "amazon-v2"},
	{"amazon_jp.tsv", "amazon-v2"},
	{"shopify_payments.json", "shopify-payments"},
	{"paypal_stl.csv", "paypal-stl"},
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFormats_Golden(t *testing.T) {
	for _, g := range goldenFiles {
		t.Run(g.file, func(t *testing.T) {
			r, err := parseWith(t, g.format, readTestdata(t, g.file))
			if err != nil {
				t.Fatal(err)
			}
			checkLines(t, r)
			golden(t, strings.TrimSuffix(g.file, filepath.Ext(g.file))+".golden.json", view(r))
		})
	}
}

func TestFormats_GzipIsReadAsPlain(t *testing.T) {
	for _, g := range goldenFiles {
		t.Run(g.file, func(t *testing.T) {
			data := readTestdata(t, g.file)
			var zipped bytes.Buffer
			zw := gzip.NewWriter(&zipped)
			_, _ = zw.Write(data)
			_ = zw.Close()
			plain, err1 := parseWith(t, g.format, data)
			unzipped, err2 := parseWith(t, g.format, zipped.Bytes())
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if !reflect.DeepEqual(plain, unzipped) {
				t.Fatal("the gzip'd file parses differently from the plain one")
			}
		})
	}
}

func TestFormats_BOMIsIgnored(t *testing.T) {
	data := readTestdata(t, "amazon_uk.tsv")
	plain, _ := parseWith(t, "amazon-v2", data)
	bom, err := parseWith(t, "amazon-v2", append([]byte{0xEF, 0xBB, 0xBF}, data...))
	if err != nil || !reflect.DeepEqual(plain, bom) {
		t.Fatalf("a BOM changes the parse: %v", err)
	}
}

func TestFormats_RawIsTheSourceRow(t *testing.T) {
	data := string(readTestdata(t, "amazon_uk.tsv"))
	rows := strings.Split(strings.TrimSuffix(data, "\r\n"), "\r\n")
	r, err := parseWith(t, "amazon-v2", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range r.lines {
		if l.Raw != rows[l.Row-1] {
			t.Fatalf("row %d: Raw %q, file %q", l.Row, l.Raw, rows[l.Row-1])
		}
	}
}

func TestFormats_RegistrySortedAndComplete(t *testing.T) {
	var names []string
	for _, f := range Formats() {
		names = append(names, f.Name)
		if got, ok := Lookup(f.Name); !ok || got.Name != f.Name || f.Parse == nil || f.Summary == "" {
			t.Fatalf("format %q is not whole", f.Name)
		}
	}
	for _, want := range []string{"amazon-v2", "paypal-stl", "shopify-payments"} {
		if _, ok := Lookup(want); !ok {
			t.Errorf("no %s", want)
		}
	}
	for i := 1; i < len(names); i++ {
		if names[i-1] >= names[i] {
			t.Fatalf("Formats not sorted: %v", names)
		}
	}
	if _, ok := Lookup("nope"); ok {
		t.Fatal("found a format that does not exist")
	}
	if f, _ := Lookup("amazon-v2"); f.Platform != "amazon" {
		t.Fatal("amazon-v2 must settle amazon shops")
	}
	var _ settlement.Format = shopifyPayments
}

// failingSink refuses the nth thing it is sent.
type failingSink struct{ n int }

var errSink = errors.New("the store is full")

func (s *failingSink) Payout(settlement.Payout) error { return s.take() }
func (s *failingSink) Line(settlement.Line) error     { return s.take() }
func (s *failingSink) take() error {
	if s.n--; s.n == 0 {
		return errSink
	}
	return nil
}

func TestFormats_StopOnSinkErrorAndCancel(t *testing.T) {
	for _, g := range goldenFiles {
		t.Run(g.file, func(t *testing.T) {
			f, _ := Lookup(g.format)
			data := readTestdata(t, g.file)
			for n := 1; n <= 3; n++ {
				if err := f.Parse(context.Background(), bytes.NewReader(data), settlement.Options{}, &failingSink{n: n}); !errors.Is(err, errSink) {
					t.Fatalf("a sink error on call %d came back as %v", n, err)
				}
			}
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			if err := f.Parse(ctx, bytes.NewReader(data), settlement.Options{}, &recorder{}); !errors.Is(err, context.Canceled) {
				t.Fatalf("a cancelled parse returned %v", err)
			}
		})
	}
}
