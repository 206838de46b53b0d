// Package sheet reads the files merchants import: CSV in UTF-8 (with or
// without a BOM) or GBK, and Excel .xlsx, into rows of cells.
package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// MaxBytes bounds an import file.
const MaxBytes = 64 << 20

// ReadTable reads a .csv or .xlsx file (by name) into rows of cells: of an
// .xlsx file, the first sheet, each cell as Excel shows it.
// Errors: Invalid, saying what to do with the file.
func ReadTable(name string, r io.Reader) ([][]string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("sheet: read %s: %w", name, err)
	}
	if len(data) > MaxBytes {
		return nil, fault.New(fault.Invalid, "file_too_large", "%s is larger than %d MiB; split it", name, MaxBytes>>20)
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".txt":
		return ReadCSV(data)
	case ".xlsx":
		return readXLSX(data)
	}
	return nil, fault.New(fault.Invalid, "file_type", "%s: import .csv or .xlsx files (save .xls as .xlsx first)", name)
}

// ReadCSV reads CSV bytes: UTF-8 with or without a BOM, or GBK/GB18030 (what
// Chinese Excel writes) when they are not valid UTF-8.
func ReadCSV(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	replaced := false
	if !utf8.Valid(data) {
		decoded, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return nil, fault.New(fault.Invalid, "encoding", "the file is neither UTF-8 nor GBK; save it as UTF-8 CSV")
		}
		// The decoder turns bytes that are not GBK into U+FFFD silently; a
		// file that does not encode back to itself had some.
		again, err := simplifiedchinese.GB18030.NewEncoder().Bytes(decoded)
		replaced = err != nil || !bytes.Equal(again, data)
		data = decoded
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	table, err := cr.ReadAll()
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, fault.New(fault.Invalid, "csv_invalid", "row %d, column %d: %v", pe.StartLine, pe.Column, pe.Err)
	}
	if err != nil {
		return nil, err
	}
	return table, checkText(table, replaced)
}

func readXLSX(data []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, fault.New(fault.Invalid, "xlsx_invalid", "not a readable .xlsx file: %v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fault.New(fault.Invalid, "xlsx_empty", "the workbook has no sheets")
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, fault.New(fault.Invalid, "xlsx_invalid", "cannot read sheet %s: %v", sheets[0], err)
	}
	raw, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fault.New(fault.Invalid, "xlsx_invalid", "cannot read sheet %s: %v", sheets[0], err)
	}
	fixDates(f, sheets[0], rows, raw)
	return rows, checkText(rows, false)
}

// fixDates rewrites date cells as "2006-01-02 15:04:05". Excel stores a
// date as a number of days and shows it by a format that excelize renders
// in US style ("11/11/26 20:30"), losing the century and the seconds.
func fixDates(f *excelize.File, sheet string, rows, raw [][]string) {
	date1904 := false
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		date1904 = *p.Date1904
	}
	for r := range min(len(rows), len(raw)) {
		for c := range min(len(rows[r]), len(raw[r])) {
			if rows[r][c] == raw[r][c] {
				continue
			}
			serial, err := strconv.ParseFloat(raw[r][c], 64)
			if err != nil || !isDateCell(f, sheet, c+1, r+1) {
				continue
			}
			if t, err := excelize.ExcelDateToTime(serial, date1904); err == nil {
				rows[r][c] = t.Round(time.Second).Format(time.DateTime)
			}
		}
	}
}

// dateFormats are Excel's built-in date and time number formats.
var dateFormats = map[int]bool{14: true, 15: true, 16: true, 17: true, 18: true, 19: true, 20: true, 21: true, 22: true,
	27: true, 28: true, 29: true, 30: true, 31: true, 32: true, 33: true, 34: true, 35: true, 36: true,
	45: true, 46: true, 47: true, 50: true, 51: true, 52: true, 53: true, 54: true, 55: true, 56: true, 57: true, 58: true}

var quoted = regexp.MustCompile(`"[^"]*"|\[[^\]]*\]|\\.`)

func isDateCell(f *excelize.File, sheet string, col, row int) bool {
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return false
	}
	id, err := f.GetCellStyle(sheet, name)
	if err != nil {
		return false
	}
	st, err := f.GetStyle(id)
	switch {
	case err != nil || st == nil:
		return false
	case st.CustomNumFmt != nil:
		return strings.ContainsAny(strings.ToLower(quoted.ReplaceAllString(*st.CustomNumFmt, "")), "ymdhs")
	}
	return dateFormats[st.NumFmt]
}
