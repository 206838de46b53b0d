// Package orderimport reads orders from the CSV and Excel (.xlsx) files that
// self-built sites, mini-programs and POS systems export, and reports every
// problem by row, column and what to fix. It only reads: the caller hands
// each Order to the ingestion use case (app.Orders.Ingest), which maps SKUs,
// reserves stock and posts to the books.
//
// The format:
//
//   - The first row names the columns, in English or in Chinese (columns.go
//     lists both); column order does not matter and unknown columns are errors.
//   - One row per order line. Rows with the same channel, shop and
//     external_id form one order, next to each other or not. A row whose
//     channel, shop and external_id are all blank continues the order of the
//     row above it, which is how Excel reads merged cells.
//   - Order-level columns (version, status, currency, buyer, amounts of the
//     whole order, contact, times) may be repeated on every line of an order
//     or given on one line only; where several lines give one, they must
//     agree, or both rows are named in the error.
//   - Defaults: version 1, status paid, currency CNY. created_at is required.
//
// An Order is complete only if all its rows are good: a bad row makes its
// whole order Skipped, so a caller importing "the good rows only" never
// imports part of an order.
package orderimport

import (
	"cmp"
	"slices"
	"time"

	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/fnshub/fnshub/internal/pii"
	"github.com/fnshub/fnshub/internal/sheet"
)

// RowError is one problem in the file (sheet.RowError).
type RowError = sheet.RowError

// Order is one order read from the file: what app.Input carries, and the
// rows it came from.
type Order struct {
	Rows      []int // the spreadsheet row of each line, in line order
	Order     order.Order
	BuyerID   string
	Contact   *pii.Contact  // nil when no contact column is filled
	PaidTotal *money.Amount // nil when paid_total is not given
	Raw       []byte        // the order's cells as JSON (personal data included: seal it), for ParseRaw
}

// Skipped is an order left out because at least one of its rows is bad.
type Skipped struct {
	Key  order.Key
	Rows []int
	Raw  []byte // its cells as JSON, as Order.Raw, so a refused order is kept too
}

// Parsed is what Parse found in a file.
type Parsed struct {
	Orders  []Order    // the orders all of whose rows are good, in the order they first appear
	Skipped []Skipped  // the orders with a bad row
	Errors  []RowError // every problem, by row
}

// Parse turns a table (header first) into orders. Times written without a
// zone are read in loc (nil means UTC+8, China Standard Time). Every row is
// checked; the caller decides whether errors stop the import.
func Parse(table [][]string, loc *time.Location) Parsed {
	if len(table) == 0 {
		return Parsed{Errors: []RowError{{Row: 1, Reason: "the file is empty; the first row must name the columns (channel, shop, external_id, sku, quantity, unit_price, created_at, …)"}}}
	}
	if loc == nil {
		loc = time.FixedZone("UTC+8", 8*60*60)
	}
	s, errs := header(table[0], loc)
	if len(errs) > 0 {
		return Parsed{Errors: errs}
	}
	groups, errs := s.group(table[1:])
	p := Parsed{Errors: errs}
	for _, g := range groups {
		o, errs := s.build(g)
		if len(errs) > 0 {
			p.Errors = append(p.Errors, errs...)
			p.Skipped = append(p.Skipped, Skipped{Key: g.key, Rows: g.lines(), Raw: s.raw(g)})
			continue
		}
		p.Orders = append(p.Orders, o)
	}
	slices.SortStableFunc(p.Errors, func(a, b RowError) int { return cmp.Compare(a.Row, b.Row) })
	return p
}
