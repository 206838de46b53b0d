package invoicesheet

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/invoice"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/sheet"
)

// RowError is one problem in the file (sheet.RowError).
type RowError = sheet.RowError

// Issued is one row of the issued import: the invoice the tax-invoicing
// system issued, by its 发票流水号 or, when that is blank, by the order
// (whose one pending request it is).
type Issued struct {
	Row      int // the spreadsheet row (the header is row 1)
	Invoice  invoice.ID
	OrderID  order.ID
	Number   string
	IssuedOn string // YYYY-MM-DD
}

// Parsed is what ParseIssued found.
type Parsed struct {
	Rows   []Issued
	Errors []RowError
}

// headerNames are the headers each column may have: the export's, the
// English ones, and what tax-invoicing systems' lists of issued invoices
// call them.
var headerNames = map[string][]string{
	"serial": {"发票流水号", "流水号", "serial"},
	"order":  {"订单号", "order", "order_id"},
	"number": {"发票号码", "数电发票号码", "数电票号码", "number", "invoice_number"},
	"date":   {"开票日期", "issued_on", "date"},
}

var digits = regexp.MustCompile(`^\d{8}$|^\d{20}$`)

// ParseIssued reads a table (header first) of issued invoices. Every row
// must give the 发票号码 and 开票日期, and the 发票流水号 or the 订单号; an
// error names its row, column and the fix. The same invoice twice is an
// error, so that one file issues each invoice once.
func ParseIssued(table [][]string) Parsed {
	if len(table) == 0 {
		return Parsed{Errors: []RowError{{Row: 1, Reason: "the file is empty; give a header row 订单号, 发票号码, 开票日期 (and 发票流水号 from the export)"}}}
	}
	cols, errs := issuedHeader(table[0])
	if len(errs) > 0 {
		return Parsed{Errors: errs}
	}
	var p Parsed
	seen := map[string]int{}
	for i, cells := range table[1:] {
		n := i + 2
		if blankRow(cells) {
			continue
		}
		r, errs := cols.row(table[0], n, cells)
		if len(errs) > 0 {
			p.Errors = append(p.Errors, errs...)
			continue
		}
		key := fmt.Sprintf("i%d", r.Invoice)
		if r.Invoice == 0 {
			key = fmt.Sprintf("o%d", r.OrderID)
		}
		if first, dup := seen[key]; dup {
			p.Errors = append(p.Errors, RowError{Row: n, Reason: fmt.Sprintf("row %d issues this invoice already; keep one row per invoice", first)})
			continue
		}
		seen[key] = n
		p.Rows = append(p.Rows, r)
	}
	return p
}

type issuedCols map[string]int

func issuedHeader(h []string) (issuedCols, []RowError) {
	cols := issuedCols{}
	for i, cell := range h {
		name := strings.ToLower(strings.TrimSpace(cell))
		for col, names := range headerNames {
			for _, want := range names {
				if name == strings.ToLower(want) {
					if _, dup := cols[col]; dup {
						return nil, []RowError{{Row: 1, Column: cell, Reason: "this column is in the header twice; keep one"}}
					}
					cols[col] = i
				}
			}
		}
	}
	var errs []RowError
	for _, col := range []string{"number", "date"} {
		if _, ok := cols[col]; !ok {
			errs = append(errs, RowError{Row: 1, Reason: fmt.Sprintf("no column %s; the header needs 发票号码 and 开票日期", headerNames[col][0])})
		}
	}
	_, hasSerial := cols["serial"]
	if _, hasOrder := cols["order"]; !hasSerial && !hasOrder {
		errs = append(errs, RowError{Row: 1, Reason: "no column 发票流水号 or 订单号: name the invoice by one of them"})
	}
	return cols, errs
}

func (c issuedCols) cell(cells []string, col string) string {
	i, ok := c[col]
	if !ok || i >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[i])
}

func (c issuedCols) row(header []string, n int, cells []string) (Issued, []RowError) {
	r := Issued{Row: n}
	var errs []RowError
	bad := func(col, reason string) {
		errs = append(errs, RowError{Row: n, Column: header[c[col]], Reason: reason})
	}
	if s := c.cell(cells, "serial"); s != "" {
		id, err := strconv.ParseInt(strings.TrimPrefix(s, "FNS-INV-"), 10, 64)
		if err != nil || id <= 0 || !strings.HasPrefix(s, "FNS-INV-") {
			bad("serial", fmt.Sprintf("%q is not a 发票流水号 of the export (FNS-INV- and a number)", s))
		}
		r.Invoice = invoice.ID(id)
	}
	if s := c.cell(cells, "order"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			bad("order", fmt.Sprintf("%q is not a hub order id (a positive number)", s))
		}
		r.OrderID = order.ID(id)
	}
	if r.Invoice == 0 && r.OrderID == 0 && len(errs) == 0 {
		errs = append(errs, RowError{Row: n, Reason: "give the 发票流水号 or the 订单号 of the invoice"})
	}
	if r.Number = c.cell(cells, "number"); !digits.MatchString(r.Number) {
		bad("number", fmt.Sprintf("%q is neither a 20-digit 数电 number nor an 8-digit paper one", r.Number))
	}
	date, err := issueDate(c.cell(cells, "date"))
	if err != nil {
		bad("date", err.Error())
	}
	r.IssuedOn = date
	return r, errs
}

// issueDate reads 开票日期 as tax systems write it: 2026-12-01,
// 2026/12/01, 20261201 or 2026年12月01日, with a time after it or not.
func issueDate(s string) (string, error) {
	if f := strings.Fields(s); len(f) > 0 {
		s = f[0]
	}
	for _, layout := range []string{"2006-01-02", "2006/01/02", "2006/1/2", "20060102", "2006年01月02日", "2006年1月2日"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), nil
		}
	}
	return "", fmt.Errorf("%q is not a date: write it 2026-12-01", s)
}

func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
