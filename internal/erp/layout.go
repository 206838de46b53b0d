package erp

import (
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/fnshub/fnshub/internal/fault"
)

// FileOptions are the ERP-side names a file layout needs that the ledger
// does not know: which book, journal or subsidiary the vouchers go to.
// Empty ones take the defaults below.
type FileOptions struct {
	Book         string // Kingdee 账簿编码 (account book number)
	VoucherGroup string // Kingdee/Yonyou 凭证字 (voucher word), default 记
	Subsidiary   string // NetSuite subsidiary (OneWorld accounts)
	Journal      string // Odoo journal, default "Miscellaneous Operations"
}

func (o FileOptions) group() string { return or(o.VoucherGroup, "记") }

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Layout is one ERP's voucher import file: its header row and the rows of
// one voucher.
type Layout struct {
	Name   string // an ERP name, or csv
	Header []string
	rows   func(v Voucher, o FileOptions) [][]string
}

// Layouts returns every file layout, by name.
func Layouts() []Layout {
	return []Layout{kingdeeLayout, yonyouLayout, netsuiteLayout, odooLayout, plainLayout}
}

// LayoutOf returns the layout of erp. Errors: Invalid on field "erp".
func LayoutOf(erp string) (Layout, error) {
	for _, l := range Layouts() {
		if l.Name == erp {
			return l, nil
		}
	}
	return Layout{}, CheckName("erp", erp)
}

// Rows returns the header and every voucher's rows.
func (l Layout) Rows(vs []Voucher, o FileOptions) [][]string {
	out := [][]string{l.Header}
	for _, v := range vs {
		out = append(out, l.rows(v, o)...)
	}
	return out
}

// WriteCSV writes vs in the layout as UTF-8 CSV with a byte-order mark,
// which Excel and the Chinese ERPs' importers need to read the Chinese
// headers as UTF-8.
func (l Layout) WriteCSV(w io.Writer, vs []Voucher, o FileOptions) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.WriteAll(l.Rows(vs, o)); err != nil {
		return fmt.Errorf("erp: write %s csv: %w", l.Name, err)
	}
	return nil
}

// Format is a voucher file's format.
type Format string

// The file formats.
const (
	FormatCSV  Format = "csv"
	FormatXLSX Format = "xlsx"
)

// FormatOf picks the format from a file name's extension. Errors: Invalid.
func FormatOf(name string) (Format, error) {
	switch {
	case strings.HasSuffix(strings.ToLower(name), ".csv"):
		return FormatCSV, nil
	case strings.HasSuffix(strings.ToLower(name), ".xlsx"):
		return FormatXLSX, nil
	}
	return "", fault.Invalidf("out", "erp_file_format", "file %q must end in .csv or .xlsx", name)
}

// Write writes vs in the layout and format.
func (l Layout) Write(w io.Writer, f Format, vs []Voucher, o FileOptions) error {
	if f == FormatXLSX {
		return l.WriteXLSX(w, vs, o)
	}
	return l.WriteCSV(w, vs, o)
}

func date(v Voucher) string { return v.Date.Format("2006-01-02") }

// auxText renders a line's auxiliary codes as name:code pairs in name
// order, "FFLEX5:D01;FFLEX6:C001", for layouts with one 核算维度 column.
func auxText(aux map[string]string) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(aux)) {
		parts = append(parts, k+":"+aux[k])
	}
	return strings.Join(parts, ";")
}

// amount is a line amount as the importers read it: blank when zero.
func amount(s string, zero bool) string {
	if zero {
		return ""
	}
	return s
}

// kingdeeLayout is 金蝶云星空 总账 凭证引入 (voucher import): one row per
// entry line, the header fields repeated on each, vouchers told apart by
// their number; our id goes in 参考信息 so a re-import can be matched.
var kingdeeLayout = Layout{
	Name: Kingdee,
	Header: []string{"账簿", "日期", "会计年度", "期间", "凭证字", "凭证号", "分录号", "摘要",
		"科目编码", "核算维度", "币别", "原币金额", "借方金额", "贷方金额", "参考信息"},
	rows: func(v Voucher, o FileOptions) [][]string {
		var out [][]string
		for i, l := range v.Lines {
			orig := l.Debit.String()
			if !l.Credit.IsZero() {
				orig = l.Credit.String()
			}
			out = append(out, []string{o.Book, date(v), strconv.Itoa(v.Date.Year()), strconv.Itoa(int(v.Date.Month())),
				o.group(), v.ID, strconv.Itoa(i + 1), l.Memo, l.Account, auxText(l.Aux), string(v.Currency), orig,
				amount(l.Debit.String(), l.Debit.IsZero()), amount(l.Credit.String(), l.Credit.IsZero()), v.ID})
		}
		return out
	},
}

