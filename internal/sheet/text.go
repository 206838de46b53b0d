package sheet

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/text"
	"github.com/xuri/excelize/v2"
)

// checkText refuses a table with a cell that breaks the text rule
// (internal/text), naming the row and column of the first such cell.
// replaced says the file was decoded from GBK with bytes that were not GBK
// either, which the decoder turned into U+FFFD: a cell holding one is
// refused too, as its bytes are lost.
func checkText(table [][]string, replaced bool) error {
	for r, row := range table {
		for c, cell := range row {
			reason := ""
			if err := text.Check(cell); err != nil {
				reason = err.Error()
			} else if replaced && strings.ContainsRune(cell, utf8.RuneError) {
				reason = "holds bytes that are neither UTF-8 nor GBK; save the file as UTF-8 CSV"
			}
			if reason != "" {
				return fault.Invalidf(cellName(table, r, c), "text_invalid", "row %d, column %s: the cell %s", r+1, columnName(table, r, c), reason)
			}
		}
	}
	return nil
}

// columnName is the column's letter and, when the header cell is readable,
// its name: C (title).
func columnName(table [][]string, r, c int) string {
	letter, err := excelize.ColumnNumberToName(c + 1)
	if err != nil {
		letter = fmt.Sprint(c + 1)
	}
	if r == 0 || c >= len(table[0]) || !text.Valid(table[0][c]) || table[0][c] == "" {
		return letter
	}
	return fmt.Sprintf("%s (%s)", letter, table[0][c])
}

func cellName(table [][]string, r, c int) string {
	name, err := excelize.CoordinatesToCellName(c+1, r+1)
	if err != nil {
		return ""
	}
	return name
}
