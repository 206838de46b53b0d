package parse

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/xuri/excelize/v2"
)

// genericRows is a source of rows: a CSV or one sheet of an .xlsx.
type genericRows interface {
	// next returns the next row and its 1-based number; io.EOF at the end.
	next() ([]string, int, error)
	close()
}

// openGenericRows sniffs the ZIP magic of an .xlsx; anything else is read
// as CSV, UTF-8 (with or without BOM) or GBK.
func openGenericRows(r io.Reader, sheet string) (genericRows, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if head, _ := br.Peek(4); string(head) == "PK\x03\x04" {
		return openXLSXRows(br, sheet)
	}
	cr := csv.NewReader(cnDecode(br))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	return &csvRows{r: cr}, nil
}

type csvRows struct {
	r    *csv.Reader
	last int // the line of the last record read
}

func (c *csvRows) next() ([]string, int, error) {
	rec, err := c.r.Read()
	if err != nil {
		line := c.last
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			line = pe.Line
		}
		return nil, line, err
	}
	c.last, _ = c.r.FieldPos(0)
	return rec, c.last, nil
}

func (c *csvRows) close() {}

// xlsxRows streams one sheet. excelize needs random access to the ZIP, so
// the upload is spooled to a temporary file first; rows are then read one
// at a time.
type xlsxRows struct {
	tmp  *os.File
	f    *excelize.File
	rows *excelize.Rows
	row  int
}

func openXLSXRows(r io.Reader, sheet string) (rows genericRows, err error) {
	// excelize is outside code reading outside input: a panic in it on a
	// malformed workbook is turned into a refusal of the file.
	defer func() {
		if p := recover(); p != nil {
			rows, err = nil, &xlsxError{reason: fmt.Sprintf("the workbook is malformed (%v); save it again as .xlsx or CSV", p)}
		}
	}()
	tmp, err := os.CreateTemp("", "fnshub-generic-*.xlsx")
	if err != nil {
		return nil, err
	}
	x := &xlsxRows{tmp: tmp}
	if _, err := io.Copy(tmp, r); err != nil {
		x.close()
		return nil, err
	}
	if x.f, err = excelize.OpenFile(tmp.Name()); err != nil {
		x.close()
		return nil, &xlsxError{reason: "the file starts like an .xlsx but cannot be opened (" + err.Error() + "); save it again as .xlsx or CSV"}
	}
	if sheet == "" {
		if names := x.f.GetSheetList(); len(names) > 0 {
			sheet = names[0]
		}
	}
	if x.rows, err = x.f.Rows(sheet); err != nil {
		x.close()
		return nil, &xlsxError{column: "sheet", reason: "the workbook has no sheet \"" + sheet + "\"" + "; set the mapping's sheet to one of its sheets"}
	}
	return x, nil
}

func (x *xlsxRows) next() (rec []string, row int, err error) {
	defer func() {
		if p := recover(); p != nil {
			rec, row, err = nil, x.row, fmt.Errorf("the workbook is malformed (%v)", p)
		}
	}()
	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil {
			return nil, x.row + 1, err
		}
		return nil, x.row, io.EOF
	}
	x.row++
	rec, err = x.rows.Columns()
	return rec, x.row, err
}

func (x *xlsxRows) close() {
	if x.rows != nil {
		_ = x.rows.Close()
	}
	if x.f != nil {
		_ = x.f.Close()
	}
	_ = x.tmp.Close()
	_ = os.Remove(x.tmp.Name())
}

// xlsxError is a workbook that cannot be read as the mapping says.
type xlsxError struct {
	column string
	reason string
}

func (e *xlsxError) Error() string { return e.reason }