// yonyouLayout is 用友 凭证导入: one row per line, vouchers grouped by
// 凭证号; our id in 外部凭证号.
var yonyouLayout = Layout{
	Name: Yonyou,
	Header: []string{"制单日期", "凭证类别", "凭证号", "附单据数", "摘要", "科目编码", "借方金额", "贷方金额",
		"币种", "辅助核算", "外部凭证号"},
	rows: func(v Voucher, o FileOptions) [][]string {
		var out [][]string
		for _, l := range v.Lines {
			out = append(out, []string{date(v), o.group(), v.ID, "0", l.Memo, l.Account,
				amount(l.Debit.String(), l.Debit.IsZero()), amount(l.Credit.String(), l.Credit.IsZero()),
				string(v.Currency), auxText(l.Aux), v.ID})
		}
		return out
	},
}

// netsuiteLayout is NetSuite's journal entry CSV import: lines with the
// same External ID make one journal entry.
var netsuiteLayout = Layout{
	Name: NetSuite,
	Header: []string{"External ID", "Date", "Subsidiary", "Currency", "Memo", "Account", "Debit", "Credit",
		"Line Memo", "Department", "Class", "Location"},
	rows: func(v Voucher, o FileOptions) [][]string {
		var out [][]string
		for _, l := range v.Lines {
			out = append(out, []string{v.ID, v.Date.Format("01/02/2006"), o.Subsidiary, string(v.Currency), v.Memo, l.Account,
				amount(l.Debit.String(), l.Debit.IsZero()), amount(l.Credit.String(), l.Credit.IsZero()),
				l.Memo, l.Aux["department"], l.Aux["class"], l.Aux["location"]})
		}
		return out
	},
}

// odooLayout is Odoo's account.move import: the move's fields on its first
// row, the following rows only its Journal Items; External ID makes a
// re-import update the move rather than add one.
var odooLayout = Layout{
	Name: Odoo,
	Header: []string{"External ID", "Journal", "Date", "Reference", "Journal Items/Account", "Journal Items/Label",
		"Journal Items/Debit", "Journal Items/Credit"},
	rows: func(v Voucher, o FileOptions) [][]string {
		var out [][]string
		for i, l := range v.Lines {
			head := []string{"", "", "", ""}
			if i == 0 {
				head = []string{v.ID, or(o.Journal, "Miscellaneous Operations"), date(v), v.ID}
			}
			out = append(out, append(head, l.Account, l.Memo, l.Debit.String(), l.Credit.String()))
		}
		return out
	},
}

// plainLayout is every field of every line, for a spreadsheet or an ERP
// without a layout of its own.
var plainLayout = Layout{
	Name: CSV,
	Header: []string{"voucher_id", "entity", "entry_id", "date", "period", "currency", "line", "hub_account",
		"account", "debit", "credit", "memo", "shop", "channel", "sku", "source_kind", "source_id", "aux", "mapping_version"},
	rows: func(v Voucher, _ FileOptions) [][]string {
		var out [][]string
		for i, l := range v.Lines {
			out = append(out, []string{v.ID, strconv.FormatInt(v.Entity, 10), strconv.FormatInt(v.EntryID, 10), date(v), v.Period,
				string(v.Currency), strconv.Itoa(i + 1), l.HubAccount, l.Account, l.Debit.String(), l.Credit.String(), l.Memo,
				l.Dims.Shop, l.Dims.Channel, l.Dims.SKU, string(l.Dims.Source.Kind), l.Dims.Source.ID, auxText(l.Aux),
				strconv.FormatInt(v.MappingVersion, 10)})
		}
		return out
	},
}
