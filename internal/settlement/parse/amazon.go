package parse

import (
	"context"
	"io"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/settlement"
)

const amazonName = "amazon-v2"

// amazonV2 reads GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2: a tab-delimited
// file whose first row after the header is the settlement summary and
// whose other rows are one amount each.
var amazonV2 = settlement.Format{
	Name:     amazonName,
	Platform: "amazon",
	Summary:  "Amazon settlement report V2 flat file (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2, tab-delimited, gzip or plain)",
	Parse:    parseAmazonV2,
}

// amazonColumns are the 23 columns Amazon documents, in its order. Rows are
// hashed over these (those present) for their keys, so a trailing column
// some files add (promotion-id) does not change a line's key.
var amazonColumns = []string{
	"settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date", "total-amount", "currency",
	"transaction-type", "order-id", "merchant-order-id", "adjustment-id", "shipment-id", "marketplace-name",
	"amount-type", "amount-description", "amount", "fulfillment-id", "posted-date", "posted-date-time",
	"order-item-code", "merchant-order-item-id", "merchant-adjustment-item-id", "sku", "quantity-purchased",
}

// amazonRequired are the columns without which a row cannot be read.
var amazonRequired = []string{
	"settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date", "total-amount", "currency",
	"transaction-type", "amount-type", "amount-description", "amount",
}

// amazonCols are the positions of the columns the parser reads; -1 absent.
type amazonCols struct {
	settlementID, start, end, deposit, total, currency       int
	txnType, orderID, adjustmentID, shipmentID, marketplace  int
	amountType, amountDesc, amount, postedDate, postedDateAt int
	sku, quantity                                            int
	hashed                                                   []int // amazonColumns present, in that order
}

func newAmazonCols(h header) amazonCols {
	c := amazonCols{
		settlementID: h.col("settlement-id"), start: h.col("settlement-start-date"), end: h.col("settlement-end-date"),
		deposit: h.col("deposit-date"), total: h.col("total-amount"), currency: h.col("currency"),
		txnType: h.col("transaction-type"), orderID: h.col("order-id"), adjustmentID: h.col("adjustment-id"),
		shipmentID: h.col("shipment-id"), marketplace: h.col("marketplace-name"), amountType: h.col("amount-type"),
		amountDesc: h.col("amount-description"), amount: h.col("amount"), postedDate: h.col("posted-date"),
		postedDateAt: h.col("posted-date-time"), sku: h.col("sku"), quantity: h.col("quantity-purchased"),
	}
	for _, n := range amazonColumns {
		if i := h.col(n); i >= 0 {
			c.hashed = append(c.hashed, i)
		}
	}
	return c
}

// amazonParser holds one parse's state. Memory is bounded whatever the
// file's length: one line, the summary, and the occurrence counts
// (occurrences caps them).
type amazonParser struct {
	lines   lineReader
	sink    settlement.Sink
	loc     *time.Location
	cols    amazonCols
	names   []string // header names by position, for messages
	fields  []string
	payout  settlement.Payout
	summary bool
	// monthFirst reads slashed dates with the year last as month/day:
	// only the US marketplace (USD) writes them so.
	monthFirst bool
	seen       *occurrences
	keyBuf     []byte
	arena      stringArena
}

func parseAmazonV2(ctx context.Context, r io.Reader, opt settlement.Options, sink settlement.Sink) error {
	br, err := openInput(r)
	if err != nil {
		return rowError(amazonName, 1, "", "%v", err)
	}
	// Amazon writes its dates in UTC; a zone-less one is read in the
	// location the caller chose, else UTC (not Options.Loc's Shanghai
	// default, which is for the Chinese wallets' bills).
	loc := opt.Location
	if loc == nil {
		loc = time.UTC
	}
	p := &amazonParser{lines: lineReader{br: br, ctx: ctx}, sink: sink, loc: loc, seen: newOccurrences()}
	if err := p.readHeader(); err != nil {
		return err
	}
	return p.readRows()
}

func (p *amazonParser) readHeader() error {
	line, err := p.lines.next()
	if err == io.EOF {
		return rowError(amazonName, 1, "", "the file is empty; expected the V2 settlement report's header row")
	}
	if err != nil {
		return readError(amazonName, 1, err)
	}
	p.names = splitTabs(string(line), nil)
	h := newHeader(p.names)
	if miss := h.missing(amazonRequired); len(miss) > 0 {
		return rowError(amazonName, 1, miss[0],
			"the header lacks the column(s) %s; is this a GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2 report (tab-delimited)?",
			strings.Join(miss, ", "))
	}
	p.cols = newAmazonCols(h)
	return nil
}

func (p *amazonParser) readRows() error {
	for {
		line, err := p.lines.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return readError(amazonName, p.lines.n+1, err)
		}
		if blank(line, '\t') {
			continue
		}
		raw := p.arena.string(line)
		p.fields = splitTabs(raw, p.fields)
		if !p.summary {
			err = p.readSummary(raw)
		} else {
			err = p.readDetail(raw)
		}
		if err != nil {
			return err
		}
	}
	if !p.summary {
		return rowError(amazonName, p.lines.n+1, "", "the file has a header but no settlement summary row")
	}
	return nil
}

// get returns the trimmed value of the column at i.
func (p *amazonParser) get(i int) string { return strings.TrimSpace(field(p.fields, i)) }

// name is the header name of column i, for messages.
func (p *amazonParser) name(i int) string { return strings.TrimSpace(field(p.names, i)) }
