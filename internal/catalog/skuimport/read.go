package skuimport

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// MaxBytes bounds an import file.
const MaxBytes = 64 << 20

// ReadTable reads a .csv or .xlsx file (by name) into rows of cells.
func ReadTable(name string, r io.Reader) ([][]string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, err
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

// ReadCSV reads CSV bytes, decoding GBK/GB18030 when they are not UTF-8.
func ReadCSV(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		decoded, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return nil, fault.New(fault.Invalid, "encoding", "the file is neither UTF-8 nor GBK; save it as UTF-8 CSV")
		}
		data = decoded
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	table, err := cr.ReadAll()
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, fault.New(fault.Invalid, "csv_invalid", "row %d, column %d: %v", pe.StartLine, pe.Column, pe.Err)
	}
	return table, err
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
		return nil, fmt.Errorf("skuimport: read sheet %s: %w", sheets[0], err)
	}
	return rows, nil
}

func fieldOf(err error) string {
	var fe *fault.Error
	if errors.As(err, &fe) {
		return fe.Field
	}
	return ""
}
