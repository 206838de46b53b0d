// Package invoicesheet writes pending invoice requests in the layout of
// the 数电 (fully digitalised e-invoice) system's batch issue template
// (批量开具), one row per invoice line, and reads back the numbers the
// tax-invoicing system issued (docs/adr/0048-invoices.md).
package invoicesheet

import (
	"fmt"
	"io"

	"github.com/fnshub/fnshub/internal/invoice"
	"github.com/fnshub/fnshub/internal/money"
	"github.com/fnshub/fnshub/internal/order"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// SheetName is the exported sheet's name, the template's detail sheet.
const SheetName = "发票明细信息"

// Headers are the exported columns, in order: the template's invoice
// fields (流水号 ties a line to its invoice and comes back in the issued
// import), then its line fields, then the hub order for the merchant.
// 商品和服务税收编码 is left blank: the merchant's tax-invoicing system
// fills it from its own 项目信息 by 项目名称.
var Headers = []string{"发票流水号", "发票类型", "是否含税", "受票方自然人标识", "购买方名称", "购买方纳税人识别号",
	"项目名称", "商品和服务税收编码", "规格型号", "单位", "数量", "单价", "金额", "税率", "税额", "蓝字发票号码", "订单号"}

// Pending is one request to export, with its order (for the lines).
type Pending struct {
	Invoice invoice.Invoice
	Order   *order.Record
	Blue    string // red: the number of the blue invoice it credits
}

// Serial is the 发票流水号 of an invoice request: unique, and read back
// by the issued import.
func Serial(id invoice.ID) string { return fmt.Sprintf("FNS-INV-%d", id) }

// Write writes the requests as an .xlsx workbook of one sheet, a header
// row then one row per invoice line, every cell text so that long numbers
// stay as written.
func Write(w io.Writer, ps []Pending) error {
	rows, err := Rows(ps)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName(f.GetSheetName(0), SheetName); err != nil {
		return fmt.Errorf("invoicesheet: %w", err)
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return fmt.Errorf("invoicesheet: %w", err)
	}
	last, _ := excelize.ColumnNumberToName(len(Headers))
	if err := f.SetColStyle(SheetName, "A:"+last, text); err != nil {
		return fmt.Errorf("invoicesheet: %w", err)
	}
	for i, r := range append([][]string{Headers}, rows...) {
		cells := make([]any, len(r))
		for j, c := range r {
			cells[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(SheetName, cell, &cells); err != nil {
			return fmt.Errorf("invoicesheet: row %d: %w", i+1, err)
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("invoicesheet: write the workbook: %w", err)
	}
	return nil
}

// Rows are the sheet's rows after the header: per request, its amount
// spread over the order's lines in proportion to what each line cost the
// buyer (largest remainder, so the lines add up to the invoice to the fen;
// shipping is folded into the goods, as a mixed sale is taxed at the
// goods' rate). Amounts include VAT (是否含税 是); a red request's are
// negative, as a red-letter invoice's are.
func Rows(ps []Pending) ([][]string, error) {
	var out [][]string
	for _, p := range ps {
		rows, err := lines(p)
		if err != nil {
			return nil, fmt.Errorf("invoicesheet: invoice %d: %w", p.Invoice.ID, err)
		}
		out = append(out, rows...)
	}
	return out, nil
}

func lines(p Pending) ([][]string, error) {
	inv, rec := p.Invoice, p.Order
	weights := make([]int64, len(rec.Lines))
	for i, l := range rec.Lines {
		weights[i] = l.Total.Minor()
	}
	shares, err := inv.Amount.Allocate(weights)
	if err != nil {
		return nil, err
	}
	sign := int64(1)
	if inv.Kind == invoice.Red {
		sign = -1
	}
	var out [][]string
	for i, l := range rec.Lines {
		share := money.New(sign*shares[i].Minor(), shares[i].Currency())
		if share.IsZero() {
			continue
		}
		_, tax, err := share.SplitVAT(l.TaxRate)
		if err != nil {
			return nil, err
		}
		qty := sign * l.Quantity
		out = append(out, []string{Serial(inv.ID), inv.Type.Name(), "是", natural(inv), inv.Title, inv.TaxNo,
			item(l), "", l.SKU, "", fmt.Sprint(qty), unitPrice(share, qty), share.String(), percent(l.TaxRate), tax.String(),
			p.Blue, fmt.Sprint(rec.ID)})
	}
	return out, nil
}

// natural is 受票方自然人标识: 是 for a person's title.
func natural(inv invoice.Invoice) string {
	if inv.TitleKind == invoice.Personal {
		return "是"
	}
	return "否"
}

func item(l order.Line) string {
	if l.Title != "" {
		return l.Title
	}
	return l.SKU
}

// unitPrice is 金额 ÷ 数量 to 8 places, trailing zeros dropped: tax
// systems check 数量 × 单价 against 金额 to the fen, which 8 places keep.
func unitPrice(a money.Amount, qty int64) string {
	d := decimal.New(a.Minor(), -int32(a.Currency().Exponent()))
	return d.DivRound(decimal.NewFromInt(qty), 8).String()
}

// percent writes a rate as the template does, "13%".
func percent(r money.Rate) string {
	return decimal.RequireFromString(r.String()).Shift(2).String() + "%"
}
