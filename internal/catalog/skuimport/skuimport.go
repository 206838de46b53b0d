// Package skuimport reads SKUs from the CSV and Excel (.xlsx) files merchants
// export from their ERPs and spreadsheets, with a per-row error report: row,
// column and what is wrong. CSV may be UTF-8 (with or without BOM) or GBK/
// GB18030, as Chinese Excel writes it.
package skuimport

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/sheet"
)

// RowError is one problem in the file (sheet.RowError).
type RowError = sheet.RowError

// Row is a parsed SKU and the row it came from.
type Row struct {
	Line int
	SKU  catalog.SKU
}

// columns maps each accepted header (en or zh) to a field.
var columns = map[string]string{
	"code": "code", "商家编码": "code", "sku": "code",
	"name": "name", "名称": "name", "商品名称": "name",
	"barcode": "barcode", "条码": "barcode", "条形码": "barcode",
	"spec": "spec", "规格": "spec",
	"unit": "unit", "单位": "unit",
	"tax_rate": "tax_rate", "税率": "tax_rate",
	"weight_g": "weight_g", "重量(克)": "weight_g", "重量": "weight_g",
	"product": "product", "商品编码": "product",
	"components": "components", "组合明细": "components",
}

var required = []string{"code", "name", "tax_rate"}

// Parse turns a table (header first) into SKUs and the errors of bad rows.
// Every row is checked; the caller decides whether errors stop the import.
func Parse(table [][]string) ([]Row, []RowError) {
	if len(table) == 0 {
		return nil, []RowError{{Row: 1, Reason: "the file is empty; the first row must name the columns (code, name, tax_rate, …)"}}
	}
	idx, errs := header(table[0])
	if len(errs) > 0 {
		return nil, errs
	}
	var rows []Row
	seen := map[string]int{}
	for i, rec := range table[1:] {
		line := i + 2
		if blank(rec) {
			continue
		}
		sku, rowErrs := parseRow(line, rec, idx)
		if first, dup := seen[sku.Code]; dup && sku.Code != "" {
			rowErrs = append(rowErrs, RowError{Row: line, Column: "code", Reason: fmt.Sprintf("code %s already appears in row %d", sku.Code, first)})
		}
		seen[sku.Code] = line
		if len(rowErrs) > 0 {
			errs = append(errs, rowErrs...)
			continue
		}
		rows = append(rows, Row{Line: line, SKU: sku})
	}
	return rows, errs
}

func header(h []string) (map[string]int, []RowError) {
	idx := map[string]int{}
	var errs []RowError
	for i, name := range h {
		name = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))
		field, ok := columns[name]
		if !ok {
			errs = append(errs, RowError{Row: 1, Column: name, Reason: "unknown column; use code, name, barcode, spec, unit, tax_rate, weight_g, product, components (or 商家编码, 名称, 条码, 规格, 单位, 税率, 重量(克), 商品编码, 组合明细)"})
			continue
		}
		idx[field] = i
	}
	for _, f := range required {
		if _, ok := idx[f]; !ok {
			errs = append(errs, RowError{Row: 1, Column: f, Reason: "required column is missing"})
		}
	}
	return idx, errs
}

func parseRow(line int, rec []string, idx map[string]int) (catalog.SKU, []RowError) {
	get := func(f string) string {
		if i, ok := idx[f]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var errs []RowError
	bad := func(col, format string, args ...any) {
		errs = append(errs, RowError{Row: line, Column: col, Reason: fmt.Sprintf(format, args...)})
	}
	sku := catalog.SKU{Code: get("code"), Name: get("name"), Barcode: get("barcode"), Spec: get("spec"), Unit: get("unit"), Product: get("product")}
	rate, err := money.ParseRate(get("tax_rate"))
	if err != nil {
		bad("tax_rate", "%q is not a tax rate; write 0.13 or 13%%", get("tax_rate"))
	}
	sku.TaxRate = rate
	if w := get("weight_g"); w != "" {
		if sku.WeightG, err = strconv.ParseInt(w, 10, 64); err != nil || sku.WeightG < 0 {
			bad("weight_g", "%q is not a whole number of grams", w)
		}
	}
	if sku.Components, err = parseComponents(get("components")); err != nil {
		bad("components", "%v", err)
	}
	if err := sku.Validate(); err != nil && len(errs) == 0 {
		bad(fieldOf(err), "%v", err)
	}
	return sku, errs
}

// parseComponents reads "A*2; B*1" (or with ；, x or ×).
func parseComponents(s string) ([]catalog.Component, error) {
	if s == "" {
		return nil, nil
	}
	var out []catalog.Component
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' }) {
		part = strings.TrimSpace(part)
		code, qty, ok := cutLast(part, "*", "x", "×")
		n, err := strconv.ParseInt(strings.TrimSpace(qty), 10, 64)
		if !ok || err != nil || n <= 0 || strings.TrimSpace(code) == "" {
			return nil, fmt.Errorf("%q should read CODE*QUANTITY, e.g. TEA-250*2; separate components with ;", part)
		}
		out = append(out, catalog.Component{SKU: strings.TrimSpace(code), Quantity: n})
	}
	return out, nil
}

func cutLast(s string, seps ...string) (before, after string, ok bool) {
	for _, sep := range seps {
		if i := strings.LastIndex(s, sep); i >= 0 {
			return s[:i], s[i+len(sep):], true
		}
	}
	return s, "", false
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// Read reads a .csv (UTF-8 or GBK) or .xlsx file, by its name, and parses
// it: what `fnshub import skus` and POST /api/v1/skus/import share.
// Errors: Invalid (the file itself: its type, size or encoding).
func Read(name string, r io.Reader) ([]Row, []RowError, error) {
	table, err := sheet.ReadTable(name, r)
	if err != nil {
		return nil, nil, err
	}
	rows, bad := Parse(table)
	return rows, bad, nil
}

// SKUs are the rows' SKUs, in file order.
func SKUs(rows []Row) []catalog.SKU {
	skus := make([]catalog.SKU, len(rows))
	for i, r := range rows {
		skus[i] = r.SKU
	}
	return skus
}
