package terms

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/money"
)

// MaxImportRows bounds one import: ten years of daily rates for a dozen
// pairs is well below it.
const MaxImportRows = 100_000

// CSVOptions say how to read a rates file.
type CSVOptions struct {
	// Base is the currency a wide file's rates are of ("EUR" for the
	// ECB's: a column USD 1.0823 is 1 EUR = 1.0823 USD). Needed only for
	// the wide form.
	Base   money.Currency
	Source string // recorded with each rate; "csv" when ""
}

// ParseCSV reads rates in one of two forms, told apart by the header:
//
//	date,from,to,rate            one rate a row (any column order; a
//	2026-11-30,USD,CNY,7.1234    "source" column is kept when present)
//
//	date,USD,JPY,CNY             wide, as the ECB and PBoC publish: one day
//	2026-11-30,1.0823,162.1,7.7  a row, one column per currency, each the
//	                             price of one Base; empty or N/A cells skipped
//
// A UTF-8 byte-order mark is skipped. Any bad cell fails the whole file,
// naming its row (1 = the header) and column, so nothing is half imported.
func ParseCSV(data []byte, opt CSVOptions) ([]FXRate, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err == io.EOF {
		return nil, fault.Invalidf("file", "fx_csv_empty", "the file is empty; the first line is the header date,from,to,rate")
	}
	if err != nil {
		return nil, csvError(err)
	}
	cols := map[string]int{}
	for i, h := range header {
		cols[strings.ToLower(strings.TrimSpace(h))] = i
	}
	if _, ok := cols["date"]; !ok {
		return nil, fault.Invalidf("row 1", "fx_csv_header", "the header has no date column; write date,from,to,rate (or date,USD,JPY… with a base currency)")
	}
	source := opt.Source
	if source == "" {
		source = "csv"
	}
	_, hasFrom := cols["from"]
	_, hasTo := cols["to"]
	_, hasRate := cols["rate"]
	if hasFrom || hasTo || hasRate {
		if !hasFrom || !hasTo || !hasRate {
			return nil, fault.Invalidf("row 1", "fx_csv_header", "the header names some of from, to, rate but not all; write date,from,to,rate")
		}
		return readLong(r, cols, source)
	}
	return readWide(r, header, cols["date"], opt.Base, source)
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fault.Invalidf(fmt.Sprintf("row %d", pe.Line), "fx_csv_malformed", "the file is not CSV at line %d: %v", pe.Line, pe.Err)
	}
	return fault.Invalidf("file", "fx_csv_malformed", "the file cannot be read as CSV: %v", err)
}

// rows reads every record after the header, bounded.
func rows(r *csv.Reader, each func(row int, rec []string) error) error {
	for row := 2; ; row++ {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(err)
		}
		if row-1 > MaxImportRows {
			return fault.Invalidf("file", "fx_csv_too_long", "a file holds at most %d rows; split it", MaxImportRows)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if err := each(row, rec); err != nil {
			return err
		}
	}
}

func cell(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

func readLong(r *csv.Reader, cols map[string]int, source string) ([]FXRate, error) {
	src, hasSource := cols["source"]
	var out []FXRate
	err := rows(r, func(row int, rec []string) error {
		fx := FXRate{Date: cell(rec, cols["date"]), Rate: cell(rec, cols["rate"]), Source: source,
			From: money.Currency(strings.ToUpper(cell(rec, cols["from"]))), To: money.Currency(strings.ToUpper(cell(rec, cols["to"])))}
		if s := cell(rec, src); hasSource && s != "" {
			fx.Source = s
		}
		if err := fx.Validate(); err != nil {
			return atRow(row, err)
		}
		out = append(out, fx)
		return nil
	})
	return out, err
}

func readWide(r *csv.Reader, header []string, dateCol int, base money.Currency, source string) ([]FXRate, error) {
	if !base.Valid() {
		return nil, fault.Invalidf("base", "fx_base_missing",
			"a wide rates file (date,USD,JPY…) needs the currency its rates are of: give --base EUR (ECB) or --base CNY; or write date,from,to,rate")
	}
	ccy := make([]money.Currency, len(header))
	for i, h := range header {
		if i == dateCol {
			continue
		}
		c := money.Currency(strings.ToUpper(strings.TrimSpace(h)))
		if c != "" && !c.Valid() {
			return nil, fault.Invalidf(fmt.Sprintf("row 1, column %d", i+1), "currency_invalid", "column %q is not an ISO 4217 currency code", h)
		}
		ccy[i] = c
	}
	var out []FXRate
	err := rows(r, func(row int, rec []string) error {
		date := cell(rec, dateCol)
		for i, c := range ccy {
			v := cell(rec, i)
			if c == "" || c == base || v == "" || strings.EqualFold(v, "N/A") || v == "-" {
				continue
			}
			fx := FXRate{From: base, To: c, Date: date, Rate: v, Source: source}
			if err := fx.Validate(); err != nil {
				return atRow(row, fmt.Errorf("column %s: %w", c, err))
			}
			out = append(out, fx)
		}
		return nil
	})
	return out, err
}

// atRow names the row in a cell's error, keeping its kind and code.
func atRow(row int, err error) error {
	var fe *fault.Error
	if errors.As(err, &fe) {
		out := *fe
		out.Field = fmt.Sprintf("row %d: %s", row, fe.Field)
		out.Message = fmt.Sprintf("row %d: %s", row, err.Error())
		return &out
	}
	return fault.Invalidf(fmt.Sprintf("row %d", row), "fx_csv_row", "row %d: %v", row, err)
}
