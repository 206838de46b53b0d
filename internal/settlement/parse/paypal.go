package parse

import (
	"context"
	"io"
	"strings"

	"github.com/fnshub/fnshub/internal/settlement"
)

const paypalName = "paypal-stl"

// paypalSTL reads PayPal's Settlement Report (STL-yyyymmdd.A.seq.ver.CSV):
// CSV rows whose first field names the row type — RH/FH report and file
// headers, SH section header (one settlement period of one account), CH
// column names, SB one transaction each, SF/SC, RF/RC, FF/FC footers with
// totals and counts.
var paypalSTL = settlement.Format{
	Name:     paypalName,
	Platform: "",
	Summary:  "PayPal Settlement Report (STL CSV from SFTP: RH/FH/SH/CH/SB/SF/SC/RF/RC/FF/FC rows)",
	Parse:    parsePayPal,
}

// paypalCols are the CH positions the parser reads, -1 when absent.
type paypalCols struct {
	txnID, invoice, event, initiated, completed  int
	grossDC, gross, grossCur, feeDC, fee, feeCur int
	custom                                       int
}

var paypalRequired = []string{"Transaction ID", "Transaction Event Code", "Transaction Debit or Credit",
	"Gross Transaction Amount", "Gross Transaction Currency"}

func newPayPalCols(h header) paypalCols {
	return paypalCols{
		txnID: h.col("Transaction ID"), invoice: h.col("Invoice ID"), event: h.col("Transaction Event Code"),
		initiated: h.col("Transaction Initiation Date"), completed: h.col("Transaction Completion Date"),
		grossDC: h.col("Transaction Debit or Credit"), gross: h.col("Gross Transaction Amount"),
		grossCur: h.col("Gross Transaction Currency"), feeDC: h.col("Fee Debit or Credit"),
		fee: h.col("Fee Amount"), feeCur: h.col("Fee Currency"), custom: h.col("Custom Field"),
	}
}

// paypalSection is the SH section being read: one payout.
type paypalSection struct {
	open   bool
	payout settlement.Payout
	sent   bool // the payout goes to the sink with the section's first SB row
	rows   int
	row    int // the SH row
}

// paypalParser holds one parse's state: one record, the column map and
// three counters, whatever the file's length.
type paypalParser struct {
	lines   lineReader
	sink    settlement.Sink
	fields  []string
	cols    *paypalCols
	names   []string
	section paypalSection
	report  int  // SB rows since RH
	file    int  // SB rows in the file
	done    bool // FC read
	long    strings.Builder
	arena   stringArena
	row     int // first line of the record being read
}

func parsePayPal(ctx context.Context, r io.Reader, opt settlement.Options, sink settlement.Sink) error {
	br, err := openInput(r)
	if err != nil {
		return rowError(paypalName, 1, "", "%v", err)
	}
	p := &paypalParser{lines: lineReader{br: br, ctx: ctx}, sink: sink}
	for {
		raw, err := p.record()
		if err == io.EOF {
			return p.end()
		}
		if err != nil {
			return err
		}
		if raw == "" {
			continue
		}
		if err := p.dispatch(raw); err != nil {
			return err
		}
	}
}

// record reads one CSV record (more than one line when a quoted field
// holds a newline) and splits it into p.fields. A blank line is "".
func (p *paypalParser) record() (string, error) {
	line, err := p.lines.next()
	if err != nil {
		return "", p.readErr(err)
	}
	p.row = p.lines.n
	if blank(line, ',') {
		return "", nil
	}
	raw := p.arena.string(line)
	var complete bool
	for p.fields, complete = splitCSV(raw, p.fields); !complete; p.fields, complete = splitCSV(raw, p.fields) {
		more, err := p.lines.next()
		if err == io.EOF {
			return "", rowError(paypalName, p.row, "", "a quoted field is never closed: the file is cut short or malformed")
		}
		if err != nil {
			return "", p.readErr(err)
		}
		p.long.Reset()
		p.long.WriteString(raw)
		p.long.WriteByte('\n')
		p.long.Write(more)
		raw = p.long.String()
	}
	return raw, nil
}

func (p *paypalParser) readErr(err error) error {
	if err == io.EOF {
		return err
	}
	return readError(paypalName, p.lines.n+1, err)
}

// dispatch handles one record by its row type.
func (p *paypalParser) dispatch(raw string) error {
	kind := strings.TrimSpace(p.fields[0])
	if p.done {
		return rowError(paypalName, p.row, "", "a %s row after the file footer (FC); the file holds more than one file's rows", kind)
	}
	switch kind {
	case "RH":
		p.report = 0
	case "FH", "SF", "RF", "FF":
		// headers and totals: the counts in SC/RC/FC are what shows a cut
	case "SH":
		return p.openSection()
	case "CH":
		return p.columns()
	case "SB":
		return p.body(raw)
	case "SC":
		return p.closeSection()
	case "RC":
		return p.checkCount("Report Record Count", p.report, "report")
	case "FC":
		p.done = true
		return p.checkCount("File Record Count", p.file, "file")
	default:
		return rowError(paypalName, p.row, "", "unknown row type %q; an STL file holds RH, FH, SH, CH, SB, SF, SC, RF, RC, FF and FC rows", kind)
	}
	return nil
}

// end is reached at EOF: a file without its footer was cut short.
func (p *paypalParser) end() error {
	if p.section.open {
		return rowError(paypalName, p.lines.n+1, "", "the file ends inside the section opened on row %d (no SC row): it is truncated; download it again", p.section.row)
	}
	if !p.done {
		return rowError(paypalName, p.lines.n+1, "", "the file ends without its FC footer row: it is truncated or not an STL file")
	}
	return nil
}

func (p *paypalParser) columns() error {
	p.names = append(p.names[:0], p.fields...)
	h := newHeader(p.names)
	if miss := h.missing(paypalRequired); len(miss) > 0 {
		return rowError(paypalName, p.row, miss[0], "the CH row lacks the column(s) %s", strings.Join(miss, ", "))
	}
	c := newPayPalCols(h)
	p.cols = &c
	return nil
}
