package sheet

import "fmt"

// RowError is one problem in an imported file. Row is the spreadsheet row
// number (the header is row 1); Column is the header as the file writes it,
// or empty when the problem is the whole row.
type RowError struct {
	Row    int
	Column string
	Reason string
}

func (e RowError) String() string {
	if e.Column == "" {
		return fmt.Sprintf("row %d: %s", e.Row, e.Reason)
	}
	return fmt.Sprintf("row %d, column %s: %s", e.Row, e.Column, e.Reason)
}
