package settlementtest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
)

// FullHeader is the first line of a full TSV file.
const FullHeader = "payout\tkey\tkind\ttype\torder\trefund\tsku\tamount\tcurrency\tposted\tstart\tend\tdeposit"

const fullColumns = 13

// FullTSV is the test format with every field reconciliation reads: the
// line's type, order and refund references, SKU, currency and posting
// time (unix seconds), and for a payout row (kind "payout", stated after
// its lines) its period and deposit time; a payout row whose amount is
// empty declares no total. It is what the end-to-end benchmark
// (internal/settlement/e2e) writes, so one parser serves every platform
// the generated month holds.
func FullTSV(name, platform string) settlement.Format {
	return settlement.Format{Name: name, Platform: platform, Summary: "test TSV with every reconciled field",
		Parse: func(ctx context.Context, r io.Reader, _ settlement.Options, sink settlement.Sink) error {
			return parseFull(ctx, name, r, sink)
		}}
}

func parseFull(ctx context.Context, name string, r io.Reader, sink settlement.Sink) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var f [fullColumns]string
	for row := 1; sc.Scan(); row++ {
		text := sc.Text()
		if row == 1 {
			if text != FullHeader {
				return &settlement.ParseError{Format: name, Row: 1, Reason: "the header must be " + strconv.Quote(FullHeader)}
			}
			continue
		}
		if row%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if n := splitTabs(text, f[:]); n != fullColumns {
			return &settlement.ParseError{Format: name, Row: row, Reason: fmt.Sprintf("%d columns, want %d", n, fullColumns)}
		}
		if err := fullRow(name, row, text, &f, sink); err != nil {
			return err
		}
	}
	return sc.Err()
}

// splitTabs cuts s at tabs into f without allocating a slice per row and
// returns how many fields s has.
func splitTabs(s string, f []string) int {
	n := 0
	for {
		i := strings.IndexByte(s, '\t')
		if n < len(f) {
			if i < 0 {
				f[n] = s
			} else {
				f[n] = s[:i]
			}
		}
		n++
		if i < 0 {
			return n
		}
		s = s[i+1:]
	}
}

func fullRow(name string, row int, text string, f *[fullColumns]string, sink settlement.Sink) error {
	cur, err := money.ParseCurrency(f[8])
	if err != nil {
		return &settlement.ParseError{Format: name, Row: row, Column: "currency", Reason: err.Error()}
	}
	times := [4]time.Time{}
	for i, col := range []int{9, 10, 11, 12} {
		if times[i], err = unixColumn(f[col]); err != nil {
			return &settlement.ParseError{Format: name, Row: row, Column: strings.Split(FullHeader, "\t")[col], Reason: err.Error()}
		}
	}
	var amount money.Amount
	if f[7] != "" || f[2] != "payout" {
		if amount, err = money.Parse(f[7], cur); err != nil {
			return &settlement.ParseError{Format: name, Row: row, Column: "amount", Reason: err.Error()}
		}
	}
	if f[2] == "payout" {
		return sink.Payout(settlement.Payout{Ref: f[0], Currency: cur, Total: amount, HasTotal: f[7] != "", Start: times[1], End: times[2],
			DepositAt: times[3], Row: row})
	}
	kind := settlement.Kind(f[2])
	if !kind.Valid() {
		return &settlement.ParseError{Format: name, Row: row, Column: "kind", Reason: fmt.Sprintf("%q is no kind", f[2])}
	}
	return sink.Line(settlement.Line{Key: f[1], PayoutRef: f[0], Kind: kind, Type: f[3], OrderRef: f[4], RefundRef: f[5], SKU: f[6],
		Amount: amount, PostedAt: times[0], Row: row, Raw: text})
}

func unixColumn(s string) (time.Time, error) {
	if s == "" || s == "0" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not unix seconds", s)
	}
	return time.Unix(n, 0).UTC(), nil
}

// WriteFullLine writes l as a row of a full TSV file.
func WriteFullLine(w *bufio.Writer, l settlement.Line) {
	fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\t\t\n", l.PayoutRef, l.Key, l.Kind, l.Type, l.OrderRef, l.RefundRef, l.SKU,
		l.Amount, l.Amount.Currency(), unixOf(l.PostedAt))
}

// WriteFullPayout writes p as a payout row of a full TSV file.
func WriteFullPayout(w *bufio.Writer, p settlement.Payout) {
	total := ""
	if p.HasTotal {
		total = p.Total.String()
	}
	fmt.Fprintf(w, "%s\t\tpayout\t\t\t\t\t%s\t%s\t\t%s\t%s\t%s\n", p.Ref, total, p.Currency, unixOf(p.Start), unixOf(p.End), unixOf(p.DepositAt))
}

func unixOf(t time.Time) string {
	if t.IsZero() {
		return "0"
	}
	return strconv.FormatInt(t.Unix(), 10)
}
