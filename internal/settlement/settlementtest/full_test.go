package settlementtest_test

import (
	"bufio"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/settlementtest"
)

type collect struct {
	payouts []settlement.Payout
	lines   []settlement.Line
}

func (c *collect) Payout(p settlement.Payout) error { c.payouts = append(c.payouts, p); return nil }
func (c *collect) Line(l settlement.Line) error     { c.lines = append(c.lines, l); return nil }

func parseFull(body string) (*collect, error) {
	c := &collect{}
	err := settlementtest.FullTSV("tsv-full", "").Parse(context.Background(), strings.NewReader(body), settlement.Options{}, c)
	return c, err
}

// TestFullTSV_RoundTrip writes a line and its payout and reads back every
// field reconciliation uses.
func TestFullTSV_RoundTrip(t *testing.T) {
	at := time.Date(2026, 11, 3, 4, 5, 6, 0, time.UTC)
	l := settlement.Line{Key: "P1/O1/1", PayoutRef: "P1", Kind: settlement.Refund, Type: "Principal", OrderRef: "O1", RefundRef: "R1",
		SKU: "SKU-1", Amount: money.New(-1234, "USD"), PostedAt: at}
	p := settlement.Payout{Ref: "P1", Currency: "USD", Total: money.New(-1234, "USD"), HasTotal: true, Start: at, End: at.Add(48 * time.Hour)}
	var b strings.Builder
	w := bufio.NewWriter(&b)
	w.WriteString(settlementtest.FullHeader + "\n")
	settlementtest.WriteFullLine(w, l)
	settlementtest.WriteFullPayout(w, p)
	w.Flush()
	c, err := parseFull(b.String())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.lines) != 1 || len(c.payouts) != 1 {
		t.Fatalf("read %+v", c)
	}
	got := c.lines[0]
	got.Row, got.Raw = 0, ""
	if got != l {
		t.Fatalf("line\n got %+v\nwant %+v", got, l)
	}
	gp := c.payouts[0]
	if gp.Ref != p.Ref || gp.Total != p.Total || !gp.HasTotal || !gp.Start.Equal(p.Start) || !gp.End.Equal(p.End) || !gp.DepositAt.IsZero() {
		t.Fatalf("payout %+v", gp)
	}
}

func TestFullTSV_BadRowsNameTheColumn(t *testing.T) {
	for col, row := range map[string]string{
		"amount":   "P1\tk\tsale\t\tO1\t\t\t1.234\tUSD\t0\t\t\t",
		"currency": "P1\tk\tsale\t\tO1\t\t\t1.23\tXXX\t0\t\t\t",
		"kind":     "P1\tk\tnope\t\tO1\t\t\t1.23\tUSD\t0\t\t\t",
		"posted":   "P1\tk\tsale\t\tO1\t\t\t1.23\tUSD\tyesterday\t\t\t",
		"":         "P1\tk\tsale",
	} {
		_, err := parseFull(settlementtest.FullHeader + "\n" + row + "\n")
		var pe *settlement.ParseError
		if !errors.As(err, &pe) || pe.Row != 2 || pe.Column != col {
			t.Errorf("column %q: %v", col, err)
		}
	}
}

func FuzzFullTSV(f *testing.F) {
	f.Add(settlementtest.FullHeader + "\nP1\tk\tsale\t\tO1\t\t\t1.23\tUSD\t1700000000\t\t\t\nP1\t\tpayout\t\t\t\t\t1.23\tUSD\t\t0\t0\t0\n")
	f.Add(settlementtest.FullHeader + "\nP1\t\tpayout\t\t\t\t\t\tCNY\t\t1\t2\t3\n")
	f.Add("payout\tkey\n\t\t\t")
	f.Fuzz(func(t *testing.T, body string) {
		c, err := parseFull(body)
		if err != nil {
			var pe *settlement.ParseError
			if !errors.As(err, &pe) && !errors.Is(err, bufio.ErrTooLong) {
				t.Fatalf("not a ParseError: %v", err)
			}
			return
		}
		for _, l := range c.lines {
			if !l.Kind.Valid() || !l.Amount.Currency().Valid() {
				t.Fatalf("read an invalid line %+v", l)
			}
		}
	})
}
