package parse

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/settlement"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// recorder is a Sink that keeps what it is sent.
type recorder struct {
	payouts []settlement.Payout
	lines   []settlement.Line
}

func (r *recorder) Payout(p settlement.Payout) error { r.payouts = append(r.payouts, p); return nil }
func (r *recorder) Line(l settlement.Line) error     { r.lines = append(r.lines, l); return nil }

// parseWith runs format name over data into a fresh recorder.
func parseWith(t testing.TB, name string, data []byte) (*recorder, error) {
	t.Helper()
	f, ok := Lookup(name)
	if !ok {
		t.Fatalf("no format %q", name)
	}
	r := &recorder{}
	return r, f.Parse(context.Background(), bytes.NewReader(data), settlement.Options{}, r)
}

// goldenView is what a golden file holds: the parse without each line's
// Raw, which is the input itself (the tests check it separately).
type goldenView struct {
	Payouts []goldenPayout `json:"payouts"`
	Lines   []goldenLine   `json:"lines"`
}

type goldenPayout struct {
	Ref, Currency, Start, End, DepositAt, Total, Status string
	HasTotal                                            bool
	Row                                                 int
}

type goldenLine struct {
	Key, PayoutRef, Kind, Type, OrderRef, RefundRef, TxnRef, SKU string
	Quantity                                                     int64
	Amount, PostedAt                                             string
	Row                                                          int
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

func view(r *recorder) goldenView {
	v := goldenView{Payouts: []goldenPayout{}, Lines: []goldenLine{}}
	for _, p := range r.payouts {
		total := ""
		if p.HasTotal {
			total = p.Total.Format()
		}
		v.Payouts = append(v.Payouts, goldenPayout{p.Ref, string(p.Currency), stamp(p.Start), stamp(p.End),
			stamp(p.DepositAt), total, p.Status, p.HasTotal, p.Row})
	}
	for _, l := range r.lines {
		v.Lines = append(v.Lines, goldenLine{l.Key, l.PayoutRef, string(l.Kind), l.Type, l.OrderRef, l.RefundRef,
			l.TxnRef, l.SKU, l.Quantity, l.Amount.Format(), stamp(l.PostedAt), l.Row})
	}
	return v
}

// golden compares v's JSON with testdata/name, or writes it with -update.
func golden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", name)
	if *update {
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
		t.Errorf("%s differs from the parse; got:\n%s", path, got)
	}
}

// checkLines asserts what every parse must give: valid kinds, a currency,
// a key, a payout and the source row on every line, and keys unique.
func checkLines(t testing.TB, r *recorder) {
	t.Helper()
	keys := map[string]bool{}
	for _, l := range r.lines {
		if !l.Kind.Valid() || !l.Amount.Currency().Valid() || l.Key == "" || l.PayoutRef == "" || l.Raw == "" || l.Row < 1 {
			t.Fatalf("an incomplete line: %+v", l)
		}
		if keys[l.Key] {
			t.Fatalf("key %q twice", l.Key)
		}
		keys[l.Key] = true
	}
	for _, p := range r.payouts {
		if p.Ref == "" || !p.Currency.Valid() {
			t.Fatalf("an incomplete payout: %+v", p)
		}
	}
}
