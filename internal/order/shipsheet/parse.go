package shipsheet

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/sheet"
)

// RowError is one problem in the file (sheet.RowError).
type RowError = sheet.RowError

// Shipment is one row that ships an order: by its fnshub id, or by its
// shop and platform order id when the id is blank.
type Shipment struct {
	Row        int // the spreadsheet row (the header is row 1)
	OrderID    order.ID
	Shop       string
	ExternalID string
	Carrier    string // fnshub's carrier code (carriers.go)
	TrackingNo string
}

// Parsed is what Parse found in a sheet.
type Parsed struct {
	Shipments []Shipment
	Blank     int // rows with neither carrier nor tracking number: not shipped yet
	Errors    []RowError
}

// MaxTracking is the longest tracking number a row may give.
const MaxTracking = 40

var tracking = regexp.MustCompile(`^[A-Za-z0-9-]+$`)

// sheetCols is where the columns Parse reads are, -1 when absent.
type sheetCols struct{ order, shop, external, carrier, tracking int }

// Parse reads a sheet (header first): every row with a carrier and a
// tracking number is a Shipment, a row with neither is not shipped yet,
// and anything else is an error naming its row, column and the fix.
func Parse(table [][]string) Parsed {
	if len(table) == 0 {
		return Parsed{Errors: []RowError{{Row: 1, Reason: "the file is empty; export the pending orders and fill in 快递公司 Carrier and 运单号 Tracking No"}}}
	}
	cols, errs := header(table[0])
	if len(errs) > 0 {
		return Parsed{Errors: errs}
	}
	var p Parsed
	seen := map[string]int{} // order → the row that ships it
	for i, cells := range table[1:] {
		n := i + 2
		s, blank, errs := cols.row(n, cells)
		switch {
		case len(errs) > 0:
			p.Errors = append(p.Errors, errs...)
		case blank:
			if !emptyRow(cells) {
				p.Blank++
			}
		default:
			key := s.key()
			if first, dup := seen[key]; dup {
				p.Errors = append(p.Errors, RowError{Row: n, Reason: fmt.Sprintf("row %d ships this order already; keep one row per order", first)})
				continue
			}
			seen[key] = n
			p.Shipments = append(p.Shipments, s)
		}
	}
	return p
}

func (s Shipment) key() string {
	if s.OrderID != 0 {
		return strconv.FormatInt(int64(s.OrderID), 10)
	}
	return s.Shop + "/" + s.ExternalID
}

func header(cells []string) (sheetCols, []RowError) {
	c := sheetCols{-1, -1, -1, -1, -1}
	var errs []RowError
	for i, h := range cells {
		for _, k := range []struct {
			col column
			at  *int
		}{{colOrder, &c.order}, {colShop, &c.shop}, {colExternal, &c.external}, {colCarrier, &c.carrier}, {colTracking, &c.tracking}} {
			if !k.col.matches(h) {
				continue
			}
			if *k.at >= 0 {
				errs = append(errs, RowError{Row: 1, Column: h, Reason: fmt.Sprintf("the file has two %s columns; keep one", k.col.header())})
			}
			*k.at = i
		}
	}
	for _, need := range []struct {
		at  int
		col column
	}{{c.carrier, colCarrier}, {c.tracking, colTracking}} {
		if need.at < 0 {
			errs = append(errs, RowError{Row: 1, Reason: fmt.Sprintf("no %s column; add it (or export the pending orders again)", need.col.header())})
		}
	}
	if c.order < 0 && (c.shop < 0 || c.external < 0) {
		errs = append(errs, RowError{Row: 1, Reason: fmt.Sprintf("name the orders: add a %s column, or %s and %s columns",
			colOrder.header(), colShop.header(), colExternal.header())})
	}
	return c, errs
}

func cell(cells []string, at int) string {
	if at < 0 || at >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[at])
}

func emptyRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// row reads one row; blank is true for a row with neither carrier nor
// tracking number.
func (c sheetCols) row(n int, cells []string) (s Shipment, blank bool, errs []RowError) {
	s = Shipment{Row: n, Shop: cell(cells, c.shop), ExternalID: cell(cells, c.external), TrackingNo: cell(cells, c.tracking)}
	carrier := cell(cells, c.carrier)
	if carrier == "" && s.TrackingNo == "" {
		return s, true, nil
	}
	bad := func(col column, format string, args ...any) {
		errs = append(errs, RowError{Row: n, Column: col.header(), Reason: fmt.Sprintf(format, args...)})
	}
	if id := cell(cells, c.order); id != "" {
		v, err := strconv.ParseInt(id, 10, 64)
		if err != nil || v <= 0 {
			bad(colOrder, "%q is not an order id; give fnshub's order id as exported, or clear it and give the shop and platform order id", id)
		}
		s.OrderID = order.ID(v)
	} else if s.Shop == "" || s.ExternalID == "" {
		bad(colOrder, "name the order: its fnshub order id, or its shop and platform order id")
	}
	switch code, ok := CarrierCode(carrier); {
	case carrier == "":
		bad(colCarrier, "give the carrier of tracking number %s (SF, YTO, ZTO, STO, YUNDA, EMS, JD or its Chinese name)", s.TrackingNo)
	case !ok:
		bad(colCarrier, "%q is not a carrier fnshub knows; write its code (SF, YTO, ZTO, STO, YUNDA, EMS, JD) or the platform's code in capitals", carrier)
	default:
		s.Carrier = code
	}
	switch {
	case s.TrackingNo == "":
		bad(colTracking, "give the tracking number of the %s shipment, or clear the carrier if the order has not shipped", carrier)
	case len(s.TrackingNo) > MaxTracking || !tracking.MatchString(s.TrackingNo):
		bad(colTracking, "%q is not a tracking number: write 1 to %d letters, digits or dashes (no spaces; a number Excel shows as 1.2E+14 must be typed as text)", s.TrackingNo, MaxTracking)
	}
	return s, false, errs
}
