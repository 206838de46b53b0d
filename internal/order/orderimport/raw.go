package orderimport

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// rawRows is the form of Order.Raw: an order's rows, keyed by column.
type rawRows struct {
	Source string              `json:"source"`
	Rows   []map[string]string `json:"rows"`
}

// ParseRaw rebuilds the order that Raw (of an Order or a Skipped order)
// was taken from, by reading its rows again as a table with today's
// rules: replaying a kept import after a fix reads it as importing it
// afresh would. Row numbers are those of the rebuilt table.
func ParseRaw(raw []byte, loc *time.Location) (Parsed, error) {
	var r rawRows
	if err := json.Unmarshal(raw, &r); err != nil || r.Source != "import" || len(r.Rows) == 0 {
		return Parsed{}, fmt.Errorf("orderimport: not the rows of an imported order")
	}
	var cols []string
	for _, row := range r.Rows {
		for col := range row {
			if col != "row" && !slices.Contains(cols, col) {
				cols = append(cols, col)
			}
		}
	}
	slices.Sort(cols)
	table := [][]string{cols}
	for _, row := range r.Rows {
		cells := make([]string, len(cols))
		for i, col := range cols {
			cells[i] = row[col]
		}
		table = append(table, cells)
	}
	return Parse(table, loc), nil
}
