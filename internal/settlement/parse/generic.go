package parse

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/settlement"
)

var genericBill = settlement.Format{
	Name:    "generic",
	Summary: "any CSV (UTF-8 or GBK) or .xlsx bill, read through the shop's column mapping",
	Parse: func(ctx context.Context, r io.Reader, opt settlement.Options, sink settlement.Sink) error {
		if opt.Mapping == nil {
			return &settlement.ParseError{Format: "generic", Reason: "the generic format needs a column mapping; save one for the shop and import with it"}
		}
		return genericSpec{format: "generic", m: *opt.Mapping}.parse(ctx, r, opt, sink)
	},
}

// genericHeaderScan is how many rows are searched for the header when the
// mapping does not say which row holds it.
const genericHeaderScan = 100

// genericSpec is the generic parser's configuration: a mapping, and for
// the built-in presets the split amount columns a Mapping cannot express
// (bills with separate 收入金额 and 支出金额 columns).
type genericSpec struct {
	format          string // the format name in errors: generic, douyin, pdd
	m               settlement.Mapping
	income, expense string // when set: amount = income − |expense|, Columns.Amount names income
}

// genericCols is the header resolved: each mapped column's position, −1
// when not mapped.
type genericCols struct {
	payout, lineRef, typ, order, refund, txn, sku, qty, amount, expense, dir, cur, posted int
}

// genericRun is one file being read.
type genericRun struct {
	spec    genericSpec
	cols    genericCols
	names   []string // header names by position, for messages
	cur     money.Currency
	loc     *time.Location
	payouts map[string]bool
	seen    map[uint64]uint32 // row hash → occurrences, when no line_ref column is mapped
	sink    settlement.Sink
}

func (s genericSpec) err(row int, col, format string, args ...any) error {
	return &settlement.ParseError{Format: s.format, Row: row, Column: col, Reason: fmt.Sprintf(format, args...)}
}

func (s genericSpec) parse(ctx context.Context, r io.Reader, opt settlement.Options, sink settlement.Sink) error {
	if err := ValidateMapping(s.m); err != nil {
		return err
	}
	run := &genericRun{spec: s, loc: opt.Loc(), payouts: map[string]bool{}, sink: sink}
	if err := run.currency(opt); err != nil {
		return err
	}
	rows, err := openGenericRows(r, s.m.Sheet)
	if err != nil {
		var xe *xlsxError
		if errors.As(err, &xe) {
			return s.err(0, xe.column, "%s", xe.reason)
		}
		return err
	}
	defer rows.close()
	if err := run.findHeader(rows); err != nil {
		return err
	}
	for n := 0; ; n++ {
		rec, row, err := rows.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return s.err(row, "", "cannot be read: %v", err)
		}
		if n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if genericBlank(rec) {
			continue
		}
		if err := run.line(rec, row); err != nil {
			return err
		}
	}
}

func (run *genericRun) currency(opt settlement.Options) error {
	switch {
	case run.spec.m.Currency != "":
		run.cur, _ = money.ParseCurrency(run.spec.m.Currency)
	case opt.Currency != "":
		if !opt.Currency.Valid() {
			return run.spec.err(0, "", "unknown currency %q in the import options", opt.Currency)
		}
		run.cur = opt.Currency
	case run.spec.m.Columns.Currency == "":
		return run.spec.err(0, "", "no currency: set the mapping's currency or map a currency column")
	}
	return nil
}

// findHeader reads up to the header row and resolves the mapped columns;
// a mapped column missing from the header is an error naming it.
func (run *genericRun) findHeader(rows genericRows) error {
	want := mappingColumnNames(run.spec.m.Columns)
	if run.spec.expense != "" {
		want = append(want, [2]string{"expense", run.spec.expense})
	}
	var best []string
	bestRow, bestHits := 0, -1
	for {
		rec, row, err := rows.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return run.spec.err(row, "", "cannot be read: %v", err)
		}
		hdr := make([]string, len(rec))
		for i, h := range rec {
			hdr[i] = genericHeaderKey(h)
		}
		if hr := run.spec.m.HeaderRow; hr > 0 {
			if row < hr {
				continue
			}
			return run.resolve(hdr, row, want)
		}
		hits := genericHits(hdr, want)
		if hits == len(want) {
			return run.resolve(hdr, row, want)
		}
		if hits > bestHits {
			best, bestRow, bestHits = hdr, row, hits
		}
		if row >= genericHeaderScan {
			break
		}
	}
	if best == nil {
		return run.spec.err(1, "", "the file has no rows; upload the bill with its header row")
	}
	return run.resolve(best, bestRow, want)
}

