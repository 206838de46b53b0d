// Package settlementtest is a small settlement format for tests of the
// storage, the import use case and its surfaces, which must not wait for
// (or depend on) the real platforms' parsers.
package settlementtest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
)

// Header is the first line of a TSV file.
const Header = "payout\tkey\tkind\torder\tamount"

// TSV returns the test format called name for platform ("" for any): tab
// separated, a header line, then one line per row of payout, key, kind,
// order id and amount (a decimal in currency). A payout line has kind
// "payout" and its amount is the payout's total.
func TSV(name, platform string, currency money.Currency) settlement.Format {
	return settlement.Format{Name: name, Platform: platform, Summary: "test TSV: payout, key, kind, order, amount",
		Parse: func(ctx context.Context, r io.Reader, _ settlement.Options, sink settlement.Sink) error {
			return parseTSV(ctx, name, currency, r, sink)
		}}
}

func parseTSV(ctx context.Context, name string, cur money.Currency, r io.Reader, sink settlement.Sink) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	row := 0
	for sc.Scan() {
		row++
		text := sc.Text()
		if row == 1 {
			if text != Header {
				return &settlement.ParseError{Format: name, Row: 1, Reason: "the header must be " + strconv.Quote(Header)}
			}
			continue
		}
		if row%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if err := readRow(name, cur, row, text, sink); err != nil {
			return err
		}
	}
	return sc.Err()
}

func readRow(name string, cur money.Currency, row int, text string, sink settlement.Sink) error {
	f := strings.Split(text, "\t")
	if len(f) != 5 {
		return &settlement.ParseError{Format: name, Row: row, Reason: fmt.Sprintf("%d columns, want 5", len(f))}
	}
	amount, err := money.Parse(f[4], cur)
	if err != nil {
		return &settlement.ParseError{Format: name, Row: row, Column: "amount", Reason: err.Error()}
	}
	if f[2] == "payout" {
		return sink.Payout(settlement.Payout{Ref: f[0], Currency: cur, Total: amount, HasTotal: true, Row: row})
	}
	kind := settlement.Kind(f[2])
	if !kind.Valid() {
		return &settlement.ParseError{Format: name, Row: row, Column: "kind", Reason: fmt.Sprintf("%q is no kind", f[2])}
	}
	return sink.Line(settlement.Line{Key: f[1], PayoutRef: f[0], Kind: kind, Type: f[2], OrderRef: f[3], Amount: amount, Row: row, Raw: text})
}

// File returns a TSV file of n sale lines in payouts of per lines each,
// keys prefixed by prefix, each payout stated after its lines.
func File(prefix string, n, per int) string {
	var b strings.Builder
	b.WriteString(Header + "\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "P%s-%d\t%s-%d\tsale\tO-%d\t%d.%02d\n", prefix, i/per, prefix, i, i, 1+i%100, i%100)
		if (i+1)%per == 0 || i == n-1 {
			fmt.Fprintf(&b, "P%s-%d\t\tpayout\t\t1.00\n", prefix, i/per)
		}
	}
	return b.String()
}
