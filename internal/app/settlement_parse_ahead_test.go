package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
)

// countingFormat sends a payout, then lines 1..n, failing at row failAt
// (0: never); it records how far it got.
func countingFormat(n, failAt int, reached *int) settlement.Format {
	return settlement.Format{Name: "count", Parse: func(ctx context.Context, _ io.Reader, _ settlement.Options, sink settlement.Sink) error {
		if err := sink.Payout(settlement.Payout{Ref: "P1"}); err != nil {
			return err
		}
		for row := 1; row <= n; row++ {
			*reached = row
			if row == failAt {
				return &settlement.ParseError{Row: row, Reason: "bad row"}
			}
			if err := sink.Line(settlement.Line{Key: fmt.Sprint(row), PayoutRef: "P1", Row: row, Amount: money.New(int64(row), "CNY")}); err != nil {
				return err
			}
		}
		return nil
	}}
}

// recordingSink keeps what it was sent and fails at line failAt.
type recordingSink struct {
	payouts, lines int
	failAt         int
	order          bool // every line came in row order
}

func (s *recordingSink) Payout(settlement.Payout) error { s.payouts++; return nil }

func (s *recordingSink) Line(l settlement.Line) error {
	s.lines++
	if l.Row != s.lines {
		s.order = false
	}
	if s.lines == s.failAt {
		return errors.New("conflict at the sink")
	}
	return nil
}

// TestParseAhead: the sink sees every call in file order; a parse error
// comes after every line before it was stored; a sink error stops the
// parser well before the end and is the error returned, even when the
// parser would fail later.
func TestParseAhead(t *testing.T) {
	ctx := context.Background()
	const n = 50 * parseBatch
	for _, c := range []struct {
		name                string
		parseFail, sinkFail int
		want                string
		stored              int
	}{
		{"whole file", 0, 0, "", n},
		{"bad row", 3*parseBatch + 7, 0, "row 3079: bad row", 3*parseBatch + 6},
		{"sink conflict first", 40 * parseBatch, 5, "conflict at the sink", 5},
		{"bad row first", 5, 40 * parseBatch, "row 5: bad row", 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			var reached int
			sink := &recordingSink{failAt: c.sinkFail, order: true}
			err := parseAhead(ctx, countingFormat(n, c.parseFail, &reached), strings.NewReader(""), settlement.Options{}, sink)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if !strings.Contains(got, c.want) || (c.want == "") != (err == nil) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
			if sink.payouts != 1 || sink.lines != c.stored || !sink.order {
				t.Fatalf("sink got %d payouts, %d lines (in order: %v), want 1 and %d", sink.payouts, sink.lines, sink.order, c.stored)
			}
			if c.sinkFail > 0 && c.sinkFail < c.parseFail && reached > c.sinkFail+6*parseBatch { // the batches in flight: the sink's, the channel's two, the parser's
				t.Fatalf("the parser read on to row %d after the sink failed at %d", reached, c.sinkFail)
			}
		})
	}
}