func genericHits(hdr []string, want [][2]string) int {
	hits := 0
	for _, w := range want {
		if genericPos(hdr, w[1]) >= 0 {
			hits++
		}
	}
	return hits
}

// genericHeaderKey is the name a header cell is matched by: normalised,
// and without a trailing (元), which some exports add and others drop.
func genericHeaderKey(s string) string { return strings.TrimSuffix(cnHeaderName(s), "(元)") }

func genericPos(hdr []string, name string) int {
	name = genericHeaderKey(name)
	for i, h := range hdr {
		if h == name {
			return i
		}
	}
	return -1
}

func (run *genericRun) resolve(hdr []string, row int, want [][2]string) error {
	for _, w := range want {
		if genericPos(hdr, w[1]) < 0 {
			return run.spec.err(row, w[1], "the header has no column %q (mapped as %s); fix the mapping or the file", w[1], w[0])
		}
	}
	c := run.spec.m.Columns
	pos := func(name string) int {
		if name == "" {
			return -1
		}
		return genericPos(hdr, name)
	}
	run.names = hdr
	run.cols = genericCols{payout: pos(c.PayoutRef), lineRef: pos(c.LineRef), typ: pos(c.Type), order: pos(c.OrderRef),
		refund: pos(c.RefundRef), txn: pos(c.TxnRef), sku: pos(c.SKU), qty: pos(c.Quantity), amount: pos(c.Amount),
		expense: pos(run.spec.expense), dir: pos(c.Direction), cur: pos(c.Currency), posted: pos(c.PostedAt)}
	return nil
}

func genericBlank(rec []string) bool {
	for _, f := range rec {
		if cnClean(f) != "" {
			return false
		}
	}
	return true
}

func genericGet(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return cnClean(rec[i])
}

// line turns one data row into a line.
func (run *genericRun) line(rec []string, row int) error {
	s, c := run.spec, run.cols
	cur, err := run.rowCurrency(rec, row)
	if err != nil {
		return err
	}
	amt, err := run.amount(rec, row, cur)
	if err != nil {
		return err
	}
	var at time.Time
	if c.posted >= 0 {
		v := genericGet(rec, c.posted)
		var ok bool
		if at, ok = cnTime(v, run.loc, s.m.TimeLayout); !ok {
			return s.err(row, run.names[c.posted], "%q is not a time; write it as 2006-01-02 15:04:05 or set the mapping's time_layout", v)
		}
	}
	qty, err := run.quantity(rec, row)
	if err != nil {
		return err
	}
	ref, err := run.payout(rec, row, cur, at)
	if err != nil {
		return err
	}
	typ := genericGet(rec, c.typ)
	kind, ok := s.m.Kinds[typ]
	if !ok {
		kind = settlement.Other
	}
	raw := genericRaw(rec)
	return run.sink.Line(settlement.Line{
		Key: run.key(rec, raw, ref), PayoutRef: ref, Kind: kind, Type: typ,
		OrderRef: genericGet(rec, c.order), RefundRef: genericGet(rec, c.refund), TxnRef: genericGet(rec, c.txn),
		SKU: genericGet(rec, c.sku), Quantity: qty, Amount: amt, PostedAt: at, Row: row, Raw: raw,
	})
}

func (run *genericRun) rowCurrency(rec []string, row int) (money.Currency, error) {
	if run.cols.cur < 0 {
		return run.cur, nil
	}
	v := genericGet(rec, run.cols.cur)
	if v == "" && run.cur != "" {
		return run.cur, nil
	}
	cur, err := money.ParseCurrency(v)
	if err != nil {
		return "", run.spec.err(row, run.names[run.cols.cur], "%q is not a currency code such as CNY", v)
	}
	return cur, nil
}

// amount reads the amount column (or income − |expense|), signed by the
// direction column when one is mapped: the direction's sign then applies
// to the magnitude.
func (run *genericRun) amount(rec []string, row int, cur money.Currency) (money.Amount, error) {
	c := run.cols
	v, err := run.decimal(rec, row, c.amount, cur, c.expense < 0)
	if err != nil {
		return money.Amount{}, err
	}
	if c.expense >= 0 {
		out, err := run.decimal(rec, row, c.expense, cur, false)
		if err != nil {
			return money.Amount{}, err
		}
		if out < 0 {
			out = -out
		}
		v -= out
	}
	if c.dir >= 0 {
		d := genericGet(rec, c.dir)
		sign, ok := mappingSign(run.spec.m.Signs[d])
		if !ok {
			return money.Amount{}, run.spec.err(row, run.names[c.dir], "%q is not one of the mapping's directions (%s); add it to the mapping's signs", d, genericKeys(run.spec.m.Signs))
		}
		if v < 0 {
			v = -v
		}
		v *= sign
	}
	return money.New(v, cur), nil
}

