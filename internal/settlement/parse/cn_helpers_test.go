package parse

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/fnshub/fnshub/internal/settlement"
)

// The golden files are rewritten with -update. The flag may also be
// defined by the other parsers' tests of this package, so it is looked up
// after every package-level variable is initialised.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files under testdata/")
	}
}

func cnUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// cnSink records what a parser sends.
type cnSink struct {
	payouts []settlement.Payout
	lines   []settlement.Line
}

func (s *cnSink) Payout(p settlement.Payout) error { s.payouts = append(s.payouts, p); return nil }
func (s *cnSink) Line(l settlement.Line) error     { s.lines = append(s.lines, l); return nil }

// cnParse runs the named format over data.
func cnParse(t testing.TB, format string, data []byte, opt settlement.Options) (*cnSink, error) {
	t.Helper()
	f, ok := Lookup(format)
	if !ok {
		t.Fatalf("format %q is not registered", format)
	}
	s := &cnSink{}
	err := f.Parse(context.Background(), bytes.NewReader(data), opt, s)
	return s, err
}

// The golden view: amounts as "12.50 CNY", times in RFC 3339.
type cnGoldenPayout struct {
	Ref, Currency, Start, End string
	Row                       int
}

type cnGoldenLine struct {
	Key, PayoutRef, Kind, Type, OrderRef, RefundRef, TxnRef, SKU string
	Quantity                                                     int64
	Amount, PostedAt                                             string
	Row                                                          int
	Raw                                                          string
}

func cnTimeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

func cnGoldenJSON(t *testing.T, s *cnSink) []byte {
	t.Helper()
	var view struct {
		Payouts []cnGoldenPayout
		Lines   []cnGoldenLine
	}
	for _, p := range s.payouts {
		view.Payouts = append(view.Payouts, cnGoldenPayout{p.Ref, string(p.Currency), cnTimeText(p.Start), cnTimeText(p.End), p.Row})
	}
	for _, l := range s.lines {
		view.Lines = append(view.Lines, cnGoldenLine{l.Key, l.PayoutRef, string(l.Kind), l.Type, l.OrderRef, l.RefundRef, l.TxnRef,
			l.SKU, l.Quantity, l.Amount.String() + " " + string(l.Amount.Currency()), cnTimeText(l.PostedAt), l.Row, l.Raw})
	}
	b, err := json.MarshalIndent(view, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// cnGolden compares the parsed output with testdata/<name>.golden.json.
func cnGolden(t *testing.T, name string, s *cnSink) {
	t.Helper()
	got := cnGoldenJSON(t, s)
	path := filepath.Join("testdata", name+".golden.json")
	if cnUpdating() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; got:\n%s", path, got)
	}
}

func cnRead(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// cnGBK encodes UTF-8 test text as GBK, the way Alipay writes its bills.
func cnGBK(t testing.TB, b []byte) []byte {
	t.Helper()
	out, err := simplifiedchinese.GBK.NewEncoder().Bytes(b)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// cnZip builds a ZIP of the given members; GBK names are stored raw,
// without the UTF-8 flag, as Alipay's are.
func cnZip(t testing.TB, members map[string][]byte, gbkNames bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range cnSortedKeys(members) {
		stored := name
		if gbkNames {
			stored = string(cnGBK(t, []byte(name)))
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: stored, Method: zip.Deflate, NonUTF8: gbkNames})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(members[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func cnSortedKeys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// cnWantParseError checks err is a *settlement.ParseError at row and
// column whose reason mentions want.
func cnWantParseError(t *testing.T, err error, row int, col, want string) {
	t.Helper()
	var pe *settlement.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("want a ParseError at row %d column %q, got %v", row, col, err)
	}
	if pe.Row != row || pe.Column != col || !strings.Contains(pe.Reason, want) {
		t.Fatalf("want row %d column %q reason ~%q, got row %d column %q: %s", row, col, want, pe.Row, pe.Column, pe.Reason)
	}
}

// cnCheckLines is what every successful parse must give: valid kinds,
// non-empty unique keys, lines tied to a payout sent before them, known
// currencies. Keys built from platform ids are unique as far as the
// platform's ids are; a fuzzed file may repeat an id, so the fuzz targets
// use cnCheckValid, which leaves uniqueness out.
// cnFatal is what cnCheckLines needs of a *testing.T or *rapid.T.
type cnFatal interface {
	Helper()
	Fatalf(format string, args ...any)
}

func cnCheckLines(t cnFatal, s *cnSink) {
	t.Helper()
	cnCheckValid(t, s)
	keys := map[string]bool{}
	for _, l := range s.lines {
		if keys[l.Key] {
			t.Fatalf("line key %q repeated (row %d)", l.Key, l.Row)
		}
		keys[l.Key] = true
	}
}

// cnCheckValid checks each line on its own and against the payouts sent.
func cnCheckValid(t cnFatal, s *cnSink) {
	t.Helper()
	refs := map[string]bool{}
	for _, p := range s.payouts {
		if p.Ref == "" || !p.Currency.Valid() {
			t.Fatalf("bad payout %+v", p)
		}
		refs[p.Ref] = true
	}
	for _, l := range s.lines {
		switch {
		case l.Key == "":
			t.Fatalf("line key empty (row %d)", l.Row)
		case !l.Kind.Valid():
			t.Fatalf("line kind %q invalid (row %d)", l.Kind, l.Row)
		case !refs[l.PayoutRef]:
			t.Fatalf("line payout %q was never sent (row %d)", l.PayoutRef, l.Row)
		case !l.Amount.Currency().Valid():
			t.Fatalf("line amount has no currency (row %d)", l.Row)
		case l.Row <= 0:
			t.Fatalf("line row %d", l.Row)
		}
	}
}
