package shipsheet

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/xuri/excelize/v2"
)

// SheetName is the name of the exported sheet.
const SheetName = "待发货 Pending"

// Pending is one order awaiting shipment, as the sheet shows it.
type Pending struct {
	Order   *order.Record
	Contact *pii.Contact // nil: none given, or not for this reader
}

// Options shape an export.
type Options struct {
	Location *time.Location // the merchant's zone for the times; nil: UTC
	// Contacts adds the name, phone and address columns: only for a reader
	// whose role may see a buyer's contact in full.
	Contacts bool
}

// timeLayout is how the sheet writes times: what Excel and WPS read as a
// date and time in the merchant's zone.
const timeLayout = "2006-01-02 15:04:05"

// columns lists the sheet's columns in order.
func (o Options) columns() []column {
	cols := []column{colOrder, colShop, colExternal, colCreated, colPaid, colLines, colUnits, colWH, colProvince}
	if o.Contacts {
		cols = append(cols, colName, colPhone, colAddress)
	}
	return append(cols, colCarrier, colTracking)
}

// Write writes orders as an .xlsx workbook of one sheet: a header row,
// then one row per order with blank carrier and tracking cells, typed as
// text so a long tracking number stays as it was typed.
func Write(w io.Writer, orders []Pending, opt Options) error {
	if opt.Location == nil {
		opt.Location = time.UTC
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName(f.GetSheetName(0), SheetName); err != nil {
		return fmt.Errorf("shipsheet: %w", err)
	}
	cols := opt.columns()
	if err := layout(f, cols); err != nil {
		return err
	}
	for i, p := range orders {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(SheetName, cell, ptr(row(p, cols, opt.Location))); err != nil {
			return fmt.Errorf("shipsheet: write order %d: %w", p.Order.ID, err)
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("shipsheet: write the workbook: %w", err)
	}
	return nil
}

// layout writes the header row, sets the widths, makes the columns to
// fill in text cells and wraps the cells of many lines.
func layout(f *excelize.File, cols []column) error {
	styles, bold, err := newStyles(f)
	if err != nil {
		return err
	}
	headers := make([]any, len(cols))
	for i, c := range cols {
		headers[i] = c.header()
		name, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(SheetName, name, name, c.width); err != nil {
			return fmt.Errorf("shipsheet: %w", err)
		}
		if st, ok := styles[c]; ok {
			if err := f.SetColStyle(SheetName, name, st); err != nil {
				return fmt.Errorf("shipsheet: %w", err)
			}
		}
	}
	if err := f.SetSheetRow(SheetName, "A1", &headers); err != nil {
		return fmt.Errorf("shipsheet: %w", err)
	}
	last, _ := excelize.CoordinatesToCellName(len(cols), 1)
	if err := f.SetCellStyle(SheetName, "A1", last, bold); err != nil {
		return fmt.Errorf("shipsheet: %w", err)
	}
	return f.SetPanes(SheetName, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// newStyles makes the columns' styles and the header's.
func newStyles(f *excelize.File) (map[column]int, int, error) {
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": text, so 7730000000001 stays as typed
	if err != nil {
		return nil, 0, fmt.Errorf("shipsheet: %w", err)
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}) // one order line per line
	if err != nil {
		return nil, 0, fmt.Errorf("shipsheet: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, 0, fmt.Errorf("shipsheet: %w", err)
	}
	return map[column]int{colExternal: text, colCarrier: text, colTracking: text, colLines: wrap, colAddress: wrap}, bold, nil
}

func ptr(v []any) *[]any { return &v }

// row is p's cells for cols.
func row(p Pending, cols []column, loc *time.Location) []any {
	rec := p.Order
	out := make([]any, len(cols))
	for i, c := range cols {
		switch c {
		case colOrder:
			out[i] = int64(rec.ID)
		case colShop:
			out[i] = rec.Shop
		case colExternal:
			out[i] = rec.ExternalID
		case colCreated:
			out[i] = local(rec.CreatedAt, loc)
		case colPaid:
			out[i] = local(rec.PaidAt, loc)
		case colLines:
			out[i] = lines(rec.Lines)
		case colUnits:
			out[i] = units(rec.Lines)
		case colWH:
			out[i] = warehouses(rec)
		case colProvince:
			out[i] = rec.Province
		case colName, colPhone, colAddress:
			out[i] = contactCell(p.Contact, c)
		default:
			out[i] = "" // carrier and tracking: to fill in
		}
	}
	return out
}

func local(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(timeLayout)
}

// lines writes one line per order line in the cell: "SKU ×2 title".
func lines(ls []order.Line) string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = strings.TrimSpace(fmt.Sprintf("%s ×%d %s", l.SKU, l.Quantity, l.Title))
	}
	return strings.Join(out, "\n")
}

func units(ls []order.Line) int64 {
	var n int64
	for _, l := range ls {
		n += l.Quantity
	}
	return n
}

// warehouses names the warehouses the order's stock was reserved in.
func warehouses(rec *order.Record) string {
	var whs []string
	for _, l := range rec.Lines {
		if l.Warehouse != "" && !slices.Contains(whs, l.Warehouse) {
			whs = append(whs, l.Warehouse)
		}
	}
	if len(whs) == 0 && rec.Warehouse != "" {
		whs = append(whs, rec.Warehouse)
	}
	return strings.Join(whs, ", ")
}

func contactCell(c *pii.Contact, col column) string {
	if c == nil {
		return ""
	}
	switch col {
	case colName:
		return c.Name
	case colPhone:
		return c.Phone
	}
	return strings.Join(slices.DeleteFunc([]string{c.Province, c.City, c.District, c.Detail}, func(s string) bool { return s == "" }), " ")
}