// decimal reads one amount cell in minor units. Currency symbols, spaces
// and thousands separators go; "(12.00)" is negative; comma decimals when
// the mapping says so. More decimals than the currency has is an error.
func (run *genericRun) decimal(rec []string, row, col int, cur money.Currency, required bool) (int64, error) {
	v := genericGet(rec, col)
	if v == "" && !required {
		return 0, nil
	}
	norm := genericNumber(v, run.spec.m.Decimal == ",")
	n, why := cnMinor(norm, cur.Exponent(), false)
	if why != "" {
		return 0, run.spec.err(row, run.names[col], "%q %s", v, why)
	}
	return n, nil
}

// genericNumber normalises a spreadsheet number to "-1234.56".
func genericNumber(s string, comma bool) string {
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, s[1:len(s)-1]
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '\u00a0' || r == '¥' || r == '￥' || r == '$' || r == '€' || r == '£' || r == '\'':
		case r == ',' && !comma, r == '.' && comma:
		case r == ',' && comma:
			b.WriteByte('.')
		case r == '−':
			b.WriteByte('-')
		default:
			b.WriteRune(r)
		}
	}
	out := b.String()
	if neg && !strings.HasPrefix(out, "-") {
		out = "-" + out
	}
	return out
}

func (run *genericRun) quantity(rec []string, row int) (int64, error) {
	v := genericGet(rec, run.cols.qty)
	if v == "" {
		return 0, nil
	}
	q, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, run.spec.err(row, run.names[run.cols.qty], "%q is not a whole number", v)
	}
	return q, nil
}

// payout is the payout column's value, or "<mapping name>:<yyyymmdd>" of
// the posted time; each payout is sent once, before its first line.
func (run *genericRun) payout(rec []string, row int, cur money.Currency, at time.Time) (string, error) {
	p := settlement.Payout{Currency: cur, Row: row}
	if run.cols.payout >= 0 {
		p.Ref = genericGet(rec, run.cols.payout)
		if p.Ref == "" {
			return "", run.spec.err(row, run.names[run.cols.payout], "is empty; every row names its payout")
		}
	} else {
		p.Ref = run.spec.m.Name + ":" + cnDay(at, run.loc)
		p.Start = cnDayStart(at, run.loc)
		p.End = p.Start.AddDate(0, 0, 1)
	}
	if run.payouts[p.Ref] {
		return p.Ref, nil
	}
	run.payouts[p.Ref] = true
	return p.Ref, run.sink.Payout(p)
}

// key is "<name>:<line_ref>" when the mapping has a line_ref column and
// the row a value in it, else
// "<name>:h<hash of the row>:<occurrence>", the occurrence counting
// identical rows of the file so two equal rows stay two lines. The
// occurrence table holds 12 bytes per distinct row; map a line_ref column
// for very large files.
func (run *genericRun) key(rec []string, raw, payout string) string {
	if run.cols.lineRef >= 0 {
		if v := genericGet(rec, run.cols.lineRef); v != "" {
			return run.spec.m.Name + ":" + v
		}
	}
	h := fnv.New64a()
	_, _ = io.WriteString(h, payout)
	_, _ = io.WriteString(h, "\x1f")
	_, _ = io.WriteString(h, raw)
	sum := h.Sum64()
	if run.seen == nil {
		run.seen = map[uint64]uint32{} // made on first use: a mapped line_ref column may still be empty on a row
	}
	n := run.seen[sum]
	run.seen[sum] = n + 1
	return run.spec.m.Name + ":h" + strconv.FormatUint(sum, 16) + ":" + strconv.FormatUint(uint64(n), 10)
}

// genericRaw writes the row back as a CSV line of its cleaned cells.
func genericRaw(rec []string) string {
	var b strings.Builder
	for i, f := range rec {
		if i > 0 {
			b.WriteByte(',')
		}
		f = cnClean(f)
		if strings.ContainsAny(f, ",\"\n\r") {
			b.WriteByte('"')
			b.WriteString(strings.ReplaceAll(f, "\"", "\"\""))
			b.WriteByte('"')
			continue
		}
		b.WriteString(f)
	}
	return b.String()
}

func genericKeys(m map[string]string) string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return strings.Join(ks, ", ")
}
