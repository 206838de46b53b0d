package erp

import (
	"fmt"
	"io"
	"slices"

	"github.com/xuri/excelize/v2"
)

// amountColumns are the headers whose cells are amounts: written as
// numbers, from the exact decimal text (never through a float), so the
// importer reads 12.30 and not "12.30" as text.
var amountColumns = []string{"原币金额", "借方金额", "贷方金额", "Debit", "Credit",
	"Journal Items/Debit", "Journal Items/Credit", "debit", "credit"}

// WriteXLSX writes vs in the layout as an Excel workbook of one sheet.
func (l Layout) WriteXLSX(w io.Writer, vs []Voucher, o FileOptions) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	numeric := make([]bool, len(l.Header))
	for i, h := range l.Header {
		numeric[i] = slices.Contains(amountColumns, h)
	}
	for r, row := range l.Rows(vs, o) {
		for c, v := range row {
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return err
			}
			if r > 0 && numeric[c] && v != "" {
				err = f.SetCellDefault(sheet, cell, v)
			} else {
				err = f.SetCellStr(sheet, cell, v)
			}
			if err != nil {
				return fmt.Errorf("erp: %s xlsx cell %s: %w", l.Name, cell, err)
			}
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("erp: write %s xlsx: %w", l.Name, err)
	}
	return nil
}
